/**
 * The new shapes through the real policy runtime (gRPC, the pack's own process): what a user of
 * `pulumi preview --policy-pack` gets for ARM template deployments, AzAPI, azure-nextgen tokens and
 * peering types in any case.
 */
import { PolicyRuntime, type StackResource, UNKNOWN } from "../../harness/policy-runtime";
import { nativeProvider, urnOf } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

const resource = (type: string, name: string, props: Record<string, unknown>, extra: Partial<StackResource> = {}): StackResource => ({
  urn: urnOf(type, name),
  type,
  name,
  props,
  provider: nativeProvider(),
  ...extra,
});
const armFilter = (name: string, communities: unknown) => ({
  type: "Microsoft.Network/routeFilters",
  apiVersion: "2023-09-01",
  name,
  properties: { rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }] },
});
const deployment = (name: string, properties: Record<string, unknown>) =>
  resource("azure-native:resources:Deployment", name, { resourceGroupName: "rg-hub", properties: { mode: "Incremental", ...properties } });

test("a template deployment whose filter allows Exchange Online is a mandatory violation on the deployment", async () => {
  const d = deployment("tpl", { template: { resources: [armFilter("rf-tpl", ["12076:5010"])] } });
  const [v, ...rest] = await runtime.violationsOf(MAIN, [d]);
  expect(rest).toEqual([]);
  expect(v).toMatchObject({ urn: d.urn, enforcementLevel: "mandatory" });
  expect(v.message).toContain("Route filter rf-tpl allows Microsoft 365 communities");
  expect(v.message).toContain(
    "12076:5010 Exchange Online (properties.template.resources[0].properties.rules[0].properties.communities[0])",
  );
});

test("a classic deployment's parameter, given as JSON text, is followed", async () => {
  const d = resource("azure:core/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment", "tpl", {
    name: "tpl",
    resourceGroupName: "rg-hub",
    deploymentMode: "Incremental",
    templateContent: JSON.stringify({ parameters: { c: { type: "array" } }, resources: [armFilter("rf", "[parameters('c')]")] }),
    parametersContent: JSON.stringify({ c: { value: ["12076:51002", "12076:5100"] } }),
  });
  const [v] = await runtime.violationsOf(MAIN, [d]);
  expect(v.message).toContain(
    "12076:5100 Other Office 365 Online services (templateContent.resources[0].properties.rules[0].properties.communities[1])",
  );
});

test.each([
  [
    "a linked template",
    { templateLink: { uri: "https://example.org/t.json" } },
    "properties.templateLink links the template from elsewhere",
  ],
  ["a template unknown at preview", { template: UNKNOWN }, "properties.template is not known until the update runs"],
  [
    "an expression the pack does not evaluate",
    { template: { resources: [armFilter("rf", ["[reference('x').c]"])] } },
    "is the ARM expression",
  ],
])("%s is a mandatory 'cannot verify'", async (_what, properties, says) => {
  const [v] = await runtime.violationsOf(MAIN, [deployment("tpl", properties)]);
  expect(v.enforcementLevel).toBe("mandatory");
  expect(v.message).toMatch(/^[\s\S]*Cannot verify what route filter/);
  expect(v.message).toContain(says);
});

test("a template that creates no route filter passes", async () => {
  const storage = { type: "Microsoft.Storage/storageAccounts", name: "st", properties: {} };
  expect(await runtime.violationsOf(MAIN, [deployment("tpl", { template: { resources: [storage] } })])).toEqual([]);
});

test("a deployment is never remediated: its filter is inside the template", async () => {
  await runtime.configure({ [MAIN]: "remediate" });
  expect(await runtime.remediate(deployment("tpl", { template: { resources: [armFilter("rf", ["12076:5010"])] } }))).toEqual([]);
});

test("AzAPI: a route filter and a rule in the body, as JSON text or an object", async () => {
  const rg = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-api";
  const filter = resource("azapi:index/resource:Resource", "rf-api", {
    type: "Microsoft.Network/routeFilters@2023-09-01",
    name: "rf-api",
    parentId: rg,
    body: JSON.stringify({ properties: { rules: [{ name: "r", properties: { access: "Allow", communities: ["12076:5020"] } }] } }),
  });
  const rule = resource("azapi:index/updateResource:UpdateResource", "rule-api", {
    type: "Microsoft.Network/routeFilters/routeFilterRules@2023-09-01",
    resourceId: `${rg}/providers/Microsoft.Network/routeFilters/rf-other/routeFilterRules/exo`,
    body: { properties: { access: "Allow", communities: ["12076:5010"] } },
  });
  const found = await runtime.violationsOf(MAIN, [filter, rule]);
  expect(found.map((v) => v.urn).sort()).toEqual([filter.urn, rule.urn].sort());
  expect(found.find((v) => v.urn === filter.urn)!.message).toContain(
    "12076:5020 SharePoint Online (body.properties.rules[0].properties.communities[0])",
  );
  expect(found.find((v) => v.urn === rule.urn)!.message).toContain("12076:5010 Exchange Online (body.properties.communities[0])");
});

test("azure-nextgen route filters are judged like azure-native ones", async () => {
  const f = resource("azure-nextgen:network/latest:RouteFilter", "rf-next", {
    routeFilterName: "rf-next",
    resourceGroupName: "rg",
    rules: [{ name: "r", access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5030"] }],
  });
  const [v] = await runtime.violationsOf(MAIN, [f]);
  expect(v.message).toContain("12076:5030 Skype for Business Online");
});

test.each(["microsoftpeering", "MICROSOFTPEERING", "microsoftPeering"])(
  "a %s peering without a route filter is a Microsoft peering",
  async (peeringType) => {
    const p = resource("azure-native:network:ExpressRouteCircuitPeering", "p", {
      circuitName: "er",
      peeringName: "x",
      peeringType,
      resourceGroupName: "rg",
    });
    const [v] = await runtime.violationsOf("m365-microsoft-peering-without-route-filter", [p]);
    expect(v.message).toContain("Microsoft peering of circuit er (p) has no route filter");
  },
);
