/**
 * Runs every program in examples/ under Pulumi's mocks, so the pack sees resource inputs exactly as the
 * SDKs serialize them, then drives the real policy runtime the way the engine does: Remediate and
 * Analyze per resource, AnalyzeStack over the (remediated) stack. The outcome must match the
 * example's expected.json.
 */
import * as fs from "fs";
import * as path from "path";
import type * as Pulumi from "@pulumi/pulumi";
import { type PackConfig, PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { STACK, SUBSCRIPTION } from "../../harness/stack";

const EXAMPLES_DIR = path.resolve(__dirname, "..", "..", "examples");

interface Violation {
  readonly policy: string;
  readonly enforcementLevel: string;
  /** Logical name; null for a finding on the stack or the pack config rather than on a resource. */
  readonly resource: string | null;
  /** Text the violation's message must contain, e.g. each community it flags. */
  readonly mentions?: string[];
}

interface Remediation {
  readonly policy: string;
  readonly resource: string;
  /** What the route filter allows after the remediation. */
  readonly communities?: unknown[];
}

interface Expected {
  /** The outcome needs values unknown at preview, which mocks cannot produce. */
  readonly previewOnly?: boolean;
  readonly blocked: boolean;
  readonly violations: Violation[];
  readonly remediations?: Remediation[];
}

interface Example {
  readonly name: string;
  readonly dir: string;
  readonly project: string;
  readonly expected?: Expected;
  readonly config: PackConfig;
}

function readJson<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : undefined;
}

/** Each policy's config, from a config file of either version (a version 2 file nests it under "policies"). */
function policiesOf(file: Record<string, unknown>): PackConfig {
  return (file.version === 2 ? file.policies : file) as PackConfig;
}

function loadExample(name: string): Example {
  const dir = path.join(EXAMPLES_DIR, name);
  const pulumiYaml = path.join(dir, "Pulumi.yaml");
  const project = fs.existsSync(pulumiYaml) ? /^name:\s*(\S+)/m.exec(fs.readFileSync(pulumiYaml, "utf8"))?.[1] : undefined;
  return {
    name,
    dir,
    project: project ?? name,
    expected: readJson<Expected>(path.join(dir, "expected.json")),
    config: policiesOf(readJson<Record<string, unknown>>(path.join(dir, "policy-config.json")) ?? {}),
  };
}

const examples = fs
  .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => loadExample(entry.name))
  .sort((a, b) => a.name.localeCompare(b.name));

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Provider reference `urn::id`; empty for the default provider. */
  readonly provider: string;
  readonly id: string;
}

// The input azure-native takes each resource's Azure name from; classic resources use `name`.
const NAME_INPUTS: Record<string, string> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:network:ExpressRouteCircuit": "circuitName",
  "azure-native:network:ExpressRouteCircuitPeering": "peeringName",
  "azure-native:network:RouteFilter": "routeFilterName",
  "azure-native:network:VirtualNetwork": "virtualNetworkName",
};

/** Runs the program with a fresh module registry (its own @pulumi/pulumi and provider SDKs) and returns what it registered. */
async function runProgram(example: Example): Promise<Registered[]> {
  const registered: Registered[] = [];
  await jest.isolateModulesAsync(async () => {
    const pulumi: typeof Pulumi = require("@pulumi/pulumi");
    await pulumi.runtime.setMocks(
      {
        newResource: ({ type, name, inputs, provider }) => {
          const azureName = String(inputs[NAME_INPUTS[type] ?? "name"] ?? name);
          // A route filter's ARM ID is what the peering's routeFilter.id / routeFilterId carries once it exists.
          const id = /:RouteFilter$/.test(type)
            ? `/subscriptions/${SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Network/routeFilters/${azureName}`
            : `${name}-id`;
          registered.push({ type, name, inputs, provider: provider ?? "", id });
          return { id, state: { ...inputs, name: azureName } };
        },
        call: ({ token }) => {
          throw new Error(`${example.name} invokes ${token}: examples must not call functions (stand-in providers cannot answer)`);
        },
      },
      example.project,
      STACK,
    );
    require(path.join(example.dir, "index.ts"));
    // Waits for every registration, including those whose inputs wait on other resources' outputs.
    await pulumi.runtime.disconnect();
  });
  return registered;
}

