/**
 * ARM resources inside a generic envelope: azure-native's
 * generic `resources:Resource`, AzAPI deployments and deployment stacks, AzAPI `sensitiveBody`,
 * AzAPI `ResourceAction` PUT/PATCH with an `action` sub-path, and deployment stacks declared in
 * a template. Shapes hand-written after @pulumi/azure-native 3.28.0 `resources/resource.d.ts` and
 * the azapi provider's schema and request code (Azure/terraform-provider-azapi).
 */
import { type MicrosoftPeeringFact } from "../../src/core/model";
import { UNKNOWN } from "../../harness/policy-runtime";
import {
  armFilter,
  communitiesOf,
  factsOf,
  filters,
  nativeDeployment,
  OTHER_SUB,
  record,
  rules,
  SUB,
  template,
  unreadableOf,
} from "./shapes";

const RG = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-api`;
const FILTER_ID = `${RG}/providers/Microsoft.Network/routeFilters/rf-api`;
const ruleBody = (communities: unknown) => ({ properties: { access: "Allow", routeFilterRuleType: "Community", communities } });
const filterBody = (communities: unknown) => ({
  properties: { rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }] },
});

describe("azure-native generic resources:Resource", () => {
  const generic = (props: Record<string, unknown>, extra = {}) =>
    record(
      "azure-native:resources:Resource",
      "gen",
      { resourceGroupName: "rg-gen", apiVersion: "2023-09-01", parentResourcePath: "", ...props },
      extra,
    );

  test("a route filter, its namespace and type in any case, is read as ARM writes it", () => {
    const [filter, ...rest] = filters(
      factsOf(
        generic({
          resourceProviderNamespace: "microsoft.NETWORK",
          resourceType: "RouteFilters",
          resourceName: "rf-gen",
          ...filterBody(["12076:5010"]),
        }),
      ),
    );
    expect(rest).toEqual([]);
    expect(filter).toMatchObject({ azureName: "rf-gen", resourceGroup: "rg-gen", subscriptionId: SUB, property: "" });
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
    expect(filter.rules[0].communities[0].property).toBe("properties.rules[0].properties.communities[0]");
  });

  test("a rule names its filter by the parent path, or by a type written with its parent", () => {
    const viaParent = rules(
      factsOf(
        generic({
          resourceProviderNamespace: "Microsoft.Network",
          parentResourcePath: "routeFilters/rf-a",
          resourceType: "routeFilterRules",
          resourceName: "exo",
          ...ruleBody(["12076:5010"]),
        }),
      ),
    );
    expect(viaParent[0]).toMatchObject({ filter: { property: "parentResourcePath", value: "rf-a" }, resourceGroup: "rg-gen" });
    expect(viaParent[0].rule.communities.map((c) => c.raw)).toEqual(["12076:5010"]);
    expect(viaParent[0].rule.communities[0].property).toBe("properties.communities[0]");
    const inType = rules(
      factsOf(
        generic({
          resourceProviderNamespace: "Microsoft.Network",
          resourceType: "routeFilters/rf-b/routeFilterRules",
          resourceName: "exo",
          ...ruleBody(["12076:5020"]),
        }),
      ),
    );
    expect(inType[0].filter.value).toBe("rf-b");
  });

  test("a Microsoft peering on a circuit", () => {
    const [peering] = factsOf(
      generic({
        resourceProviderNamespace: "Microsoft.Network",
        parentResourcePath: "expressRouteCircuits/er",
        resourceType: "peerings",
        resourceName: "MicrosoftPeering",
        properties: { peeringType: "MicrosoftPeering" },
      }),
    ) as MicrosoftPeeringFact[];
    expect(peering).toMatchObject({ kind: "microsoft-peering", circuitName: "er" });
  });

  test("a deployment or a deployment stack is read by its template, at the resource group", () => {
    for (const resourceType of ["deployments", "deploymentStacks"]) {
      const [filter] = filters(
        factsOf(
          generic({
            resourceProviderNamespace: "Microsoft.Resources",
            resourceType,
            resourceName: "d",
            properties: { mode: "Incremental", template: template([armFilter("rf-t", ["12076:5100"])]) },
          }),
        ),
      );
      expect(filter).toMatchObject({ azureName: "rf-t", resourceGroup: "rg-gen", property: "properties.template.resources[0]" });
      expect(communitiesOf(filter)).toEqual(["12076:5100"]);
    }
  });

  test("a deployment that exists is read from the inputs azure-native keeps", () => {
    const outputs = { name: "d", type: "Microsoft.Resources/deployments", properties: { provisioningState: "Succeeded" } };
    const inputs = {
      resourceProviderNamespace: "Microsoft.Resources",
      parentResourcePath: "",
      resourceType: "deployments",
      resourceGroupName: "rg-gen",
      properties: { template: template([armFilter("rf-t", ["12076:5010"])]) },
    };
    const [filter] = filters(factsOf(record("azure-native:resources:Resource", "gen", outputs, { inputs })));
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test("a namespace, type or parent path unknown at preview, or a path that names no type, cannot be verified", () => {
    const base = { resourceProviderNamespace: "Microsoft.Network", resourceType: "routeFilters", resourceName: "rf", ...filterBody([]) };
    for (const key of ["resourceProviderNamespace", "resourceType", "parentResourcePath"]) {
      expect(unreadableOf(factsOf(generic({ ...base, [key]: UNKNOWN }))[0])).toEqual([
        `${key} is not known until the update runs (computed from another resource's output)`,
      ]);
    }
    expect(unreadableOf(factsOf(generic({ ...base, parentResourcePath: "routeFilters" }))[0])[0]).toContain(
      "names no resource type the pack can tell",
    );
  });

  test("other resource types, versioned and local-package tokens", () => {
    expect(
      factsOf(generic({ resourceProviderNamespace: "Microsoft.Storage", resourceType: "storageAccounts", resourceName: "st" })),
    ).toEqual([]);
    expect(
      factsOf(generic({ resourceProviderNamespace: "Microsoft.Network", resourceType: "virtualNetworks", resourceName: "vn" })),
    ).toEqual([]);
    for (const type of ["azure-native:resources/v20240301:Resource", "azure-native_resources_v20240301:resources/v20240301:Resource"]) {
      const facts = factsOf(
        record(type, "gen", {
          resourceGroupName: "rg",
          resourceProviderNamespace: "Microsoft.Network",
          parentResourcePath: "",
          resourceType: "routeFilters",
          resourceName: "rf",
          ...filterBody(["12076:5010"]),
        }),
      );
      expect(filters(facts).flatMap(communitiesOf)).toEqual(["12076:5010"]);
    }
  });
});

