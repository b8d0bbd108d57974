import { PackSettings } from "./settings";
import { StackView } from "./stack";
import { Verdict } from "./verdicts/verdict";

/** A JSON schema fragment, as the Pulumi CLI validates policy config with. */
export type JsonSchema = Record<string, unknown>;

export interface EvaluationContext {
  readonly view: StackView;
  /** The pack-wide settings, read from the main policy's config (the register is written once). */
  readonly settings: PackSettings;
  /** This policy's own options. */
  readonly options: Record<string, unknown>;
  /** YYYY-MM-DD, UTC. */
  readonly today: string;
}

/**
 * One policy, described and judged without Pulumi's runtime: the pack binds it to @pulumi/policy,
 * the scan command runs it over exported state, both through `evaluate`.
 */
export interface GuardPolicy {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: "mandatory" | "advisory";
  readonly severity: "low" | "medium" | "high" | "critical";
  readonly remediationSteps: string;
  readonly url: string;
  readonly configSchema: { readonly properties: Record<string, JsonSchema>; readonly required?: string[] };
  evaluate(context: EvaluationContext): Verdict[];
}

/**
 * The Pulumi CLI validates option values against `configSchema` but lets an unknown top-level
 * key through, so a misspelt option would silently do nothing: say so instead.
 */
export function unknownOptionVerdicts(policy: GuardPolicy, options: Record<string, unknown>): Verdict[] {
  const known = Object.keys(policy.configSchema.properties);
  return unknownOptions(policy, options).map((key) => ({
      message: `Unknown option "${key}" for ${policy.name} in the policy pack config; it has no effect. Known options: ${known.join(", ") || "none"}.`,
  }));
}

/** Options a policy's config names that its schema does not declare. */
export function unknownOptions(policy: GuardPolicy, options: Record<string, unknown>): string[] {
  const known = Object.keys(policy.configSchema.properties);
  return Object.keys(options).filter((key) => key !== "enforcementLevel" && !known.includes(key));
}
