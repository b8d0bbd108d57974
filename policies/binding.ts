/**
 * Binds the pack's runtime-free policies to @pulumi/policy. This is the only module that knows
 * Pulumi's policy runtime: it turns the runtime's resources into records, records into facts
 * (through the adapters), and verdicts into reportViolation calls.
 */
import {
  Policy,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  Secret,
  StackValidationArgs,
} from "@pulumi/policy";
import { factsOf, isCoveredType } from "../src/adapters";
import { applyRemediation } from "../src/adapters/remediation";
import { todayUtc } from "../src/core/dates";
import { judgeResource, judgeStack } from "../src/core/evaluate";
import { GuardPolicy } from "../src/core/guard-policy";
import { Fact, ResourceRecord } from "../src/core/model";
import { AnalysisBoard, RegisterBoard } from "../src/core/register-board";
import { planRemediation } from "../src/core/remediation";
import { MAIN_POLICY, PackSettings, readSettings } from "../src/core/settings";
import { buildStack, StackView } from "../src/core/stack";
import { POLICIES } from "../src/policies";

function recordOf(resource: PolicyResource): ResourceRecord {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, dependencies] of Object.entries(resource.propertyDependencies)) {
    propertyDependencies[key] = dependencies.map((d) => d.urn);
  }
  return { ...resourceRecord(resource), propertyDependencies };
}

function resourceRecord(resource: PolicyResource | ResourceValidationArgs): ResourceRecord {
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    props: resource.props,
    propertyDependencies: {},
    provider: resource.provider && { type: resource.provider.type, props: resource.provider.props },
  };
}

/**
 * The main policy's settings, read from its own config. The runtime hands out a fresh shallow copy
 * of the config on every call, with the same nested values until the pack is configured again, so
 * the register is validated once per configuration, not once per resource.
 */
function settingsReader(main: GuardPolicy) {
  let last: { options: Record<string, unknown>; settings: PackSettings } | undefined;
  return (options: Record<string, unknown>): PackSettings => {
    const keys = Object.keys(options);
    const same = last && keys.length === Object.keys(last.options).length && keys.every((k) => last!.options[k] === options[k]);
    if (!same) last = { options, settings: readSettings(main, options) };
    return last!.settings;
  };
}

/** The stack's facts: only resources an adapter reads. */
function stackFacts(args: StackValidationArgs): Fact[] {
  return args.resources.filter((r) => isCoveredType(r.type)).flatMap((r) => factsOf(recordOf(r)));
}

function report(verdicts: readonly { message: string; urn?: string }[] | undefined, reportViolation: ReportViolation): void {
  for (const verdict of verdicts ?? []) reportViolation(verdict.message, verdict.urn);
}

/**
 * The runtime's props of a resource to remediate, as the engine sent them: a secret stays marked
 * (the wire form), where reading through the runtime's proxies would silently unwrap it.
 */
function wireProps(props: Record<string, unknown>): Record<string, unknown> {
  // The runtime's proxies hand out their target under this key (an internal of @pulumi/policy).
  const target = (value: unknown): unknown => {
    let inner = value;
    while (inner && typeof inner === "object" && (inner as Record<string, unknown>).__getSpecialProxyTarget) {
      inner = (inner as Record<string, unknown>).__getSpecialProxyTarget;
    }
    return inner;
  };
  const toWire = (value: unknown): unknown => {
    const raw = target(value);
    if (raw instanceof Secret) return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: toWire(raw.value) };
    if (Array.isArray(raw)) return raw.map(toWire);
    if (isPlainObject(raw)) return Object.fromEntries(Object.keys(raw).map((k) => [k, toWire((raw as Record<string, unknown>)[k])]));
    return raw;
  };
  return toWire(props) as Record<string, unknown>;
}

/** Only plain data is copied: anything else (an asset, an archive) is handed back as it came. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Back from the wire form: what stays secret is handed to the runtime as a Secret. */
function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (isPlainObject(value)) {
    const record = value as Record<string, unknown>;
    if (record["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270") return new Secret(fromWire(record.value));
    return Object.fromEntries(Object.keys(record).map((k) => [k, fromWire(record[k])]));
  }
  return value;
}

export interface BindingOptions {
  /**
   * The main policy's options (cloud, organization, additionalCommunities, exceptions) given in
   * code; they replace what the policy pack config holds for it. Checked as the config would be.
   */
  readonly settings?: Record<string, unknown>;
}

/** The pack's policies as @pulumi/policy policies. The main policy goes first: it posts the register for the others. */
function toPulumiPolicies(policies: readonly GuardPolicy[], binding: BindingOptions = {}): Policy[] {
  const main = policies.find((p) => p.name === MAIN_POLICY);
  const readMain = main && settingsReader(main);
  const board = new RegisterBoard();
  const views = new AnalysisBoard<StackView>();
  // Each stack policy gets its own copy of the same resources: the view is built once per analysis.
  const viewOf = (args: StackValidationArgs) => {
    const posted = views.take();
    if (posted) return posted;
    const view = buildStack(stackFacts(args));
    views.post(view);
    return view;
  };
  return policies.map((policy) => {
    const isMain = policy === main;
    const registerFor = (options: Record<string, unknown>) =>
      isMain ? { settings: readMain!(binding.settings ?? options) } : board.taken();
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
        const facts = isCoveredType(args.type) ? factsOf(resourceRecord(args)) : [];
        const options = args.getConfig<Record<string, unknown>>();
        const verdicts = judgeResource(policy, facts, { options, register: registerFor(options), today: todayUtc() });
        if (verdicts === undefined) args.notApplicable(`${policy.name} judges route filters, their rules and Microsoft peerings only`);
        report(verdicts, reportViolation);
      };
    }
    if (policy.judgeStack) {
      bound.validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const options = args.getConfig<Record<string, unknown>>();
        const register = registerFor(options);
        if (isMain && "settings" in register) board.post(register.settings);
        report(judgeStack(policy, viewOf(args), { options, register, today: todayUtc() }), reportViolation);
      };
    }
    if (isMain) {
      // Edits the resource's inputs before its step; what cannot be remediated is reported by validateResource.
      bound.remediateResource = (args: ResourceValidationArgs) => {
        if (!isCoveredType(args.type)) return undefined;
        const plan = planRemediation(factsOf(resourceRecord(args)), readMain!(binding.settings ?? args.getConfig()), todayUtc());
        if (!plan.changed) return undefined;
        // applyRemediation reads the props and returns new top-level values; it does not change them.
        const props = wireProps(args.props);
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
