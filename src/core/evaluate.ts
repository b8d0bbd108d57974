import { EvaluationContext, GuardPolicy, unknownOptionVerdicts } from "./guard-policy";
import { ResourceRecord } from "./model";
import { MAIN_POLICY, PackSettings, readSettings } from "./settings";
import { buildStack } from "./stack";
import { Verdict } from "./verdicts/verdict";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The policy pack config file (`pulumi preview --policy-pack-config`): per policy a level or an object of options. */
export type PackConfigFile = Record<string, unknown>;

export interface Finding extends Verdict {
  readonly policy: GuardPolicy;
  /** As Pulumi reports it: remediate counts as mandatory. */
  readonly enforcementLevel: "advisory" | "mandatory";
}

/** What one policy reports: its own option mistakes, then its verdicts. */
export function policyVerdicts(policy: GuardPolicy, context: EvaluationContext): Verdict[] {
  return [...unknownOptionVerdicts(policy, context.options), ...policy.evaluate(context)];
}

export function optionsOf(config: PackConfigFile, policy: string): Record<string, unknown> {
  const entry = config[policy];
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return {};
  const { enforcementLevel: _level, ...options } = entry as Record<string, unknown>;
  return options;
}

/** Precedence as in the Pulumi engine: the policy's entry, then "all", then the policy's default. */
export function levelOf(config: PackConfigFile, policy: GuardPolicy): EnforcementLevel {
  const level = levelIn(config[policy.name]) ?? levelIn(config.all) ?? policy.enforcementLevel;
  return ENFORCEMENT_LEVELS.includes(level as EnforcementLevel) ? (level as EnforcementLevel) : policy.enforcementLevel;
}

/** A config entry's level: written as the entry itself, or as its enforcementLevel. */
function levelIn(entry: unknown): unknown {
  return typeof entry === "string" ? entry : (entry as { enforcementLevel?: unknown } | undefined)?.enforcementLevel;
}

/**
 * The whole pack over a set of resources, as `pulumi preview --policy-pack` would judge them in
 * stack analysis: the same policies, the same settings sharing, the same levels.
 */
export function evaluatePack(
  policies: readonly GuardPolicy[],
  records: readonly ResourceRecord[],
  config: PackConfigFile,
  today: string,
): Finding[] {
  const view = buildStack(records);
  const mainEnabled = policies.some((p) => p.name === MAIN_POLICY && levelOf(config, p) !== "disabled");
  // No register is in force when the main policy, which holds it, is disabled.
  const settings: PackSettings = readSettings(mainEnabled ? optionsOf(config, MAIN_POLICY) : {});
  const findings: Finding[] = [];
  for (const policy of policies) {
    const level = levelOf(config, policy);
    if (level === "disabled") continue;
    const context = { view, settings, options: optionsOf(config, policy.name), today };
    for (const verdict of policyVerdicts(policy, context)) {
      findings.push({ ...verdict, policy, enforcementLevel: level === "advisory" ? "advisory" : "mandatory" });
    }
  }
  return findings;
}