/** The resources as the engine hands them to the analyzer: URN, inputs, and the provider each was created with. */
function toStackResources(project: string, registered: readonly Registered[]): StackResource[] {
  const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${project}::${type}::${name}`;
  const providers = new Map(
    registered
      .filter((r) => r.type.startsWith("pulumi:providers:"))
      .map((p) => [`${urnOf(p.type, p.name)}::${p.id}`, { urn: urnOf(p.type, p.name), type: p.type, name: p.name, props: p.inputs }]),
  );
  return registered.map((r) => {
    const resource = { urn: urnOf(r.type, r.name), type: r.type, name: r.name, props: r.inputs };
    if (r.type.startsWith("pulumi:providers:")) return resource;
    if (r.provider) {
      const provider = providers.get(r.provider);
      if (!provider) throw new Error(`${r.name} uses provider ${r.provider}, which the program did not register`);
      return { ...resource, provider };
    }
    // A default provider, configured from stack config: the mocks create every resource in SUBSCRIPTION,
    // as a stack whose config sets <package>:subscriptionId would.
    const pkg = r.type.split(":")[0];
    const props = { subscriptionId: SUBSCRIPTION };
    return {
      ...resource,
      provider: { urn: urnOf(`pulumi:providers:${pkg}`, "default"), type: `pulumi:providers:${pkg}`, name: "default", props },
    };
  });
}

/** The communities a route filter allows, in either provider's shape (a rules list or one rule object). */
function communitiesOf(props: Record<string, unknown>): unknown[] {
  const rules = (Array.isArray(props.rules) ? props.rules : props.rule ? [props.rule] : []) as { communities?: unknown[] }[];
  return rules.flatMap((rule) => rule.communities ?? []);
}

// The runtime reports a violation of a policy set to remediate as mandatory, so mandatory alone blocks.
const isBlocking = (level: string) => level === "mandatory";
const resourceOf = (urn: string) => (urn ? urn.split("::").pop()! : null);
const sorted = <T>(items: readonly T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let runtime: PolicyRuntime;

beforeAll(async () => {
  runtime = await PolicyRuntime.start();
});
afterAll(() => runtime.close());

/** A preview with the example's policy pack config: remediations first, then per-resource and stack analysis. */
async function judge(resources: readonly StackResource[], config: PackConfig) {
  await runtime.configure(config);
  const remediations: Remediation[] = [];
  const final: StackResource[] = [];
  for (const resource of resources) {
    let props = resource.props;
    for (const r of await runtime.remediate(resource)) {
      if (r.properties) props = r.properties;
      remediations.push({ policy: r.policyName, resource: resource.name, communities: r.properties && communitiesOf(r.properties) });
    }
    final.push({ ...resource, props });
  }
  const perResource = await Promise.all(final.map((r) => runtime.analyze(r)));
  const diagnostics = [...perResource.flat(), ...(await runtime.analyzeStack(final))];
  return {
    blocked: diagnostics.some((d) => isBlocking(d.enforcementLevel)),
    findings: diagnostics.map((d) => ({
      policy: d.policyName,
      enforcementLevel: d.enforcementLevel,
      resource: resourceOf(d.urn),
      message: d.message,
    })),
    remediations,
  };
}

const keyOf = ({ policy, enforcementLevel, resource }: Violation): Violation => ({ policy, enforcementLevel, resource });
const sameKey = (a: Violation, b: Violation) => JSON.stringify(keyOf(a)) === JSON.stringify(keyOf(b));

test("every example has Pulumi.yaml, index.ts and a consistent expected.json", () => {
  expect(examples.length).toBeGreaterThan(0);
  for (const example of examples) {
    for (const file of ["Pulumi.yaml", "index.ts", "expected.json"]) {
      expect([example.name, fs.existsSync(path.join(example.dir, file))]).toEqual([example.name, true]);
    }
    const { blocked, violations } = example.expected!;
    expect([example.name, blocked]).toEqual([example.name, violations.some((v) => isBlocking(v.enforcementLevel))]);
  }
});

// Mocks resolve every output, so a value that is unknown only at preview cannot be produced here; such
// examples are marked previewOnly and checked by a real `pulumi preview` instead.
const runnable = examples.filter((e) => e.expected && !e.expected.previewOnly);

test.each(runnable.map((e) => [e.name, e] as const))("%s", async (_name, example) => {
  const resources = toStackResources(example.project, await runProgram(example));
  const expected = example.expected!;
  const outcome = await judge(resources, example.config);
  expect({ blocked: outcome.blocked, violations: sorted(outcome.findings.map(keyOf)), remediations: sorted(outcome.remediations) }).toEqual(
    {
      blocked: expected.blocked,
      violations: sorted(expected.violations.map(keyOf)),
      remediations: sorted(expected.remediations ?? []),
    },
  );
  // The same violations could be raised for the wrong reason (e.g. only one of two communities flagged).
  for (const violation of expected.violations) {
    const messages = outcome.findings.filter((f) => sameKey(f, violation)).map((f) => f.message);
    for (const text of violation.mentions ?? []) {
      expect({ violation: keyOf(violation), messages }).toEqual({
        violation: keyOf(violation),
        messages: expect.arrayContaining([expect.stringContaining(text)]),
      });
    }
  }
});
