/**
 * azure-native local packages and hashicorp/azurerm through the dynamic bridge, in the real policy
 * runtime (gRPC, the pack's own process), and the scan engine agreeing with it on every shape.
 */
import { packAndScan } from "../support/agreement";
import { PolicyRuntime, type StackResource, UNKNOWN } from "../../harness/policy-runtime";
import { exception, urnOf } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
const SUB = "11111111-2222-3333-4444-555555555555";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

const LOCAL = "azure-native_network_v20230901:network/v20230901";
const provider = (pkg: string) => ({
  urn: urnOf(`pulumi:providers:${pkg}`, "default"),
  type: `pulumi:providers:${pkg}`,
  name: "default",
  props: { subscriptionId: SUB },
});
const resource = (type: string, name: string, props: Record<string, unknown>): StackResource => ({
  urn: urnOf(type, name),
  type,
  name,
  props,
  provider: provider(type.split(":")[0]),
});
const armFilter = (name: string, communities: unknown) => ({
  type: "Microsoft.Network/routeFilters",
  apiVersion: "2023-09-01",
  name,
  properties: { rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }] },
});
const rmRule = (communities: unknown) => ({ name: "allow", access: "Allow", ruleType: "Community", communities });
const rmFilter = (name: string, rule: unknown) =>
  resource("azurerm:index/routeFilter:RouteFilter", name, { name, resourceGroupName: "rg-hub", location: "westeurope", rule });

const localFilter = resource(`${LOCAL}:RouteFilter`, "rf-local", {
  routeFilterName: "rf-local",
  resourceGroupName: "rg-hub",
  rules: [{ name: "r", access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] }],
});
const localRule = resource(`${LOCAL}:RouteFilterRule`, "rule-local", {
  routeFilterName: "rf-local",
  ruleName: "spo",
  resourceGroupName: "rg-hub",
  access: "Allow",
  communities: ["12076:5020"],
});
const localDeployment = resource("azure-native_Resources_v20240301:Resources/v20240301:Deployment", "tpl-local", {
  resourceGroupName: "rg-hub",
  properties: { mode: "Incremental", template: { resources: [armFilter("rf-tpl", ["12076:5100"])] } },
});
const rmList = rmFilter("rf-rm", [rmRule(["12076:5010", "12076:51004"])]);
const rmObject = rmFilter("rf-rm-obj", rmRule(["12076:5030"]));
const rmPeering = resource("azurerm:index/expressRouteCircuitPeering:ExpressRouteCircuitPeering", "ms", {
  peeringType: "MicrosoftPeering",
  expressRouteCircuitName: "er",
  resourceGroupName: "rg-hub",
  vlanId: 300,
});
const rmDeployment = resource("azurerm:index/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment", "tpl-rm", {
  name: "tpl-rm",
  resourceGroupName: "rg-hub",
  deploymentMode: "Incremental",
  templateContent: JSON.stringify({ parameters: { c: { type: "array" } }, resources: [armFilter("rf-rm-tpl", "[parameters('c')]")] }),
  parametersContent: JSON.stringify({ c: { value: ["12076:5020"] } }),
});
const rmUnread = resource("azurerm:index/routeFilterRule:RouteFilterRule", "rule-rm", {
  name: "exo",
  routeFilterName: "rf-rm",
  communities: ["12076:5010"],
});

test.each([
  ["a local package's route filter", localFilter, "12076:5010 Exchange Online (rules[0].communities[0])"],
  ["a local package's standalone rule", localRule, "12076:5020 SharePoint Online (communities[0])"],
  [
    "a local package's template deployment (module in another case)",
    localDeployment,
    "12076:5100 Other Office 365 Online services (properties.template.resources[0].properties.rules[0].properties.communities[0])",
  ],
  ["an azurerm route filter whose rule is a list", rmList, "12076:5010 Exchange Online (rule[0].communities[0])"],
  ["an azurerm route filter whose rule is an object", rmObject, "12076:5030 Skype for Business Online"],
  [
    "an azurerm template deployment",
    rmDeployment,
    "12076:5020 SharePoint Online (templateContent.resources[0].properties.rules[0].properties.communities[0])",
  ],
])("%s is a mandatory violation naming the community", async (_what, r, says) => {
  const [v, ...rest] = await runtime.violationsOf(MAIN, [r]);
  expect(rest).toEqual([]);
  expect(v).toMatchObject({ urn: r.urn, enforcementLevel: "mandatory" });
  expect(v.message).toContain(says);
});

test("an azurerm filter passes once an exception names it", async () => {
  expect(await runtime.violationsOf(MAIN, [rmList])).toHaveLength(1);
  const config = { [MAIN]: { exceptions: [exception({ routeFilters: ["rf-rm"], communities: ["12076:5010"] })] } };
  expect(await runtime.violationsOf(MAIN, [rmList], config)).toEqual([]);
});

test("an azurerm resource about route filters that the pack does not read is a mandatory 'cannot verify'", async () => {
  const [v] = await runtime.violationsOf(MAIN, [rmUnread]);
  expect(v.enforcementLevel).toBe("mandatory");
  expect(v.message).toContain("Cannot verify what route filter");
  expect(v.message).toContain(
    "(all properties) are those of the azurerm resource RouteFilterRule, which may make or attach a route filter but which the pack does not read",
  );
});

test("an azurerm Microsoft peering without a route filter is reported", async () => {
  const [v] = await runtime.violationsOf("m365-microsoft-peering-without-route-filter", [rmPeering]);
  expect(v.message).toContain("Microsoft peering of circuit er (ms) has no route filter");
});

test("remediation edits an azurerm rule kept in a list", async () => {
  await runtime.configure({ [MAIN]: "remediate" });
  const [r] = await runtime.remediate(rmList);
  expect((r.properties as { rule: { communities: string[] }[] }).rule).toEqual([rmRule(["12076:51004"])]);
});

test.each([
  ["local packages", [localFilter, localRule, localDeployment]],
  ["azurerm", [rmList, rmObject, rmPeering, rmDeployment, rmUnread]],
  [
    "azurerm values unknown at preview",
    [rmFilter("rf-u", UNKNOWN), rmFilter("rf-u2", [rmRule([UNKNOWN])]), { ...rmPeering, props: { ...rmPeering.props, ipv6: UNKNOWN } }],
  ],
])("the pack and scan agree on %s", async (_what, resources) => {
  const { byPack, byScan } = await packAndScan(runtime, resources, {});
  expect(byPack.length).toBeGreaterThan(0);
  expect(byPack).toEqual(byScan);
});