describe("AzAPI deployments and deployment stacks", () => {
  const azapi = (type: string, props: Record<string, unknown>) => record(type, "api", props);

  test("an inline template is walked, at the scope of parentId", () => {
    for (const type of ["Microsoft.Resources/deployments@2024-03-01", "microsoft.resources/DEPLOYMENTSTACKS@2024-03-01"]) {
      const [filter] = filters(
        factsOf(
          azapi("azapi:index/resource:Resource", {
            type,
            name: "d",
            parentId: RG,
            body: { properties: { mode: "Incremental", template: template([armFilter("rf-t", ["12076:5010"])]) } },
          }),
        ),
      );
      expect(filter).toMatchObject({
        azureName: "rf-t",
        resourceGroup: "rg-api",
        subscriptionId: OTHER_SUB,
        property: "body.properties.template.resources[0]",
      });
      expect(communitiesOf(filter)).toEqual(["12076:5010"]);
    }
  });

  test("at subscription scope a nested deployment names the group; parameters are followed", () => {
    const nested = {
      type: "Microsoft.Resources/deployments",
      name: "n",
      resourceGroup: "rg-in",
      properties: { mode: "Incremental", template: template([armFilter("rf-n", "[parameters('c')]")]) },
    };
    const [filter] = filters(
      factsOf(
        azapi("azapi:index/resource:Resource", {
          type: "Microsoft.Resources/deployments@2024-03-01",
          name: "d",
          parentId: `/subscriptions/${OTHER_SUB}`,
          body: JSON.stringify({
            properties: {
              parameters: { c: { value: ["12076:5020"] } },
              template: template([nested], { parameters: { c: { type: "array" } } }),
            },
          }),
        }),
      ),
    );
    expect(filter).toMatchObject({ azureName: "rf-n", resourceGroup: "rg-in", subscriptionId: OTHER_SUB });
    expect(communitiesOf(filter)).toEqual(["12076:5020"]);
  });

  test("a linked template cannot be verified", () => {
    const facts = factsOf(
      azapi("azapi:index/resource:Resource", {
        type: "Microsoft.Resources/deployments@2024-03-01",
        name: "d",
        parentId: RG,
        body: { properties: { templateLink: { uri: "https://example.org/t.json" } } },
      }),
    );
    expect(unreadableOf(facts[0])).toEqual(["body.properties.templateLink links the template from elsewhere, which the pack cannot read"]);
  });
});

