import { Fact } from "./model";
import { PackSettings } from "./settings";
import { StackView } from "./stack";
import { Verdict } from "./verdicts/verdict";

/** A JSON schema, as the Pulumi CLI validates policy config with and as ajv checks it here. */
export type JsonSchema = Record<string, unknown>;

/** What a policy is told when it judges: the register (when it needs it), its own options, the day. */
export interface JudgeContext {
  /** The pack-wide settings, written once under the main policy. */
  readonly settings: PackSettings;
  /** This policy's own options, already valid against its configSchema. */
  readonly options: Record<string, unknown>;
  /** YYYY-MM-DD, UTC. */
  readonly today: string;
}

/**
 * One policy, described and judged without Pulumi's runtime: the pack binds it to @pulumi/policy,
 * the scan command runs it over exported state. A policy judges each resource as the engine analyses
 * it (before the resource's step, so a mandatory finding stops it), the whole stack (after the
 * steps), or both.
 */
export interface GuardPolicy {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly enforcementLevel: "mandatory" | "advisory";
  readonly severity: "low" | "medium" | "high" | "critical";
  readonly tags: readonly string[];
  readonly remediationSteps: string;
  readonly url: string;
  readonly configSchema: { readonly properties: Record<string, JsonSchema>; readonly required?: string[] };
  /** Reads the exception register, so it cannot judge when the main policy's settings are not in force. */
  readonly needsRegister: boolean;
  /** Judges one resource's facts; `undefined` when the policy does not apply to that resource. */
  readonly judgeResource?: (facts: readonly Fact[], context: JudgeContext) => Verdict[] | undefined;
  readonly judgeStack?: (view: StackView, context: JudgeContext) => Verdict[];
}
