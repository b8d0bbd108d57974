import { PolicyRuntime } from "../../harness/policy-runtime";
import { circuit, classicPeering, filterId, peering, routeFilter } from "../../harness/stack";

const POLICY = "m365-microsoft-peering-without-route-filter";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

test("a Microsoft peering with no route filter is an advisory naming the 2017-08-01 cut-off", async () => {
  const ms = peering("er-hub-microsoft", undefined);
  const [v] = await runtime.violationsOf(POLICY, [ms]);
  expect(v).toMatchObject({ urn: ms.urn, enforcementLevel: "advisory" });
  expect(v.message).toContain("has no route filter");
  expect(v.message).toContain("2017-08-01");
});

test("a peering named MicrosoftPeering without peeringType counts", async () => {
  const ms = peering("p", undefined, { props: { peeringType: undefined } });
  const { peeringType: _t, ...props } = ms.props;
  expect(await runtime.violationsOf(POLICY, [{ ...ms, props }])).toHaveLength(1);
});

test("private peering needs no route filter", async () => {
  const priv = circuit("er-hub", [{ name: "AzurePrivatePeering", peeringType: "AzurePrivatePeering", vlanId: 100 }]);
  expect(await runtime.violationsOf(POLICY, [priv])).toEqual([]);
});

test("an IPv6 Microsoft peering without its own filter", async () => {
  const filter = routeFilter("rf", ["12076:51004"], { props: { id: filterId("rf") } });
  const ms = peering("p", filterId("rf"), { props: { ipv6PeeringConfig: { primaryPeerAddressPrefix: "2001:db8::/126" } } });
  const [v, ...rest] = await runtime.violationsOf(POLICY, [filter, ms]);
  expect(rest).toEqual([]);
  expect(v.message).toContain("The IPv6 Microsoft peering");
});

test("classic peering without routeFilterId", async () => {
  expect(await runtime.violationsOf(POLICY, [classicPeering("c", undefined)])).toHaveLength(1);
});