describe("AzAPI sensitiveBody", () => {
  const filterWith = (props: Record<string, unknown>) =>
    factsOf(
      record("azapi:index/resource:Resource", "api", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        name: "rf-api",
        parentId: RG,
        ...props,
      }),
    );

  test("is read merged into body, object by object", () => {
    const [filter] = filters(filterWith({ body: { location: "westeurope", properties: {} }, sensitiveBody: filterBody(["12076:5010"]) }));
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
    expect(filter.rules[0].communities[0].property).toBe("body+sensitiveBody.properties.rules[0].properties.communities[0]");
    expect(filter.unreadable).toEqual([]);
  });

  test("alone, as JSON text, or giving the same value as body", () => {
    expect(filters(filterWith({ sensitiveBody: JSON.stringify(filterBody(["12076:5020"])) })).flatMap(communitiesOf)).toEqual([
      "12076:5020",
    ]);
    const same = filterWith({ body: filterBody(["12076:5020"]), sensitiveBody: filterBody(["12076:5020"]) });
    expect(filters(same)[0].unreadable).toEqual([]);
  });

  test("a key both give differently, or a sensitiveBody unknown at preview, cannot be verified", () => {
    const conflict = filterWith({ body: filterBody(["12076:51002"]), sensitiveBody: filterBody(["12076:5010"]) });
    expect(unreadableOf(conflict[0])).toEqual([
      "body+sensitiveBody.properties.rules is given differently in body and in sensitiveBody, whose merge by azapi the pack does not guess",
    ]);
    expect(unreadableOf(filterWith({ body: filterBody([]), sensitiveBody: UNKNOWN })[0])).toEqual([
      "sensitiveBody is not known until the update runs (computed from another resource's output)",
    ]);
  });
});

