/**
 * Two more ways to name the same Azure resources: azure-native local packages (`pulumi package add
 * azure-native network v20230901`) and hashicorp/azurerm bridged dynamically (`pulumi package add
 * terraform-provider hashicorp/azurerm`, package `azurerm`). Shapes hand-written after
 * pulumi-azure-native provider_parameterize.go (tokens) and terraform-provider-azurerm's schemas.
 */
import { type MicrosoftPeeringFact } from "../../src/core/model";
import { isCoveredType } from "../../src/adapters";
import { nativeToken } from "../../src/adapters/common";
import { applyRemediation } from "../../src/adapters/remediation";
import { UNKNOWN } from "../../harness/policy-runtime";
import { communitiesOf, factsOf, filters, record, rules, template, unreadableOf, armFilter } from "./shapes";

const nativeRules = (communities: unknown) => [{ name: "r", access: "Allow", routeFilterRuleType: "Community", communities }];
const peerings = (facts: ReturnType<typeof factsOf>) => facts.filter((f): f is MicrosoftPeeringFact => f.kind === "microsoft-peering");

describe("azure-native local packages", () => {
  test.each([
    ["azure-native:network:RouteFilter", { module: "network", resource: "RouteFilter" }],
    ["azure-native:network/v20240501:RouteFilter", { module: "network", resource: "RouteFilter" }],
    ["azure-nextgen:network/latest:RouteFilter", { module: "network", resource: "RouteFilter" }],
    ["azure-native_network_v20230901:network/v20230901:RouteFilter", { module: "network", resource: "RouteFilter" }],
    // The provider matches the module without regard to case and keeps the case it was given.
    ["azure-native_Network_v20230901:Network/v20230901:RouteFilter", { module: "network", resource: "RouteFilter" }],
    ["azure-native_network_v20230501preview:network/v20230501preview:RouteFilterRule", { module: "network", resource: "RouteFilterRule" }],
    ["azure-native_resources_v20240301:resources/v20240301:Deployment", { module: "resources", resource: "Deployment" }],
  ])("%s is azure-native", (type, parts) => {
    expect(nativeToken(type)).toEqual(parts);
  });

  test.each([
    "azure:network/routeFilter:RouteFilter",
    "azurerm:index/routeFilter:RouteFilter",
    "azure-native-x:network:RouteFilter",
    "my-azure-native:network:RouteFilter",
  ])("%s is not", (type) => expect(nativeToken(type)).toBeUndefined());

  test.each([
    "azure-native_network_v20230901:network/v20230901:RouteFilter",
    "azure-native_NETWORK_v20230901:NETWORK/v20230901:RouteFilter",
    "azure-native_network_v20230501preview:network/v20230501preview:RouteFilter",
  ])("a route filter of %s is read like the typed one", (type) => {
    const [filter] = filters(
      factsOf(record(type, "rf", { routeFilterName: "rf-local", resourceGroupName: "rg", rules: nativeRules(["12076:5010"]) })),
    );
    expect(filter).toMatchObject({ azureName: "rf-local", resourceGroup: "rg" });
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test("a local package's standalone rule, peering and circuit", () => {
    const pkg = "azure-native_network_v20230901:network/v20230901";
    const [rule] = rules(
      factsOf(
        record(`${pkg}:RouteFilterRule`, "rule", {
          routeFilterName: "rf",
          ruleName: "exo",
          resourceGroupName: "rg",
          access: "Allow",
          communities: ["12076:5020"],
        }),
      ),
    );
    expect(rule.rule.communities.map((c) => c.raw)).toEqual(["12076:5020"]);
    const [peering] = peerings(
      factsOf(
        record(`${pkg}:ExpressRouteCircuitPeering`, "p", {
          circuitName: "er",
          peeringName: "MicrosoftPeering",
          peeringType: "MicrosoftPeering",
        }),
      ),
    );
    expect(peering.routeFilters).toEqual([{ family: "IPv4", reference: undefined }]);
    const [inline] = peerings(
      factsOf(
        record(`${pkg}:ExpressRouteCircuit`, "er", {
          circuitName: "er",
          peerings: [{ name: "MicrosoftPeering", peeringType: "MicrosoftPeering" }],
        }),
      ),
    );
    expect(inline).toMatchObject({ circuitName: "er", property: "peerings[0]" });
  });

  test("a local package's template deployment is walked", () => {
    const d = record("azure-native_resources_v20240301:resources/v20240301:Deployment", "tpl", {
      resourceGroupName: "rg",
      properties: { mode: "Incremental", template: template([armFilter("rf-tpl", ["12076:5100"])]) },
    });
    expect(filters(factsOf(d)).flatMap(communitiesOf)).toEqual(["12076:5100"]);
  });

  test("other modules of a local package are not route filters", () => {
    expect(isCoveredType("azure-native_storage_v20230101:storage/v20230101:StorageAccount")).toBe(false);
    expect(isCoveredType("azure-native_network_v20230901:network/v20230901:VirtualNetwork")).toBe(false);
    // A RouteFilter of another module is no route filter: only network's are.
    expect(isCoveredType("azure-native_resources_v20240301:resources/v20240301:RouteFilter")).toBe(false);
  });
});

describe("azurerm through the dynamic bridge", () => {
  const rule = (communities: unknown) => ({ name: "allow", access: "Allow", ruleType: "Community", communities });
  const azurerm = (type: string, props: Record<string, unknown>, extra = {}) =>
    record(type, "rm", props, {
      provider: { type: "pulumi:providers:azurerm", props: { subscriptionId: "11111111-2222-3333-4444-555555555555" } },
      ...extra,
    });

  test.each([
    ["a list (the dynamic bridge: rule is a list attribute)", [rule(["12076:5010", "12076:51004"])], "rule[0].communities[0]"],
    ["an object (MaxItems=1 flattened, as the static bridge does)", rule(["12076:5010", "12076:51004"]), "rule.communities[0]"],
  ])("a route filter whose rule is %s", (_how, ruleValue, where) => {
    const [filter] = filters(
      factsOf(
        azurerm("azurerm:index/routeFilter:RouteFilter", {
          name: "rf-rm",
          resourceGroupName: "rg",
          location: "westeurope",
          rule: ruleValue,
        }),
      ),
    );
    expect(filter).toMatchObject({ azureName: "rf-rm", resourceGroup: "rg", subscriptionId: "11111111-2222-3333-4444-555555555555" });
    expect(communitiesOf(filter)).toEqual(["12076:5010", "12076:51004"]);
    expect(filter.rules[0].communities[0].property).toBe(where);
    expect(filter.rules[0].access).toBe("Allow");
  });

  test("in any module of package azurerm", () => {
    for (const type of ["azurerm:network/routeFilter:RouteFilter", "azurerm:index:RouteFilter"]) {
      expect(communitiesOf(filters(factsOf(azurerm(type, { name: "rf", rule: [rule(["12076:5030"])] })))[0])).toEqual(["12076:5030"]);
    }
  });

  test("a rule list or an item of it unknown at preview, or of the wrong shape, cannot be verified", () => {
    const read = (value: unknown) =>
      unreadableOf(filters(factsOf(azurerm("azurerm:index/routeFilter:RouteFilter", { name: "rf", rule: value })))[0]);
    expect(read(UNKNOWN)).toEqual(["rule is not known until the update runs (computed from another resource's output)"]);
    expect(read([UNKNOWN])).toEqual(["rule[0] is not known until the update runs (computed from another resource's output)"]);
    expect(read([rule(UNKNOWN)])).toEqual([
      "rule[0].communities is not known until the update runs (computed from another resource's output)",
    ]);
    expect(read("12076:5010")).toEqual(['rule should be an object, but is "12076:5010"']);
  });

  test("a peering's route filters: routeFilterId, and ipv6.routeFilterId as an object or a list", () => {
    const F4 = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/routeFilters/rf4";
    const F6 = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/routeFilters/rf6";
    const ipv6 = {
      primaryPeerAddressPrefix: "2002:db01::/126",
      secondaryPeerAddressPrefix: "2003:db01::/126",
      routeFilterId: F6,
      microsoftPeering: { advertisedPublicPrefixes: ["2002:db01::/126"] },
    };
    for (const [value, where] of [
      [ipv6, "ipv6.routeFilterId"],
      [[ipv6], "ipv6[0].routeFilterId"],
    ] as const) {
      const [p] = peerings(
        factsOf(
          azurerm("azurerm:index/expressRouteCircuitPeering:ExpressRouteCircuitPeering", {
            peeringType: "MicrosoftPeering",
            expressRouteCircuitName: "er",
            routeFilterId: F4,
            ipv6: value,
          }),
        ),
      );
      expect(p.circuitName).toBe("er");
      expect(p.routeFilters).toEqual([
        { family: "IPv4", reference: { property: "routeFilterId", value: F4, dependsOn: [] } },
        { family: "IPv6", reference: { property: where, value: F6, dependsOn: [] } },
      ]);
    }
  });

  test("an IPv6 block without a route filter, or one unknown at preview, counts; an empty list is none", () => {
    const peering = (ipv6: unknown) =>
      peerings(
        factsOf(
          azurerm("azurerm:index/expressRouteCircuitPeering:ExpressRouteCircuitPeering", {
            peeringType: "MicrosoftPeering",
            expressRouteCircuitName: "er",
            ipv6,
          }),
        ),
      )[0].routeFilters;
    expect(peering([{ primaryPeerAddressPrefix: "2002:db01::/126" }])).toEqual([
      { family: "IPv4", reference: undefined },
      { family: "IPv6", reference: undefined },
    ]);
    expect(peering(UNKNOWN)[1]).toEqual({ family: "IPv6", reference: { property: "ipv6", dependsOn: [] } });
    expect(peering([])).toEqual([{ family: "IPv4", reference: undefined }]);
  });

  test("a private peering is no Microsoft peering", () => {
    expect(
      factsOf(
        azurerm("azurerm:index/expressRouteCircuitPeering:ExpressRouteCircuitPeering", {
          peeringType: "AzurePrivatePeering",
          expressRouteCircuitName: "er",
        }),
      ),
    ).toEqual([]);
  });

  test.each([
    ["ResourceGroupTemplateDeployment", "templateContent", "parametersContent"],
    ["SubscriptionTemplateDeployment", "templateContent", "parametersContent"],
    ["ManagementGroupTemplateDeployment", "templateContent", "parametersContent"],
    ["TenantTemplateDeployment", "templateContent", "parametersContent"],
    ["TemplateDeployment", "templateBody", "parametersBody"],
  ])("a %s is read like classic azure's", (resource, templateKey, parametersKey) => {
    const tmpl = template([armFilter("rf-tpl", "[parameters('c')]")], { parameters: { c: { type: "array" } } });
    const props = {
      name: "tpl",
      resourceGroupName: "rg",
      deploymentMode: "Incremental",
      [templateKey]: JSON.stringify(tmpl),
      [parametersKey]: JSON.stringify({ c: { value: ["12076:5020"] } }),
    };
    const type = `azurerm:index/${resource[0].toLowerCase()}${resource.slice(1)}:${resource}`;
    const [filter] = filters(factsOf(azurerm(type, props)));
    expect(communitiesOf(filter)).toEqual(["12076:5020"]);
    expect(filter.rules[0].communities[0].property).toBe(`${templateKey}.resources[0].properties.rules[0].properties.communities[0]`);
  });

  test("a template spec deployment cannot be verified", () => {
    const facts = factsOf(
      azurerm("azurerm:index/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment", {
        name: "tpl",
        resourceGroupName: "rg",
        templateSpecVersionId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/t/versions/1",
      }),
    );
    expect(facts.flatMap(unreadableOf)).toEqual(["templateSpecVersionId deploys a template spec, which the pack cannot read"]);
  });

  test.each([
    "azurerm:index/routeFilterRule:RouteFilterRule",
    "azurerm:index/routefilter:Routefilter",
    "azurerm:network/expressRouteCircuitPeeringConfig:ExpressRouteCircuitPeeringConfig",
    "azurerm:index/resourceDeploymentStack:ResourceDeploymentStack",
    "azurerm:index/managementGroupTemplateDeploymentV2:ManagementGroupTemplateDeploymentV2",
  ])("%s, related to route filters but not read, cannot be verified", (type) => {
    const facts = factsOf(azurerm(type, { name: "x", rule: [rule(["12076:5010"])] }));
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ kind: "route-filter", property: "(all properties)", rules: [] });
    expect(unreadableOf(facts[0])).toEqual([
      `(all properties) are those of the azurerm resource ${type.split(":")[2]}, which may make or attach a route filter but which the pack does not read`,
    ]);
  });

  test.each([
    "azurerm:index/expressRouteCircuit:ExpressRouteCircuit",
    "azurerm:index/expressRouteCircuitAuthorization:ExpressRouteCircuitAuthorization",
    "azurerm:index/virtualNetworkPeering:VirtualNetworkPeering",
    "azurerm:index/resourceGroup:ResourceGroup",
  ])("%s is not about route filters", (type) => {
    expect(isCoveredType(type)).toBe(false);
  });
});

describe("remediation of a rule in a list", () => {
  test("removes the community from the list's rule, keeping the list", () => {
    const props = { name: "rf", rule: [{ name: "r", access: "Allow", ruleType: "Community", communities: ["12076:5010", "12076:51004"] }] };
    const applied = applyRemediation(props, { changed: true, remove: new Set(["rule[0].communities[0]"]), removed: [] });
    expect(applied).toEqual({
      changed: true,
      updates: { rule: [{ name: "r", access: "Allow", ruleType: "Community", communities: ["12076:51004"] }] },
    });
  });

  test("an emptied rule leaves an empty list", () => {
    const props = { name: "rf", rule: [{ name: "r", access: "Allow", ruleType: "Community", communities: ["12076:5010"] }] };
    expect(applyRemediation(props, { changed: true, remove: new Set(["rule[0].communities[0]"]), removed: [] })).toEqual({
      changed: true,
      updates: { rule: [] },
    });
  });
});
