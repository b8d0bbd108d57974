import { type MicrosoftPeeringFact } from "../../src/core/model";
import { UNKNOWN } from "../../harness/policy-runtime";
import { communitiesOf, factsOf, filters, OTHER_SUB, record, rules, SUB, unreadableOf } from "./shapes";

const RG = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-api`;
const FILTER_ID = `${RG}/providers/Microsoft.Network/routeFilters/rf-api`;
const body = (communities: unknown) => ({
  properties: { rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }] },
});
const azapi = (type: string, props: Record<string, unknown>, extra = {}) => record(type, "api", props, extra);
/** An AzAPI Resource creating filter rf-api in RG that allows 12076:5010; `props` changes or adds inputs. */
const azapiFilter = (props: Record<string, unknown> = {}, extra = {}) =>
  azapi(
    "azapi:index/resource:Resource",
    { type: "Microsoft.Network/routeFilters@2023-09-01", name: "rf-api", parentId: RG, body: body(["12076:5010"]), ...props },
    extra,
  );

describe("AzAPI", () => {
  test("a route filter: name under parentId, which also tells its subscription and group", () => {
    const [filter] = filters(factsOf(azapiFilter()));
    expect(filter).toMatchObject({
      property: "body",
      azureName: "rf-api",
      resourceGroup: "rg-api",
      subscriptionId: OTHER_SUB,
      id: undefined,
    });
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
    expect(filter.rules[0].communities[0].property).toBe("body.properties.rules[0].properties.communities[0]");
  });

  test("the body as JSON text (azapi 1.x), and the type in any case", () => {
    const [filter] = filters(
      factsOf(
        azapi("azapi:index/resource:Resource", {
          type: "microsoft.network/ROUTEFILTERS@2020-05-01",
          name: "rf-api",
          parentId: RG,
          body: JSON.stringify(body(["12076:5020"])),
        }),
      ),
    );
    expect(communitiesOf(filter)).toEqual(["12076:5020"]);
  });

  test("an existing filter's ID comes from state", () => {
    const [filter] = filters(factsOf(azapiFilter({ body: body([]) }, { id: FILTER_ID })));
    expect(filter.id).toBe(FILTER_ID);
  });

  test("a rule names its filter by the parentId", () => {
    const [rule] = rules(
      factsOf(
        azapi("azapi:index/resource:Resource", {
          type: "Microsoft.Network/routeFilters/routeFilterRules@2023-09-01",
          name: "exo",
          parentId: FILTER_ID,
          body: { properties: { access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] } },
        }),
      ),
    );
    expect(rule).toMatchObject({ filter: { property: "parentId", value: FILTER_ID }, resourceGroup: "rg-api", subscriptionId: OTHER_SUB });
    expect(rule.rule.communities.map((c) => c.raw)).toEqual(["12076:5010"]);
  });

  test("an update resource changes the filter its resourceId names", () => {
    const [filter] = filters(
      factsOf(
        azapi("azapi:index/updateResource:UpdateResource", {
          type: "Microsoft.Network/routeFilters@2023-09-01",
          resourceId: FILTER_ID,
          body: body(["12076:5100"]),
        }),
      ),
    );
    expect(filter).toMatchObject({ azureName: "rf-api", resourceGroup: "rg-api", subscriptionId: OTHER_SUB });
    expect(communitiesOf(filter)).toEqual(["12076:5100"]);
  });

  test("a resourceId given to Resource, which has no such input, does not rename the filter it creates", () => {
    const other = `${RG}/providers/Microsoft.Network/routeFilters/rf-excepted`;
    const [filter] = filters(factsOf(azapiFilter({ resourceId: other })));
    expect(filter).toMatchObject({ azureName: "rf-api", resourceGroup: "rg-api" });
  });

  test("a resource action changes the filter only as a PUT or PATCH of the resource itself", () => {
    const action = (props: Record<string, unknown>) =>
      factsOf(
        azapi("azapi:index/resourceAction:ResourceAction", {
          type: "Microsoft.Network/routeFilters@2023-09-01",
          resourceId: FILTER_ID,
          body: body(["12076:5010"]),
          ...props,
        }),
      );
    expect(communitiesOf(filters(action({ method: "patch" }))[0])).toEqual(["12076:5010"]);
    expect(action({})).toEqual([]); // POST, the default
    // A PUT to what names no resource (an operation, a collection) cannot be told apart from one that does.
    expect(unreadableOf(action({ method: "PUT", action: "listRoutes" })[0])[0]).toContain("names no ARM resource the pack can tell");
    expect(unreadableOf(action({ method: UNKNOWN })[0])[0]).toContain("method is not known");
  });

  test("a body or type unknown at preview cannot be verified; unrelated types give nothing", () => {
    expect(unreadableOf(factsOf(azapiFilter({ name: "rf", body: UNKNOWN }))[0])).toEqual([
      "body is not known until the update runs (computed from another resource's output)",
    ]);
    expect(unreadableOf(factsOf(azapi("azapi:index/resource:Resource", { type: UNKNOWN, body: {} }))[0])[0]).toContain("type is not known");
    expect(
      unreadableOf(
        factsOf(azapi("azapi:index/resource:Resource", { type: "Microsoft.Network/routeFilters@2023-09-01", body: "{oops" }))[0],
      )[0],
    ).toMatch(/^body is not valid JSON/);
    expect(factsOf(azapi("azapi:index/resource:Resource", { type: "Microsoft.Storage/storageAccounts@2023-01-01", body: {} }))).toEqual([]);
  });

  test("a Microsoft peering on a circuit, its filter computed at preview, links by the body's dependencies", () => {
    const [peering] = factsOf(
      azapi(
        "azapi:index/resource:Resource",
        {
          type: "Microsoft.Network/expressRouteCircuits/peerings@2023-09-01",
          name: "MicrosoftPeering",
          parentId: `${RG}/providers/Microsoft.Network/expressRouteCircuits/er-api`,
          body: { properties: { peeringType: "microsoftPeering", routeFilter: { id: UNKNOWN } } },
        },
        { propertyDependencies: { body: ["urn:filter"] } },
      ),
    ) as MicrosoftPeeringFact[];
    expect(peering).toMatchObject({
      kind: "microsoft-peering",
      circuitName: "er-api",
      routeFilters: [{ family: "IPv4", reference: { value: undefined, dependsOn: ["urn:filter"] } }],
    });
  });
});

describe("legacy azure-nextgen tokens", () => {
  test.each(["azure-nextgen:network/latest:RouteFilter", "azure-nextgen:network/v20200601:RouteFilter"])("%s is a route filter", (type) => {
    const [filter] = filters(
      factsOf(
        record(type, "rf", {
          routeFilterName: "rf",
          resourceGroupName: "rg",
          rules: [{ name: "r", access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] }],
        }),
      ),
    );
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test("RouteFilterRule and ExpressRouteCircuitPeering", () => {
    const [rule] = rules(
      factsOf(
        record("azure-nextgen:network/latest:RouteFilterRule", "r", {
          routeFilterName: "rf",
          ruleName: "r",
          resourceGroupName: "rg",
          access: "Allow",
          communities: ["12076:5020"],
        }),
      ),
    );
    expect(rule.filter.value).toBe("rf");
    const peerings = factsOf(
      record("azure-nextgen:network/latest:ExpressRouteCircuitPeering", "p", {
        circuitName: "er",
        peeringName: "MicrosoftPeering",
        resourceGroupName: "rg",
      }),
    );
    expect(peerings[0]).toMatchObject({ kind: "microsoft-peering", circuitName: "er" });
  });
});

describe("trusted identity", () => {
  const filter = (props: Record<string, unknown>, extra = {}) =>
    filters(
      factsOf(
        record("azure-native:network:RouteFilter", "rf", { routeFilterName: "rf", resourceGroupName: "rg", rules: [], ...props }, extra),
      ),
    )[0];

  test("an id input proves nothing: neither the ID nor the subscription comes from it", () => {
    const spoofed = filter({ id: `/subscriptions/${OTHER_SUB}/resourceGroups/rg/providers/Microsoft.Network/routeFilters/excepted` });
    expect(spoofed.id).toBeUndefined();
    expect(spoofed.subscriptionId).toBe(SUB);
  });

  test("the ID in state gives the ID and the subscription", () => {
    const id = `/subscriptions/${OTHER_SUB}/resourceGroups/rg/providers/Microsoft.Network/routeFilters/rf`;
    expect(filter({}, { id })).toMatchObject({ id, subscriptionId: OTHER_SUB });
  });

  test("an existing filter's group and name come from its inputs, given beside its outputs", () => {
    const inputs = { routeFilterName: "rf-real", resourceGroupName: "rg-real" };
    const existing = filters(factsOf(record("azure-native:network:RouteFilter", "rf", { name: "rf-real", rules: [] }, { inputs })))[0];
    expect(existing).toMatchObject({ azureName: "rf-real", resourceGroup: "rg-real" });
  });

  test("azure-native's __inputs output is hidden from policies by the engine, so it is no input here either", () => {
    const outputs = { name: "rf-real", rules: [], __inputs: { routeFilterName: "rf-real", resourceGroupName: "rg-real" } };
    const existing = filters(factsOf(record("azure-native:network:RouteFilter", "rf", outputs)))[0];
    expect(existing.resourceGroup).toBeUndefined();
  });

  test("a rule's ID from props does not name its filter", () => {
    const [rule] = rules(
      factsOf(
        record("azure-native:network:RouteFilterRule", "r", {
          id: `/subscriptions/${OTHER_SUB}/resourceGroups/rg/providers/Microsoft.Network/routeFilters/excepted/routeFilterRules/r`,
          resourceGroupName: "rg",
          access: "Allow",
          communities: ["12076:5010"],
        }),
      ),
    );
    expect(rule.filter.value).toBeUndefined();
    expect(rule.subscriptionId).toBe(SUB);
  });
});

describe("peering type without regard to case", () => {
  test.each(["microsoftpeering", "MICROSOFTPEERING", "microsoftPeering", " MicrosoftPeering "])("native %p", (peeringType) => {
    const facts = factsOf(
      record("azure-native:network:ExpressRouteCircuitPeering", "p", {
        circuitName: "er",
        peeringName: "x",
        peeringType,
        resourceGroupName: "rg",
      }),
    );
    expect(facts).toHaveLength(1);
  });

  test.each(["microsoftpeering", "MICROSOFTPEERING"])("classic %p, and a peering named so without a type", (peeringType) => {
    expect(
      factsOf(
        record("azure:network/expressRouteCircuitPeering:ExpressRouteCircuitPeering", "p", { expressRouteCircuitName: "er", peeringType }),
      ),
    ).toHaveLength(1);
    expect(
      factsOf(record("azure-native:network:ExpressRouteCircuit", "c", { circuitName: "er", peerings: [{ name: peeringType }] })),
    ).toHaveLength(1);
  });

  test("a private peering stays out; a type unknown at preview may be Microsoft peering", () => {
    const peering = (peeringType: unknown) =>
      factsOf(
        record("azure-native:network:ExpressRouteCircuitPeering", "p", {
          circuitName: "er",
          peeringName: "MicrosoftPeering",
          peeringType,
          resourceGroupName: "rg",
        }),
      );
    expect(peering("azureprivatepeering")).toEqual([]);
    expect(peering(UNKNOWN)).toHaveLength(1);
  });
});
