/**
 * Paths a client or Azure may rewrite before ARM routes them (red team on issue 17, classes 1
 * and 6): `.` and `..` segments, percent-escapes, backslashes, a query or fragment, and an
 * extension `providers/` inside a generic resource's parent path. What ARM then routes the
 * request to is assumed, not documented: each is "cannot verify" when it may reach a route
 * filter, peering or deployment, never "nothing there".
 */
import { UNKNOWN } from "../../harness/policy-runtime";
import { factsOf, filters, OTHER_SUB, record, SUB, unreadableOf } from "./shapes";

const RG = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-api`;
const filterBody = {
  properties: {
    rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] } }],
  },
};

/** Every fact blocks: a filter that shows the community, or one that cannot be verified. */
function blocked(facts: ReturnType<typeof factsOf>): boolean {
  const found = filters(facts);
  return (
    found.length > 0 &&
    found.every((f) => f.rules.some((r) => r.communities.some((c) => c.raw === "12076:5010")) || f.unreadable.length > 0)
  );
}

describe("AzAPI ResourceAction: a URL Azure may rewrite before routing it", () => {
  const put = (resourceId: unknown, action?: unknown) =>
    factsOf(
      record("azapi:index/resourceAction:ResourceAction", "act", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        resourceId,
        action,
        method: "PUT",
        body: filterBody,
      }),
    );

  test.each([
    ["a .. segment in resourceId", `${RG}/providers/Microsoft.Network/routeFilters/x/../rf`, undefined],
    ["a .. segment in action", `${RG}/providers/Microsoft.Network/routeFilters/x`, "../rf"],
    ["a . segment", `${RG}/providers/Microsoft.Network/./routeFilters/rf`, undefined],
    ["a percent-escaped slash in the type", `${RG}/providers/Microsoft.Network%2FrouteFilters/rf`, undefined],
    ["a percent-escaped letter in the type", `${RG}/providers/Microsoft.Network/route%46ilters/rf`, undefined],
    ["a percent-escaped namespace", `${RG}/providers/Microsoft%2ENetwork/routeFilters/rf`, undefined],
    ["backslashes", `${RG}\\providers\\Microsoft.Network\\routeFilters\\rf`, undefined],
    ["a query that holds more path", `${RG}/providers/Microsoft.Network/routeFilters/rf?x=/subnets/s`, undefined],
    ["a fragment", `${RG}/providers/Microsoft.Network/routeFilters/rf#/subnets/s`, undefined],
  ])("%s cannot be verified", (_, resourceId, action) => {
    const facts = put(resourceId, action);
    expect(blocked(facts)).toBe(true);
    expect(unreadableOf(filters(facts)[0]).join()).toContain("Azure may rewrite");
  });

  test("a URL that reaches no namespace with route filters, peerings or deployments is still nothing", () => {
    expect(put(`${RG}/providers/Microsoft.Storage/storageAccounts/st/../st2`)).toEqual([]);
    expect(put(`${RG}/providers/Microsoft.Storage/storageAccounts/st%20x`)).toEqual([]);
  });
});

describe("azure-native generic resources:Resource: a path Azure may rewrite", () => {
  const generic = (props: Record<string, unknown>, type = "azure-native:resources:Resource") =>
    factsOf(
      record(type, "gen", {
        resourceGroupName: "rg-gen",
        apiVersion: "2023-09-01",
        parentResourcePath: "",
        resourceProviderNamespace: "Microsoft.Network",
        resourceType: "routeFilters",
        resourceName: "rf",
        ...filterBody,
        ...props,
      }),
    );

  // azure-native sends parentResourcePath and resourceType unescaped (x-ms-skip-url-encoding), resourceName path-escaped.
  test.each([
    ["a .. segment in resourceType", { resourceType: "routeFilters/rf/../" }],
    ["a .. resourceName after another type", { resourceType: "virtualNetworks", resourceName: "../routeFilters/rf" }],
    ["a resourceName with slashes (a rule under the filter)", { resourceName: "rf/routeFilterRules/r" }],
    ["a percent-escape in resourceType", { resourceType: "route%46ilters" }],
    [
      "an extension path in parentResourcePath, under another namespace",
      { resourceProviderNamespace: "Microsoft.Storage", parentResourcePath: "storageAccounts/st/providers/Microsoft.Network" },
    ],
    ["a backslash in parentResourcePath", { parentResourcePath: "virtualNetworks\\v" }],
  ])("%s cannot be verified", (_, props) => {
    const facts = generic(props);
    expect(blocked(facts)).toBe(true);
    expect(unreadableOf(filters(facts)[0]).join()).toMatch(/Azure may rewrite|extension/);
  });

  test("a local package's module in another case is the generic resource still", () => {
    for (const type of [
      "azure-native_Resources_v20240301:Resources/v20240301:Resource",
      "azure-native_resources_2024-03-01:resources/v20240301:Resource",
    ]) {
      expect(filters(generic({}, type)).flatMap((f) => f.rules.flatMap((r) => r.communities.map((c) => c.raw)))).toEqual(["12076:5010"]);
    }
  });

  test("an unknown resourceName is no path problem; a plain one is read", () => {
    expect(filters(generic({ resourceName: UNKNOWN }))[0].rules[0].communities[0].raw).toBe("12076:5010");
    expect(filters(generic({}))[0]).toMatchObject({ azureName: "rf", subscriptionId: SUB, unreadable: [] });
  });
});

describe("AzAPI Resource and UpdateResource: the filter's identity from a path Azure may rewrite", () => {
  const facts = (type: string, props: Record<string, unknown>) =>
    factsOf(record(type, "rf-api", { type: "Microsoft.Network/routeFilters@2023-09-01", body: filterBody, ...props }));

  test.each([
    [
      "an UpdateResource resourceId with a query and fragment",
      "azapi:index/updateResource:UpdateResource",
      { resourceId: `${RG}/providers/Microsoft.Network/routeFilters/rf-other?x=#/rf-covered` },
    ],
    [
      "an UpdateResource resourceId with a .. segment",
      "azapi:index/updateResource:UpdateResource",
      { resourceId: `${RG}/providers/Microsoft.Network/routeFilters/rf-other/../rf-covered` },
    ],
    ["a Resource name with a .. segment", "azapi:index/resource:Resource", { parentId: RG, name: "../rf-covered" }],
    [
      "a Resource parentId with a percent-escape",
      "azapi:index/resource:Resource",
      { parentId: `/subscriptions/${OTHER_SUB}/resourceGroups/rg%2Dapi`, name: "rf-covered" },
    ],
  ])("%s cannot be verified", (_, type, props) => {
    const found = facts(type, props);
    expect(unreadableOf(filters(found)[0])[0]).toContain("which Azure may rewrite before routing it");
    expect(blocked(found)).toBe(true);
  });

  test("a path written plainly is read as before", () => {
    const [filter] = filters(facts("azapi:index/resource:Resource", { parentId: RG, name: "rf-covered" }));
    expect(filter).toMatchObject({ azureName: "rf-covered", resourceGroup: "rg-api", unreadable: [] });
  });
});
