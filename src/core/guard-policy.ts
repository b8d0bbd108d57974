import type { Fact } from "./model";
import type { PackSettings } from "./register";
import type { RemediationPlan } from "./remediation";
import type { StackView } from "./stack";
import type { Verdict } from "./verdict";

/** A JSON schema, as the Pulumi CLI validates policy config with and as ajv checks it here. */
export type JsonSchema = Record<string, unknown>;

/** What a policy is told when it judges: the register (when it reads it), its own options, the day. */
export interface JudgeContext<Options = Record<string, unknown>> {
  /** The pack-wide settings, written once under the policy that owns the register; empty for a policy that does not read it. */
  readonly settings: PackSettings;
  /** This policy's own options, as its configSchema describes them. */
  readonly options: Options;
  /** YYYY-MM-DD, UTC. */
  readonly today: string;
}

/**
 * A policy's part in the exception register: "owns" (its config holds the register, which it reads
 * and reports the mistakes of; exactly one policy of a pack owns it), "reads" (it judges the
 * register, so it cannot judge when the register is not in force), or "none".
 */
export type RegisterRole = "owns" | "reads" | "none";

/**
 * One policy, described and judged without Pulumi's runtime: the pack binds it to @pulumi/policy,
 * the scan command runs it over exported state. A policy judges each resource as the engine analyses
 * it (before the resource's step, so a mandatory finding stops it), the whole stack (after the
 * steps), or both. `Options` is the type of its options, which `configSchema` states for the
 * Pulumi CLI and ajv.
 */
export interface GuardPolicy<Options = Record<string, unknown>> {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly enforcementLevel: "mandatory" | "advisory";
  readonly severity: "low" | "medium" | "high" | "critical";
  readonly tags: readonly string[];
  readonly remediationSteps: string;
  readonly url: string;
  readonly configSchema: { readonly properties: Record<string, JsonSchema>; readonly required?: string[] };
  readonly register: RegisterRole;
  // Methods, so that a policy with its own options is one of a list of policies.
  /** Judges one resource's facts; `undefined` when the policy does not apply to that resource. */
  judgeResource?(facts: readonly Fact[], context: JudgeContext<Options>): Verdict[] | undefined;
  judgeStack?(view: StackView, context: JudgeContext<Options>): Verdict[];
  /** With level remediate: what to change in one resource before its step (the pack's adapters apply it). */
  remediate?(facts: readonly Fact[], context: JudgeContext<Options>): RemediationPlan;
}

/** The policy whose config holds the register; undefined in a list without it. */
export function registerOwner(policies: readonly GuardPolicy[]): GuardPolicy | undefined {
  return policies.find((p) => p.register === "owns");
}
