/**
 * Binds the pack's runtime-free policies to @pulumi/policy: it turns the runtime's resources into
 * records, records into facts (through the adapters), and verdicts into reportViolation calls.
 * With runtime-props.ts (how the runtime hands out props) and index.ts (the entry Pulumi loads),
 * it is the only code that knows Pulumi's policy runtime.
 */
import {
  type Policy,
  type PolicyResource,
  type ReportViolation,
  type ResourceValidationArgs,
  type StackValidationArgs,
} from "@pulumi/policy";
import { factsOf, isCoveredType } from "../src/adapters";
import { applyRemediation } from "../src/adapters/remediation";
import { todayUtc } from "../src/core/dates";
import { judgeResource, judgeStack, remediate } from "../src/core/evaluate";
import { type GuardPolicy, registerOwner } from "../src/core/guard-policy";
import { type Fact, type ResourceRecord } from "../src/core/model";
import { type PackSettings } from "../src/core/register";
import { AnalysisBoard, RegisterBoard } from "../src/core/register-board";
import { readSettings } from "../src/core/settings";
import { buildStack, type StackView } from "../src/core/stack";
import { POLICIES } from "../src/policies";
import { fromWire, runtimeTarget, wireProps } from "./runtime-props";

function recordOf(resource: PolicyResource): ResourceRecord {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, dependencies] of Object.entries(resource.propertyDependencies)) {
    propertyDependencies[key] = dependencies.map((d) => d.urn);
  }
  return { ...resourceRecord(resource), propertyDependencies };
}

/**
 * A resource as the adapters read it. The runtime hands out its props behind an unknown-checking proxy
 * that wraps every value read in a new proxy; the adapters read the data under it instead (where an
 * unknown is the engine's sentinel string, which they recognise), so that a resource is read without
 * a proxy and an exception per property. Pass `props` when they are already unwrapped.
 */
function resourceRecord(resource: PolicyResource | ResourceValidationArgs, props = runtimeTarget(resource.props)): ResourceRecord {
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    props: props as Record<string, unknown>,
    propertyDependencies: {},
    provider: resource.provider && {
      type: resource.provider.type,
      props: runtimeTarget(resource.provider.props) as Record<string, unknown>,
    },
  };
}

/**
 * The register owner's settings, read from its own config. The runtime hands out a fresh shallow copy
 * of the config on every call, with the same nested values until the pack is configured again, so
 * the register is validated once per configuration, not once per resource.
 */
function settingsReader(owner: GuardPolicy) {
  let last: { options: Record<string, unknown>; settings: PackSettings } | undefined;
  return (options: Record<string, unknown>): PackSettings => {
    const keys = Object.keys(options);
    const same = last && keys.length === Object.keys(last.options).length && keys.every((k) => last!.options[k] === options[k]);
    if (!same) last = { options, settings: readSettings(owner, options) };
    return last!.settings;
  };
}

/**
 * The stack's facts: only resources an adapter reads. Stack analysis is shown outputs, which need not
 * repeat every input (azure-native keeps them in `__inputs`, which the engine hides from policies); the
 * inputs are those the engine showed when it analysed the same resource earlier in this run.
 */
function stackFacts(args: StackValidationArgs, inputsSeen: ReadonlyMap<string, Record<string, unknown>>): Fact[] {
  return args.resources.filter((r) => isCoveredType(r.type)).flatMap((r) => factsOf({ ...recordOf(r), inputs: inputsSeen.get(r.urn) }));
}

/**
 * `args.notApplicable` throws an Error the runtime catches and reads only the reason of. Most resources of a
 * stack are not the policy's; capturing a stack trace for each costs more than judging one, so none is taken.
 */
