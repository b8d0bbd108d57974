/**
 * Hand-written fixtures, built in code: stack exports and preview event streams shaped as the
 * Pulumi engine writes them (apitype.UntypedDeployment with DeploymentV3 resources, and one
 * apitype.EngineEvent per line for PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json).
 * None of it was produced by Pulumi itself.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { filterId, NATIVE, PROJECT, STACK, urnOf } from "../../harness/stack";

export { filterId, NATIVE, urnOf };

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** How a stack export writes an encrypted secret. */
export const encrypted = (ciphertext = "v1:AAAAbm90LXJlYWwtY2lwaGVydGV4dA==") => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext,
});

type State = Record<string, unknown> & { urn: string; type: string };

const STACK_URN = urnOf("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);
const PROVIDER_ID = "5c2b4a38-1f7e-4f7e-9d4e-1d2f0a9c8b11";

export function provider(inputs: Record<string, unknown> = {}, name = "default_3_28_0"): State {
  return {
    urn: urnOf("pulumi:providers:azure-native", name),
    type: "pulumi:providers:azure-native",
    custom: true,
    id: PROVIDER_ID,
    inputs,
    outputs: inputs,
  };
}

const providerRef = (p: State = provider()) => `${p.urn}::${p.id}`;

interface Options {
  provider?: State;
  propertyDependencies?: Record<string, string[]>;
  /** Leave out the outputs and ID, as for a resource not created yet. */
  planned?: boolean;
}

function custom(
  type: string,
  name: string,
  id: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
  o: Options,
): State {
  return {
    urn: urnOf(type, name),
    custom: true,
    type,
    ...(o.planned ? { id: "" } : { id }),
    inputs,
    outputs: o.planned ? {} : { ...outputs, id },
    parent: STACK_URN,
    provider: providerRef(o.provider),
    propertyDependencies: o.propertyDependencies ?? {},
  };
}

/** An azure-native RouteFilter with one inline Allow rule. */
export function routeFilter(name: string, communities: unknown, o: Options = {}): State {
  const rule = { name: "allow-services", access: "Allow", routeFilterRuleType: "Community", communities };
  return custom(
    NATIVE.routeFilter,
    name,
    filterId(name),
    { routeFilterName: name, resourceGroupName: "rg-hub", location: "westeurope", rules: [rule] },
    {
      name,
      location: "westeurope",
      rules: [{ ...rule, id: `${filterId(name)}/routeFilterRules/allow-services` }],
      provisioningState: "Succeeded",
    },
    o,
  );
}

/** An azure-native Microsoft peering that uses the route filter with this ARM ID. */
export function peering(name: string, routeFilterId: string, o: Options = {}): State {
  const id = `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hub/providers/Microsoft.Network/expressRouteCircuits/er-hub/peerings/MicrosoftPeering`;
  const inputs = {
    circuitName: "er-hub",
    peeringName: "MicrosoftPeering",
    peeringType: "MicrosoftPeering",
    resourceGroupName: "rg-hub",
    routeFilter: { id: routeFilterId },
  };
  return custom(
    NATIVE.peering,
    name,
    id,
    inputs,
    { name: "MicrosoftPeering", peeringType: "MicrosoftPeering", routeFilter: { id: routeFilterId } },
    o,
  );
}

export function stackExport(resources: State[], version: unknown = 3, providers: State[] = [provider()]): Record<string, unknown> {
  const stack = { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" };
  return {
    version,
    deployment: {
      manifest: { time: "2026-11-20T09:12:44.123Z", magic: "hand-written", version: "v3.276.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:hand-written" } },
      resources: [stack, ...providers, ...resources],
    },
  };
}

export interface Step {
  op: string;
  state: State;
  /** Planned outputs: sent in a resOutputsEvent after the step, as the engine does in a preview. */
  outputs?: Record<string, unknown>;
}

/** The streaming preview: prelude, one resourcePreEvent per step, then the summary. */
export function previewStream(steps: Step[], o: { config?: Record<string, string>; result?: string | null } = {}): string {
  let sequence = 0;
  const event = (payload: Record<string, unknown>) =>
    JSON.stringify({ sequence: sequence++, timestamp: 1795770000 + sequence, ...payload });
  const lines = [event({ preludeEvent: { config: o.config ?? { "azure-native:location": "westeurope" } } })];
  for (const { op, state, outputs } of steps) {
    const { propertyDependencies: _dropped, ...shown } = state;
    const metadata = (s: Record<string, unknown>) => ({
      op,
      urn: state.urn,
      type: state.type,
      old: null,
      new: s,
      detailedDiff: null,
      provider: state.provider ?? "",
    });
    lines.push(event({ resourcePreEvent: { metadata: metadata({ ...shown, outputs: {} }), planning: true } }));
    if (outputs) lines.push(event({ resOutputsEvent: { metadata: metadata({ ...shown, outputs }), planning: true } }));
  }
  if (o.result !== null) {
    const summary = {
      maybeCorrupt: false,
      durationSeconds: 3,
      resourceChanges: { create: steps.length },
      PolicyPacks: {},
      isPreview: true,
    };
    lines.push(event({ summaryEvent: o.result === undefined ? summary : { ...summary, result: o.result } }));
  }
  return lines.join("\n") + "\n";
}

/**
 * The non-streaming `pulumi preview --json` document (display.PreviewDigest): one step per resource
 * with its planned state, `sourcePosition` included when given.
 */
export function previewSummary(
  steps: Array<Step & { sourcePosition?: string }>,
  o: { config?: Record<string, string> } = {},
): Record<string, unknown> {
  const stack = { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" };
  return {
    config: o.config ?? { "azure-native:location": "westeurope" },
    steps: [
      { op: "create", urn: STACK_URN, newState: stack },
      ...steps.map(({ op, state, sourcePosition }) => ({
        op,
        urn: state.urn,
        provider: state.provider,
        newState: { ...state, ...(sourcePosition ? { sourcePosition } : {}) },
      })),
    ],
    changeSummary: { create: steps.length + 1 },
  };
}

/** A valid register entry (the id and dates fixed: the tests pass --now). */
export function exceptionEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "ER365-2026-007",
    microsoftAuthorization: "MSFT-ER365-AUTH-4411",
    justification: "Regulation mandates private connectivity for mail",
    approvedBy: ["network-architecture", "security-office"],
    expires: "2027-06-30",
    communities: ["12076:5010"],
    routeFilters: ["rf-m365"],
    ...overrides,
  };
}

export function packConfig(exceptions: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { "m365-advertisement-requires-exception": { exceptions }, ...extra };
}

const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh directory with these files (objects are written as JSON), removed after the test file. */
export function workDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "er-guard-cli-"));
  workDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}
