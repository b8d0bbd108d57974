/**
 * Binds the pack's runtime-free policies to @pulumi/policy. This is the only module that knows
 * Pulumi's policy runtime: it turns the runtime's resources into records, and verdicts into
 * reportViolation calls.
 */
import {
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceRemediation,
  ResourceValidationArgs,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { isCoveredType } from "../src/adapters";
import { policyVerdicts } from "../src/core/evaluate";
import { EvaluationContext, GuardPolicy } from "../src/core/guard-policy";
import { ResourceRecord } from "../src/core/model";
import { remediate } from "../src/core/remediation";
import { MAIN_POLICY, PackSettings, readSettings } from "../src/core/settings";
import { buildStack } from "../src/core/stack";

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function recordOf(resource: PolicyResource): ResourceRecord {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, dependencies] of Object.entries(resource.propertyDependencies)) {
    propertyDependencies[key] = dependencies.map((d) => d.urn);
  }
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    props: resource.props,
    propertyDependencies,
    provider: resource.provider && { type: resource.provider.type, props: resource.provider.props },
  };
}

/**
 * The runtime hands each policy only its own config, but the register is written once, under the
 * main policy. Stack analysis runs the policies in pack order, main first, so it publishes the
 * settings it read for the others of the same analysis. Without it (disabled) no register is in force.
 * The engine configures an analyzer process once, for one operation, so what is published never
 * outlives the configuration it came from.
 */
let published: PackSettings | undefined;

function settingsFor(policy: GuardPolicy, options: Record<string, unknown>): PackSettings {
  if (policy.name === MAIN_POLICY) {
    published = readSettings(options);
    return published;
  }
  return published ?? readSettings({});
}

function validateStack(policy: GuardPolicy) {
  return (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const options = args.getConfig<Record<string, unknown>>();
    const context: EvaluationContext = {
      settings: settingsFor(policy, options),
      options,
      today: today(),
      view: buildStack(args.resources.filter((r) => isCoveredType(r.type)).map(recordOf)),
    };
    for (const verdict of policyVerdicts(policy, context)) {
      reportViolation(verdict.message, verdict.urn);
    }
  };
}

/**
 * Edits `args.props` in place: the runtime's proxy keeps secrets secret only for values written
 * through it, and hands unknown inputs back as unknown. A filter whose communities are unknown is
 * not remediated; the stack verdict then blocks it ("cannot verify").
 */
function remediateResource(args: ResourceValidationArgs): Record<string, unknown> | undefined {
  if (!isCoveredType(args.type)) return undefined;
  const record: ResourceRecord = {
    urn: args.urn,
    type: args.type,
    name: args.name,
    props: args.props,
    propertyDependencies: {},
    provider: args.provider && { type: args.provider.type, props: args.provider.props },
  };
  const result = remediate(record, readSettings(args.getConfig()), today());
  if (!result.changed) return undefined;
  for (const [key, value] of Object.entries(result.updates)) {
    if (value === undefined) delete args.props[key];
    else args.props[key] = value;
  }
  return args.props;
}

/** A stack policy; the main one also remediates (which makes the runtime call it per resource too). */
export function toPulumiPolicy(policy: GuardPolicy): StackValidationPolicy & { remediateResource?: ResourceRemediation } {
  return {
    name: policy.name,
    description: policy.description,
    enforcementLevel: policy.enforcementLevel,
    severity: policy.severity,
    remediationSteps: policy.remediationSteps,
    url: policy.url,
    configSchema: policy.configSchema as PolicyConfigSchema,
    validateStack: validateStack(policy),
    ...(policy.name === MAIN_POLICY ? { remediateResource } : {}),
  };
}