function notApplicable(args: ResourceValidationArgs, reason: string): never {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return args.notApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function report(verdicts: readonly { message: string; urn?: string }[] | undefined, reportViolation: ReportViolation): void {
  for (const verdict of verdicts ?? []) reportViolation(verdict.message, verdict.urn);
}

export interface BindingOptions {
  /**
   * The main policy's options (cloud, organization, additionalCommunities, exceptions) given in
   * code; they replace what the policy pack config holds for it. Checked as the config would be.
   */
  readonly settings?: Record<string, unknown>;
}

/** The pack's policies as @pulumi/policy policies. The register's owner goes first: it posts the register for the others. */
function toPulumiPolicies(policies: readonly GuardPolicy[], binding: BindingOptions = {}): Policy[] {
  const owner = registerOwner(policies);
  const readRegister = owner && settingsReader(owner);
  const board = new RegisterBoard();
  const views = new AnalysisBoard<StackView>();
  // The inputs of each resource the engine analysed on its own in this run (the engine runs one pack in
  // one process per command, and analyses each resource before the stack), by URN; the latest wins.
  const inputsSeen = new Map<string, Record<string, unknown>>();
  // Each stack policy gets its own copy of the same resources: the view is built once per analysis.
  const viewOf = (args: StackValidationArgs) => {
    const posted = views.take();
    if (posted) return posted;
    const view = buildStack(stackFacts(args, inputsSeen));
    views.post(view);
    return view;
  };
  // The policies that judge one resource run in one turn, each given its own copy of the same props.
  const readings = new AnalysisBoard<{ urn: string; facts: Fact[] }>();
  const resourceFacts = (args: ResourceValidationArgs): Fact[] => {
    if (!isCoveredType(args.type)) return [];
    const posted = readings.take();
    if (posted?.urn === args.urn) return posted.facts;
    const record = resourceRecord(args);
    inputsSeen.set(args.urn, record.props);
    const facts = factsOf(record);
    readings.post({ urn: args.urn, facts });
    return facts;
  };
  return policies.map((policy) => {
    const owns = policy === owner;
    const registerFor = (options: Record<string, unknown>) =>
      owns ? { settings: readRegister!(binding.settings ?? options) } : board.taken();
    const bound: Record<string, unknown> = {
      name: policy.name,
      displayName: policy.displayName,
      description: policy.description,
      tags: [...policy.tags],
      enforcementLevel: policy.enforcementLevel,
      severity: policy.severity,
      remediationSteps: policy.remediationSteps,
      url: policy.url,
      configSchema: policy.configSchema,
    };
    if (policy.judgeResource) {
      bound.validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        const facts = resourceFacts(args);
        const options = args.getConfig<Record<string, unknown>>();
        const verdicts = judgeResource(policy, facts, { options, register: registerFor(options), today: todayUtc() });
        if (verdicts === undefined) notApplicable(args, `${policy.name} judges route filters, their rules and Microsoft peerings only`);
        report(verdicts, reportViolation);
      };
    }
    if (policy.judgeStack) {
      bound.validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const options = args.getConfig<Record<string, unknown>>();
        const register = registerFor(options);
        if (owns && "settings" in register) board.post(register.settings);
        report(judgeStack(policy, viewOf(args), { options, register, today: todayUtc() }), reportViolation);
      };
    }
    if (policy.remediate) {
      // Edits the resource's inputs before its step; what cannot be remediated is reported by validateResource.
      bound.remediateResource = (args: ResourceValidationArgs) => {
        if (!isCoveredType(args.type)) return undefined;
        // Remediation props keep their secrets marked (as Secret objects): read in the wire form, where the adapters know them.
        const props = wireProps(args.props);
        const options = args.getConfig<Record<string, unknown>>();
        const plan = remediate(policy, factsOf(resourceRecord(args, props)), {
          options,
          register: registerFor(options),
          today: todayUtc(),
        });
        if (!plan?.changed) return undefined;
        // applyRemediation reads the props and returns new top-level values; it does not change them.
        const applied = applyRemediation(props, plan);
        if (!applied.changed) return undefined;
        for (const [key, value] of Object.entries(applied.updates)) {
          if (value === undefined) delete props[key];
          else props[key] = value;
        }
        return fromWire(props) as Record<string, unknown>;
      };
    }
    return bound as unknown as Policy;
  });
}

/**
 * For a team that has its own policy pack: this pack's policies, to list among its own.
 *
 *     import { expressRouteM365Guard } from "expressroute-m365-guard";
 *     new PolicyPack("platform", { policies: [...expressRouteM365Guard({ settings: { exceptions } }), ...own] });
 *
 * Without `settings` the register is read from the policy pack config, under
 * m365-advertisement-requires-exception, as in this pack.
 */
export function expressRouteM365Guard(options: BindingOptions = {}): Policy[] {
  return toPulumiPolicies(POLICIES, options);
}
