/**
 * The M365GuardAzurePolicy component through the real Pulumi CLI and engine, with the STAND-IN azure-native
 * provider of test/e2e/providers (it echoes inputs; no Azure): `pulumi up` of a program that declares it for
 * examples/azure-policy's register, then the stack's export.
 */
import * as fs from "fs";
import * as path from "path";
import { type Cli, REPO, type RunResult, Workspace, cliBanner, ensureCli, explain, scratchRoot } from "../../harness/pulumi-cli";

const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
const FILTER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-hub-network/providers/Microsoft.Network/routeFilters/rf-hub-weu`;

interface State {
  readonly urn: string;
  readonly type: string;
  readonly parent?: string;
  readonly inputs: Record<string, any>;
  readonly outputs: Record<string, any>;
  readonly propertyDependencies?: Record<string, string[]>;
}

let cli: Cli;
let root: string;
let up: RunResult;
let resources: State[];

beforeAll(async () => {
  cli = await ensureCli();
  console.log(cliBanner(cli));
  root = scratchRoot("azure-policy-component");
  const program = path.join(root, "index.ts");
  // The built component, as an installed package would load it; azure-native is the program's (the repository's).
  fs.writeFileSync(
    program,
    `import { M365GuardAzurePolicy } from ${JSON.stringify(path.join(REPO, "dist", "src", "pulumi", "azure-policy"))};\n` +
      `const guard = new M365GuardAzurePolicy("m365-guard", {\n` +
      `  subscriptionId: "${SUBSCRIPTION}",\n` +
      `  configFile: ${JSON.stringify(path.join(REPO, "examples", "azure-policy", "policy-config.json"))},\n` +
      `  today: "2026-12-04",\n` +
      `  peeringsWithoutFilter: true,\n` +
      `});\n` +
      `export const notes = guard.notes;\n`,
  );
  const ws = await Workspace.ofProgram(cli, root, "component", {
    projectYaml: "name: azure-policy-guard\nruntime: nodejs\n",
    indexTs: program,
  });
  up = await ws.deploy();
  const exported = path.join(root, "state.json");
  const exportRun = await ws.exportStack(exported);
  resources = exportRun.code === 0 ? JSON.parse(fs.readFileSync(exported, "utf8")).deployment.resources : [];
}, 10 * 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const ofType = (type: string) => resources.filter((r) => r.type === type);

test("pulumi up creates the definition, both assignments and one exemption per entry and filter ID, under the component", () => {
  explain(up, () => expect(up.code).toBe(0));
  const [component] = ofType("expressroute-m365-guard:azure:AzurePolicy");
  expect(component).toBeDefined();
  const definitions = ofType("azure-native:authorization:PolicyDefinition");
  const assignments = ofType("azure-native:authorization:PolicyAssignment");
  const exemptions = ofType("azure-native:authorization:PolicyExemption");
  expect([definitions.length, assignments.length, exemptions.length]).toEqual([1, 2, 1]);
  for (const r of [...definitions, ...assignments, ...exemptions]) expect(r.parent).toBe(component.urn);

  expect(definitions[0].inputs).toMatchObject({
    policyDefinitionName: "m365-advertisement-requires-exception",
    mode: "All",
    policyType: "Custom",
  });
  expect(definitions[0].inputs.policyRule.then.effect).toBe("[parameters('effect')]");
  const byName = Object.fromEntries(assignments.map((a) => [a.inputs.policyAssignmentName, a]));
  expect(byName["m365-guard-register"].inputs).toMatchObject({
    scope: `/subscriptions/${SUBSCRIPTION}`,
    policyDefinitionId: definitions[0].outputs.id,
    parameters: {
      allowedPairs: { value: [`${FILTER.toLowerCase()}|12076:5010`, `${FILTER.toLowerCase()}|12076:5100`] },
      requireRouteFilterOnMicrosoftPeering: { value: true },
    },
  });
  expect(byName["m365-guard-waivers"].inputs.parameters.allowedPairs.value).toEqual([]);
  expect(exemptions[0].inputs).toMatchObject({
    policyExemptionName: "m365-ER365-2026-012",
    scope: FILTER,
    exemptionCategory: "Waiver",
    expiresOn: "2099-12-31T23:59:59Z",
    policyAssignmentId: byName["m365-guard-waivers"].outputs.id,
    metadata: { registerEntry: "ER365-2026-012", microsoftAuthorization: "MSFT-ER365-AUTH-9042" },
  });
  // Linked through the engine, not by a string that happens to match: the exemption waits for the waivers' assignment.
  expect(exemptions[0].propertyDependencies?.policyAssignmentId).toEqual([byName["m365-guard-waivers"].urn]);
  expect(byName["m365-guard-register"].propertyDependencies?.policyDefinitionId).toEqual([definitions[0].urn]);
});

test("entries Azure Policy cannot carry are warned about in the update and kept as the component's output", () => {
  expect(up.stdout).toContain('ER365-2026-012: names "rf-hub-weu" by Azure name only');
  const [component] = ofType("expressroute-m365-guard:azure:AzurePolicy");
  expect(component.outputs.notes).toEqual([
    'ER365-2026-012: names "rf-hub-weu" by Azure name only; Azure Policy needs the filter\'s resource ID in routeFilters',
  ]);
});
