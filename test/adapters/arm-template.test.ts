import { Unreadable } from "../../src/core/model";
import { UNKNOWN } from "../../harness/policy-runtime";
import {
  armFilter,
  classicDeployment,
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

const T = "properties.template";

describe("azure-native Deployment with an inline template", () => {
  test("a route filter in the template is a fact with its identity and communities", () => {
    const [filter, ...rest] = factsOf(nativeDeployment("deploy", template([armFilter("rf-tpl", ["12076:5010", "12076:51002"])])));
    expect(rest).toEqual([]);
    expect(filter).toMatchObject({
      kind: "route-filter",
      property: `${T}.resources[0]`,
      azureName: "rf-tpl",
      resourceGroup: "rg-hub",
      subscriptionId: SUB,
      id: undefined,
      unreadable: [],
    });
    expect(filters([filter]).flatMap(communitiesOf)).toEqual(["12076:5010", "12076:51002"]);
    expect(filters([filter])[0].rules[0].communities[0].property).toBe(`${T}.resources[0].properties.rules[0].properties.communities[0]`);
  });

  test("a template with no route filter, rule, peering or nested deployment gives no fact", () => {
    const storage = {
      type: "Microsoft.Storage/storageAccounts",
      name: "[uniqueString(resourceGroup().id)]",
      properties: { x: "[reference('y')]" },
    };
    expect(factsOf(nativeDeployment("deploy", template([storage])))).toEqual([]);
  });

  test("several filters give several facts, each with its own unreadable values", () => {
    const facts = filters(
      factsOf(nativeDeployment("deploy", template([armFilter("a", ["12076:5010"]), armFilter("b", ["[reference('x').c]"])]))),
    );
    expect(facts.map((f) => f.azureName)).toEqual(["a", "b"]);
    expect(facts[0].unreadable).toEqual([]);
    expect(unreadableOf(facts[1])[0]).toContain(`${T}.resources[1].properties.rules[0].properties.communities[0] is the ARM expression`);
    expect(unreadableOf(facts[1])[0]).toContain("reference() is not one the pack evaluates");
  });

  test("parameters come from the deployment, else their default; variables and concat are evaluated", () => {
    const tmpl = template([armFilter("[concat(parameters('prefix'), '-m365')]", "[variables('services')]")], {
      parameters: {
        prefix: { type: "string" },
        exchange: { type: "string", defaultValue: "12076:5010" },
        regional: { type: "string", defaultValue: "12076:51002" },
      },
      variables: { services: "[createArray(parameters('exchange'), parameters('Regional'), format('{0}:{1}', 12076, 5100))]" },
    });
    const [filter] = filters(
      factsOf(nativeDeployment("deploy", tmpl, { parameters: { prefix: { value: "rf" }, regional: { value: "12076:51003" } } })),
    );
    expect(filter.azureName).toBe("rf-m365");
    expect(communitiesOf(filter)).toEqual(["12076:5010", "12076:51003", "12076:5100"]);
    expect(filter.unreadable).toEqual([]);
  });

  test("a parameter unknown at preview, a Key Vault reference, a parametersLink and a missing value are unreadable", () => {
    const tmpl = (communities: string) => template([armFilter("rf", [communities])], { parameters: { c: { type: "string" } } });
    const unreadable = (extra: Record<string, unknown>) =>
      unreadableOf(filters(factsOf(nativeDeployment("d", tmpl("[parameters('c')]"), extra)))[0]);
    expect(unreadable({ parameters: { c: { value: UNKNOWN } } })).toEqual([
      `${T}.resources[0].properties.rules[0].properties.communities[0] is not known until the update runs (computed from another resource's output)`,
    ]);
    expect(unreadable({ parameters: { c: { reference: { keyVault: { id: "/kv" }, secretName: "s" } } } })[0]).toContain(
      "is a Key Vault reference",
    );
    expect(unreadable({ parametersLink: { uri: "https://example.org/p.json" } })[0]).toContain("come from properties.parametersLink");
    expect(unreadable({})[0]).toContain('parameter "c" is given no value and has no default');
  });

  test("a template unknown at preview, a linked template and an absent template cannot be verified", () => {
    expect(unreadableOf(factsOf(nativeDeployment("d", UNKNOWN))[0])).toEqual([
      `${T} is not known until the update runs (computed from another resource's output)`,
    ]);
    const linked = factsOf(
      record("azure-native:resources:Deployment", "d", {
        resourceGroupName: "rg",
        properties: { mode: "Incremental", templateLink: { uri: "https://example.org/t.json" } },
      }),
    );
    expect(unreadableOf(linked[0])).toEqual(["properties.templateLink links the template from elsewhere, which the pack cannot read"]);
    const whole = factsOf(record("azure-native:resources:Deployment", "d", { resourceGroupName: "rg", properties: UNKNOWN }));
    expect(unreadableOf(whole[0])).toEqual(["properties is not known until the update runs (computed from another resource's output)"]);
    const absent = factsOf(
      record("azure-native:resources:Deployment", "d", { resourceGroupName: "rg", properties: { mode: "Incremental" } }),
    );
    expect(unreadableOf(absent[0])).toEqual([`${T} is absent, so the pack cannot see what the deployment creates`]);
  });

  test("an existing deployment's outputs hold no template: its inputs, given beside them, are read", () => {
    const inputs = {
      resourceGroupName: "rg-hub",
      properties: { mode: "Incremental", template: template([armFilter("rf", ["12076:5020"])]) },
    };
    const existing = record(
      "azure-native:resources:Deployment",
      "d",
      {
        properties: { provisioningState: "Succeeded", templateHash: "123" },
      },
      { inputs, id: `/subscriptions/${OTHER_SUB}/resourceGroups/rg-hub/providers/Microsoft.Resources/deployments/d` },
    );
    const [filter] = filters(factsOf(existing));
    expect(communitiesOf(filter)).toEqual(["12076:5020"]);
    // The subscription in state wins over the provider's.
    expect(filter).toMatchObject({ subscriptionId: OTHER_SUB, resourceGroup: "rg-hub", azureName: "rf" });
  });

  test("a copy loop and an expression for the type cannot be verified", () => {
    const looped = factsOf(
      nativeDeployment("d", template([armFilter("[concat('rf', copyIndex())]", ["12076:5010"], { copy: { name: "l", count: 2 } })])),
    );
    expect(unreadableOf(looped[0])).toEqual([
      `${T}.resources[0].copy deploys Microsoft.Network/routeFilters in a copy loop, which the pack does not expand`,
    ]);
    const propertyLoop = armFilter("rf", []);
    (propertyLoop.properties as Record<string, unknown>).copy = [
      { name: "rules", count: 1, input: { name: "r", properties: { access: "Allow", communities: ["12076:5010"] } } },
    ];
    expect(unreadableOf(factsOf(nativeDeployment("d", template([propertyLoop])))[0])).toEqual([
      `${T}.resources[0].properties.rules is built by a copy loop, which the pack does not expand`,
    ]);
    const typed = factsOf(nativeDeployment("d", template([{ type: "[parameters('t')]", name: "x" }])));
    expect(unreadableOf(typed[0])[0]).toContain(`${T}.resources[0].type is the ARM expression`);
  });

  test("escaped brackets are literal text, not an expression", () => {
    const [filter] = filters(factsOf(nativeDeployment("d", template([armFilter("[[rf]", ["12076:51002"])]))));
    expect(filter.azureName).toBe("[rf]");
  });

  test("a hostile expression (deep nesting, self reference) is unreadable, never a crash", () => {
    const deep = `[${"concat(".repeat(500)}'x'${")".repeat(500)}]`;
    const loop = template([armFilter("rf", ["[variables('a')]"])], { variables: { a: "[variables('b')]", b: "[variables('a')]" } });
    expect(unreadableOf(filters(factsOf(nativeDeployment("d", template([armFilter("rf", [deep])]))))[0])[0]).toContain(
      "nested more than 64 levels deep",
    );
    expect(unreadableOf(filters(factsOf(nativeDeployment("d", loop)))[0])[0]).toContain("refers to itself");
  });
});

describe("rules, nested templates and scopes", () => {
  const rule = (name: string, communities: unknown, type = "Microsoft.Network/routeFilters/routeFilterRules") => ({
    type,
    name,
    properties: { access: "Allow", routeFilterRuleType: "Community", communities },
  });

  test("a top-level child rule names its filter; a nested one takes its parent's name", () => {
    const filter = { ...armFilter("rf", ["12076:51002"]), resources: [rule("nested", ["12076:5030"], "routeFilterRules")] };
    const facts = factsOf(nativeDeployment("d", template([filter, rule("rf/top", ["12076:5010"])])));
    const [nested, top] = rules(facts);
    expect(nested).toMatchObject({
      property: `${T}.resources[0].resources[0]`,
      filter: { value: "rf" },
      resourceGroup: "rg-hub",
      subscriptionId: SUB,
    });
    expect(nested.rule.communities.map((c) => c.raw)).toEqual(["12076:5030"]);
    expect(top).toMatchObject({ property: `${T}.resources[1]`, filter: { value: "rf" } });
    expect(top.rule.name).toBe("top");
  });

  test("a nested deployment in the outer scope uses the parent's parameters and its own target", () => {
    const nested = {
      type: "Microsoft.Resources/deployments",
      name: "inner",
      resourceGroup: "rg-other",
      subscriptionId: OTHER_SUB,
      properties: { mode: "Incremental", template: template([armFilter("rf-nested", ["[parameters('c')]"])]) },
    };
    const [filter] = filters(
      factsOf(nativeDeployment("d", template([nested], { parameters: { c: { type: "string", defaultValue: "12076:5100" } } }))),
    );
    expect(filter).toMatchObject({
      azureName: "rf-nested",
      resourceGroup: "rg-other",
      subscriptionId: OTHER_SUB,
      property: `${T}.resources[0].properties.template.resources[0]`,
    });
    expect(communitiesOf(filter)).toEqual(["12076:5100"]);
  });

  test("a nested deployment in the inner scope takes the values its deployment gives", () => {
    const nested = {
      type: "Microsoft.Resources/deployments",
      name: "inner",
      properties: {
        mode: "Incremental",
        expressionEvaluationOptions: { scope: "Inner" },
        parameters: { c: { value: "[parameters('outer')]" } },
        template: template([armFilter("rf", ["[parameters('c')]"])], {
          parameters: { c: { type: "string", defaultValue: "12076:51002" } },
        }),
      },
    };
    const [filter] = filters(
      factsOf(nativeDeployment("d", template([nested], { parameters: { outer: { type: "string", defaultValue: "12076:5020" } } }))),
    );
    expect(communitiesOf(filter)).toEqual(["12076:5020"]);
  });

  test("a nested linked template cannot be verified", () => {
    const nested = {
      type: "Microsoft.Resources/deployments",
      name: "n",
      properties: { mode: "Incremental", templateLink: { uri: "https://example.org/t.json" } },
    };
    expect(unreadableOf(factsOf(nativeDeployment("d", template([nested])))[0])).toEqual([
      `${T}.resources[0].properties.templateLink links the template from elsewhere, which the pack cannot read`,
    ]);
  });

  test("languageVersion 2.0 keys resources by symbolic name: read from JSON text (see hidden-keys.test.ts for an object)", () => {
    const text = JSON.stringify(template({ rf: armFilter("rf", ["12076:5010"]) }, { languageVersion: "2.0" }));
    const [filter] = filters(factsOf(classicDeployment("d", text)));
    expect(filter).toMatchObject({ azureName: "rf", property: `templateContent.resources["rf"]` });
  });

  test("an existing filter is not created, but its rules are", () => {
    const facts = factsOf(
      nativeDeployment(
        "d",
        template([{ ...armFilter("rf", []), existing: true }, rule("rf/r", ["12076:5010"])], { languageVersion: "2.0" }),
      ),
    );
    expect(filters(facts)).toEqual([]);
    expect(rules(facts)[0].filter.value).toBe("rf");
  });

  test("existing is a keyword of languageVersion 2.0 only: in any other template the filter is deployed and read", () => {
    for (const extra of [{}, { languageVersion: "1.0" }, { languageVersion: "[parameters('v')]" }]) {
      const facts = factsOf(nativeDeployment("d", template([{ ...armFilter("rf", ["12076:5010"]), Existing: true }], extra)));
      expect(filters(facts).flatMap(communitiesOf)).toEqual(["12076:5010"]);
    }
  });

  test.each([
    [
      "azure-native:resources:DeploymentAtScope",
      { scope: `/subscriptions/${OTHER_SUB}/resourceGroups/rg-scope`, properties: {} },
      OTHER_SUB,
      "rg-scope",
    ],
    ["azure-native:resources/v20240301:DeploymentAtSubscriptionScope", { properties: {} }, SUB, undefined],
    ["azure-native:resources:DeploymentAtManagementGroupScope", { groupId: "mg", properties: {} }, undefined, undefined],
    ["azure-native:resources:DeploymentAtTenantScope", { properties: {} }, undefined, undefined],
    ["azure-nextgen:resources/latest:Deployment", { resourceGroupName: "rg-next", properties: {} }, SUB, "rg-next"],
  ])("%s deploys where its scope says", (type, props, subscription, group) => {
    const p = props;
    const [filter] = filters(
      factsOf(
        record(type, "d", {
          ...p,
          properties: { ...p.properties, mode: "Incremental", template: template([armFilter("rf", ["12076:5010"])]) },
        }),
      ),
    );
    expect(filter).toMatchObject({ subscriptionId: subscription, resourceGroup: group, azureName: "rf" });
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test("deployment stacks hold the template at the top level", () => {
    const stack = record("azure-native:resources:DeploymentStackAtResourceGroup", "s", {
      resourceGroupName: "rg-stack",
      actionOnUnmanage: { resources: "delete" },
      denySettings: { mode: "none" },
      parameters: { c: { value: "12076:5030" } },
      template: template([armFilter("rf", ["[parameters('c')]"])], { parameters: { c: { type: "string" } } }),
    });
    const [filter] = filters(factsOf(stack));
    expect(filter).toMatchObject({ property: "template.resources[0]", resourceGroup: "rg-stack" });
    expect(communitiesOf(filter)).toEqual(["12076:5030"]);
  });
});

describe("classic template deployments", () => {
  test("templateContent and parametersContent are JSON text", () => {
    const tmpl = JSON.stringify(template([armFilter("rf", ["[parameters('c')]"])], { parameters: { c: { type: "string" } } }));
    const [filter] = filters(factsOf(classicDeployment("d", tmpl, JSON.stringify({ c: { value: "12076:5010" } }))));
    expect(filter).toMatchObject({
      property: "templateContent.resources[0]",
      azureName: "rf",
      resourceGroup: "rg-hub",
      subscriptionId: SUB,
    });
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test("a whole parameters file is read too", () => {
    const tmpl = JSON.stringify(
      template([armFilter("rf", ["[parameters('c')]"])], { parameters: { c: { type: "string", defaultValue: "12076:51002" } } }),
    );
    const file = JSON.stringify({
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
      contentVersion: "1.0.0.0",
      parameters: { c: { value: "12076:5100" } },
    });
    expect(communitiesOf(filters(factsOf(classicDeployment("d", tmpl, file)))[0])).toEqual(["12076:5100"]);
  });

  test("text that is not JSON, a template spec and an unknown template cannot be verified", () => {
    expect(unreadableOf(factsOf(classicDeployment("d", "{ not json"))[0])[0]).toMatch(/^templateContent is not valid JSON/);
    const spec = record("azure:core/subscriptionTemplateDeployment:SubscriptionTemplateDeployment", "d", {
      templateSpecVersionId: "/subscriptions/x/templateSpecs/t/versions/1",
    });
    expect(unreadableOf(factsOf(spec)[0])).toEqual(["templateSpecVersionId deploys a template spec, which the pack cannot read"]);
    expect(unreadableOf(factsOf(classicDeployment("d", UNKNOWN))[0])[0]).toContain("templateContent is not known");
  });

  test.each([
    ["azure:management/groupTemplateDeployment:GroupTemplateDeployment"],
    ["azure:core/tenantTemplateDeployment:TenantTemplateDeployment"],
  ])("%s has no subscription of its own", (type) => {
    const [filter] = filters(factsOf(record(type, "d", { templateContent: JSON.stringify(template([armFilter("rf", ["12076:5010"])])) })));
    expect(filter.subscriptionId).toBeUndefined();
    expect(communitiesOf(filter)).toEqual(["12076:5010"]);
  });

  test("the old TemplateDeployment: templateBody with a map of parameter values", () => {
    const tmpl = JSON.stringify(template([armFilter("rf", ["[parameters('c')]"])], { parameters: { c: { type: "string" } } }));
    const old = record("azure:core/templateDeployment:TemplateDeployment", "d", {
      resourceGroupName: "rg",
      templateBody: tmpl,
      parameters: { c: "12076:5020" },
    });
    expect(communitiesOf(filters(factsOf(old))[0])).toEqual(["12076:5020"]);
  });
});

describe("peerings in templates", () => {
  test("a circuit's inline Microsoft peering, any case, links by the ID resourceId() composes", () => {
    const circuit = {
      type: "Microsoft.Network/expressRouteCircuits",
      name: "er",
      properties: {
        peerings: [
          { name: "AzurePrivatePeering", properties: { peeringType: "AzurePrivatePeering" } },
          {
            name: "MicrosoftPeering",
            properties: { peeringType: "MICROSOFTPEERING", routeFilter: { id: "[resourceId('Microsoft.Network/routeFilters', 'rf')]" } },
          },
        ],
      },
    };
    const facts = factsOf(nativeDeployment("d", template([circuit])));
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      kind: "microsoft-peering",
      circuitName: "er",
      property: `${T}.resources[0].properties.peerings[1]`,
      routeFilters: [
        { family: "IPv4", reference: { value: `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/routeFilters/rf` } },
      ],
    });
  });

  test("a child peering named microsoftpeering without a type and without a filter is a Microsoft peering with none", () => {
    const peering = { type: "Microsoft.Network/expressRouteCircuits/peerings", name: "er/microsoftpeering", properties: {} };
    const [fact] = factsOf(nativeDeployment("d", template([peering])));
    expect(fact).toMatchObject({ kind: "microsoft-peering", circuitName: "er", routeFilters: [{ family: "IPv4", reference: undefined }] });
  });
});

test("an unreadable value is the model's Unreadable, never a thrown error", () => {
  const hostile = nativeDeployment("d", {
    resources: [null, 3, "x", { type: 5 }, armFilter({ a: 1 }, { b: 2 })],
    parameters: "nope",
    variables: [],
  });
  const facts = factsOf(hostile);
  expect(facts.every((f) => f.unreadable.every((u) => u.why instanceof Unreadable))).toBe(true);
  expect(unreadableOf(filters(facts)[0])).toEqual([
    `${T}.resources[4].properties.rules[0].properties.communities should be a list, but is an object`,
  ]);
});
