/**
 * The pack's judgement, shared by its two front ends: the @pulumi/policy binding runs it inside the
 * engine's analyses, the scan command over exported state. Both go through the functions here, so
 * they give the same verdicts at the same levels.
 */
import { schemaProblems } from "./config-schema";
import { type GuardPolicy, type JudgeContext, registerOwner } from "./guard-policy";
import { type Fact, type ResourceRef } from "./model";
import type { PackSettings, Taken } from "./register";
import { REGISTER_NOT_IN_FORCE } from "./register-board";
import type { RemediationPlan } from "./remediation";
import { NO_REGISTER, readSettings } from "./settings";
import { buildStack, type StackView } from "./stack";
import { type Verdict } from "./verdict";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Policy name -> a level, or an object of enforcementLevel and options; "all" sets every policy's level. */
export type PolicyConfigs = Record<string, unknown>;

export interface Finding extends Verdict {
  readonly policy: GuardPolicy;
  /** As Pulumi reports it: remediate counts as mandatory. */
  readonly enforcementLevel: "advisory" | "mandatory";
}

export function optionsOf(config: PolicyConfigs, policy: string): Record<string, unknown> {
  const entry = config[policy];
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return {};
  const { enforcementLevel: _level, ...options } = entry as Record<string, unknown>;
  return options;
}

/** Precedence as in the Pulumi engine: the policy's entry, then "all", then the policy's default. */
export function levelOf(config: PolicyConfigs, policy: GuardPolicy): EnforcementLevel {
  const level = levelIn(config[policy.name]) ?? levelIn(config.all) ?? policy.enforcementLevel;
  return ENFORCEMENT_LEVELS.includes(level as EnforcementLevel) ? (level as EnforcementLevel) : policy.enforcementLevel;
}

function levelIn(entry: unknown): unknown {
  return typeof entry === "string" ? entry : (entry as { enforcementLevel?: unknown } | undefined)?.enforcementLevel;
}

/** The register's own mistakes: an invalid entry grants nothing, and says so once per analysis. */
function registerVerdicts(owner: GuardPolicy, settings: PackSettings): Verdict[] {
  return settings.problems.map((p) => {
    const where = `${p.entry}${p.field ? `, field ${p.field}` : ""}: ${p.message}`;
    const effect = p.entry.startsWith("exceptions[") ? "so the entry gives no exception" : "so the option has no effect";
    return {
      message: `The policy pack config is invalid, ${effect}: ${where}. Fix it in the policy pack config (--policy-pack-config), under ${owner.name}.`,
    };
  });
}

/** Where a policy says what is wrong with its own options: in its stack part, else with each resource it judges. */
function optionVerdicts(policy: GuardPolicy, context: Pick<JudgeContext, "options"> & { settings?: PackSettings }): Verdict[] {
  if (policy.register === "owns") return context.settings ? registerVerdicts(policy, context.settings) : [];
  return schemaProblems(policy, context.options).map((p) => ({
    message:
      `The policy pack config of ${policy.name} is invalid: ${p.field ? `field ${p.field}` : p.entry}: ${p.message}. ` +
      "Until it is fixed the option has no effect.",
  }));
}

export interface PolicyInput {
  readonly options: Record<string, unknown>;
  /** The register, or why it is not in force. */
  readonly register: Taken;
  readonly today: string;
}

/** What the policy judges with; undefined when it needs the register and the register is not in force. */
function contextOf(policy: GuardPolicy, input: PolicyInput): JudgeContext | undefined {
  const { options, register, today } = input;
  if ("settings" in register) return { options, today, settings: policy.register === "none" ? NO_REGISTER : register.settings };
  return policy.register === "reads" ? undefined : { options, today, settings: NO_REGISTER };
}

/** One resource as the engine analyses it; undefined when the policy does not apply to it. */
export function judgeResource(policy: GuardPolicy, facts: readonly Fact[], input: PolicyInput): Verdict[] | undefined {
  if (!policy.judgeResource) return undefined;
  const context = contextOf(policy, input);
  if (!context) return [{ message: (input.register as { missing: string }).missing }];
  const verdicts = policy.judgeResource(facts, context);
  if (verdicts === undefined || policy.judgeStack) return verdicts;
  return [...optionVerdicts(policy, context), ...verdicts];
}

/** The whole stack, once per analysis; undefined for a policy that judges resources only. */
export function judgeStack(policy: GuardPolicy, view: StackView, input: PolicyInput): Verdict[] | undefined {
  if (!policy.judgeStack) return undefined;
  const context = contextOf(policy, input);
  if (!context) return [{ message: (input.register as { missing: string }).missing }];
  return [...optionVerdicts(policy, context), ...policy.judgeStack(view, context)];
}

/** What the policy would change in one resource at level remediate; undefined when it does not remediate or cannot judge. */
export function remediate(policy: GuardPolicy, facts: readonly Fact[], input: PolicyInput): RemediationPlan | undefined {
  const context = policy.remediate && contextOf(policy, input);
  return context && policy.remediate!(facts, context);
}

export interface AnalysedResource {
  readonly resource: ResourceRef;
  readonly facts: readonly Fact[];
}

/**
 * The whole pack over a stack, as `pulumi preview --policy-pack` judges it: every resource, then
 * the stack, with the same settings sharing and the same levels.
 */
export function evaluatePack(
  policies: readonly GuardPolicy[],
  resources: readonly AnalysedResource[],
  config: PolicyConfigs,
  today: string,
): Finding[] {
  const owner = registerOwner(policies);
  const register: Taken =
    owner && levelOf(config, owner) !== "disabled"
      ? { settings: readSettings(owner, optionsOf(config, owner.name)) }
      : { missing: REGISTER_NOT_IN_FORCE };
  const view = buildStack(resources.flatMap((r) => r.facts));
  const findings: Finding[] = [];
  for (const policy of policies) {
    const level = levelOf(config, policy);
    if (level === "disabled") continue;
    const input: PolicyInput = { options: optionsOf(config, policy.name), register, today };
    const enforcementLevel = level === "advisory" ? "advisory" : "mandatory";
    for (const { resource, facts } of resources) {
      for (const verdict of judgeResource(policy, facts, input) ?? []) {
        findings.push({ urn: resource.urn, resourceType: resource.type, ...verdict, policy, enforcementLevel });
      }
    }
    for (const verdict of judgeStack(policy, view, input) ?? []) findings.push({ ...verdict, policy, enforcementLevel });
  }
  return findings;
}
