import { PolicyRuntime, UNKNOWN } from "../../harness/policy-runtime";
import { circuit, classicPeering, filterId, nativeProvider, peering, routeFilter, SUBSCRIPTION, urnOf } from "../../harness/stack";

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

test("a filter in the stack resolves by resource ID: subscription, group and name", async () => {
  const filter = routeFilter("rf", ["12076:51004"], { provider: nativeProvider({ subscriptionId: SUBSCRIPTION }) });
  expect(await runtime.violationsOf(POLICY, [filter, peering("p", filterId("rf"))])).toEqual([]);
});

test("with no subscription declared, an ID taken from the filter's own output links to it", async () => {
  const filter = routeFilter("rf", ["12076:51004"]);
  const ms = peering("p", filterId("rf"), { propertyDependencies: { routeFilter: [filter.urn] } });
  expect(await runtime.violationsOf(POLICY, [filter, ms])).toEqual([]);
});

test("a peering in another subscription is not linked to the in-stack filter of the same group and name", async () => {
  const filter = routeFilter("rf", ["12076:51004"], { provider: nativeProvider({ subscriptionId: SUBSCRIPTION }) });
  const other = "99999999-2222-3333-4444-555555555555";
  const elsewhere = nativeProvider({ subscriptionId: other }, "other");
  const [v] = await runtime.violationsOf(POLICY, [filter, peering("p", filterId("rf", other), { provider: elsewhere })]);
  expect(v.message).toContain(`route filter ${filterId("rf", other)}`);
  const [w] = await runtime.violationsOf(POLICY, [
    filter,
    peering("q", UNKNOWN, { provider: elsewhere, propertyDependencies: { routeFilter: [filter.urn] } }),
  ]);
  expect(w.message).toContain("no route filter of this stack in the peering's subscription provides it");
});

test("a filter in the stack resolves by property dependency at preview", async () => {
  const filter = routeFilter("rf", ["12076:51004"]);
  const ms = peering("p", UNKNOWN, {
    ipv6RouteFilterId: UNKNOWN,
    propertyDependencies: { routeFilter: [filter.urn], ipv6PeeringConfig: [filter.urn] },
  });
  expect(await runtime.violationsOf(POLICY, [filter, ms])).toEqual([]);
});

test("an ID computed from something that is not a route filter cannot be verified", async () => {
  const rg = {
    urn: urnOf("azure-native:resources:ResourceGroup", "rg"),
    type: "azure-native:resources:ResourceGroup",
    name: "rg",
    props: {},
  };
  const ms = peering("p", UNKNOWN, { propertyDependencies: { routeFilter: [rg.urn] } });
  const [v] = await runtime.violationsOf(POLICY, [rg, ms]);
  expect(v.message).toContain(
    "no route filter of this stack in the peering's subscription provides it (it depends on urn:pulumi:dev::hub::azure-native:resources:ResourceGroup::rg)",
  );
});

test("IPv6 filters are checked separately", async () => {
  const filter = routeFilter("rf", ["12076:51004"], { provider: nativeProvider({ subscriptionId: SUBSCRIPTION }) });
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
