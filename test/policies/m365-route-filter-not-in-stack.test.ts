import { PolicyRuntime, UNKNOWN } from "../support/policy-runtime";
import { circuit, classicPeering, filterId, peering, routeFilter, urnOf } from "../support/stack";

const POLICY = "m365-route-filter-not-in-stack";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

test("a Microsoft peering using a filter outside the stack is an advisory by default", async () => {
  const ms = peering("er-hub-microsoft", filterId("rf-elsewhere"));
  const [v, ...rest] = await runtime.violationsOf(POLICY, [ms]);
  expect(rest).toEqual([]);
  expect(v).toMatchObject({ urn: ms.urn, enforcementLevel: "advisory" });
  expect(v.message).toContain(`it uses route filter ${filterId("rf-elsewhere")} (routeFilter.id), which is not in this stack`);
});

test("it can be made mandatory", async () => {
  const [v] = await runtime.violationsOf(POLICY, [peering("p", filterId("rf-elsewhere"))], { [POLICY]: "mandatory" });
  expect(v.enforcementLevel).toBe("mandatory");
});

test("a filter in the stack resolves by resource ID in existing state", async () => {
  const filter = routeFilter("rf", ["12076:51004"], { props: { id: filterId("rf") } });
  expect(await runtime.violationsOf(POLICY, [filter, peering("p", filterId("rf"))])).toEqual([]);
});

test("a filter in the stack resolves by property dependency at preview", async () => {
  const filter = routeFilter("rf", ["12076:51004"]);
  const ms = peering("p", UNKNOWN, { ipv6RouteFilterId: UNKNOWN, propertyDependencies: { routeFilter: [filter.urn], ipv6PeeringConfig: [filter.urn] } });
  expect(await runtime.violationsOf(POLICY, [filter, ms])).toEqual([]);
});

test("an ID computed from something that is not a route filter cannot be verified", async () => {
  const rg = { urn: urnOf("azure-native:resources:ResourceGroup", "rg"), type: "azure-native:resources:ResourceGroup", name: "rg", props: {} };
  const ms = peering("p", UNKNOWN, { propertyDependencies: { routeFilter: [rg.urn] } });
  const [v] = await runtime.violationsOf(POLICY, [rg, ms]);
  expect(v.message).toContain("no route filter in this stack provides it (it depends on urn:pulumi:dev::hub::azure-native:resources:ResourceGroup::rg)");
});

test("IPv6 filters are checked separately", async () => {
  const filter = routeFilter("rf", ["12076:51004"], { props: { id: filterId("rf") } });
  const ms = peering("p", filterId("rf"), { ipv6RouteFilterId: filterId("rf-v6-elsewhere") });
  const [v, ...rest] = await runtime.violationsOf(POLICY, [filter, ms]);
  expect(rest).toEqual([]);
  expect(v.message).toContain("the IPv6 Microsoft peering");
});

test("inline circuit peerings and classic peerings too", async () => {
  const inline = circuit("er-hub", [{ name: "MicrosoftPeering", routeFilter: { id: filterId("rf-x") } }]);
  const classic = classicPeering("classic", filterId("rf-y"));
  const found = await runtime.violationsOf(POLICY, [inline, classic]);
  expect(found.map((v) => v.urn).sort()).toEqual([classic.urn, inline.urn].sort());
  expect(found.find((v) => v.urn === inline.urn)!.message).toContain("(er-hub peerings[0])");
});