describe("AzAPI ResourceAction: the URL actually sent is resourceId/action", () => {
  const action = (props: Record<string, unknown>) =>
    factsOf(
      record("azapi:index/resourceAction:ResourceAction", "act", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        resourceId: FILTER_ID,
        method: "PUT",
        ...props,
      }),
    );

  test("a filter's ID and the action routeFilterRules/<name> is a rule PUT on that filter", () => {
    const [rule] = rules(action({ action: "routeFilterRules/r1", body: ruleBody(["12076:5010"]) }));
    expect(rule).toMatchObject({
      filter: { property: "resourceId/action", value: FILTER_ID },
      resourceGroup: "rg-api",
      subscriptionId: OTHER_SUB,
    });
    expect(rule.rule.name).toBe("r1");
    expect(rule.rule.communities.map((c) => c.raw)).toEqual(["12076:5010"]);
  });

  test("a resource group's ID and the action providers/Microsoft.Network/routeFilters/<name> is a filter PUT", () => {
    const [filter] = filters(
      action({
        type: "Microsoft.Resources/resourceGroups@2021-04-01",
        resourceId: RG,
        action: "providers/Microsoft.Network/routeFilters/x",
        method: "patch",
        body: filterBody(["12076:5020"]),
      }),
    );
    expect(filter).toMatchObject({ azureName: "x", resourceGroup: "rg-api", subscriptionId: OTHER_SUB });
    expect(communitiesOf(filter)).toEqual(["12076:5020"]);
  });

  test("a deployment PUT through an action is walked", () => {
    const [filter] = filters(
      action({
        type: "Microsoft.Resources/resourceGroups@2021-04-01",
        resourceId: RG,
        action: "providers/Microsoft.Resources/deployments/d",
        body: { properties: { template: template([armFilter("rf-t", ["12076:5010"])]) } },
      }),
    );
    expect(filter).toMatchObject({ azureName: "rf-t", resourceGroup: "rg-api" });
  });

  test("a method, action or resourceId unknown at preview, or a method azapi does not send, cannot be verified", () => {
    expect(unreadableOf(action({ action: UNKNOWN })[0])[0]).toContain("action is not known");
    expect(unreadableOf(action({ resourceId: UNKNOWN })[0])[0]).toContain("resourceId is not known");
    expect(unreadableOf(action({ method: UNKNOWN })[0])[0]).toContain("method is not known");
    expect(unreadableOf(action({ method: "MERGE" })[0])[0]).toContain("method should be one of POST, PATCH, PUT, DELETE, GET, HEAD");
  });

  test("a POST or GET changes nothing; a PUT to an unrelated namespace is not a route filter", () => {
    expect(action({ method: "POST", action: "routeFilterRules/r1" })).toEqual([]);
    expect(action({ method: "GET" })).toEqual([]);
    expect(
      action({
        type: "Microsoft.Storage/storageAccounts@2023-01-01",
        resourceId: `${RG}/providers/Microsoft.Storage/storageAccounts/st`,
        action: "blobServices/default/containers",
      }),
    ).toEqual([]);
  });
});

describe("deployment stacks declared in a template (class 8)", () => {
  const stack = (properties: Record<string, unknown>) => ({
    type: "Microsoft.Resources/deploymentStacks",
    apiVersion: "2024-03-01",
    name: "s",
    properties: { actionOnUnmanage: { resources: "delete" }, denySettings: { mode: "none" }, ...properties },
  });

  test("a stack's literal template is walked like a nested deployment", () => {
    const [filter] = filters(
      factsOf(nativeDeployment("d", template([stack({ template: template([armFilter("rf-s", ["12076:5010"])]) })]))),
    );
    expect(filter).toMatchObject({
      azureName: "rf-s",
      resourceGroup: "rg-hub",
      property: "properties.template.resources[0].properties.template.resources[0]",
    });
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test("when the declaring template and the stack's own parameters read it differently, it cannot be verified", () => {
    const outer = template(
      [
        stack({
          parameters: { c: { value: ["12076:5010"] } },
          template: template([armFilter("rf-s", "[parameters('c')]")], { parameters: { c: { type: "array" } } }),
        }),
      ],
      {
        parameters: { c: { type: "array", defaultValue: ["12076:51002"] } },
      },
    );
    expect(unreadableOf(factsOf(nativeDeployment("d", outer))[0])).toEqual([
      "properties.template.resources[0] deploys a deployment stack whose template reads differently in the declaring template and with the stack's own parameters; which ARM does is assumed, not documented",
    ]);
  });

  test("a stack inside a stack's template is not read", () => {
    const inner = stack({ template: template([armFilter("rf", ["12076:51002"])]) });
    const facts = factsOf(nativeDeployment("d", template([stack({ template: template([inner]) })])));
    expect(unreadableOf(facts[0])[0]).toContain("deploys a deployment stack inside a deployment stack's template");
  });
});
