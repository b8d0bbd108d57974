/**
 * Property tests of the template and body shapes: a Microsoft 365 community written in any
 * generated ARM template shape (native, versioned, scoped, stack, classic, nested, child rules,
 * symbolic resources, parameters, defaults, variables, concat) or AzAPI body, or a
 * generic envelope (azure-native resources:Resource, AzAPI deployments and stacks, sensitiveBody,
 * ResourceAction PUT of resourceId/action, a stack declared in a template), with resource types
 * and peering types in any case, yields a gated community fact or an unreadable entry, never
 * nothing; the pack in the real policy runtime and the scan engine agree on all of it; and an `id`
 * input never becomes a filter's identity. 10,000 runs each (PROPERTY_RUNS to change); fast-check
 * prints the seed and the shrunk counterexample of a failure.
 */
import fc from "fast-check";
import { POLICIES } from "../../src/policies";
import { factsOf } from "../../src/adapters";
import { evaluatePack } from "../../src/core/evaluate";
import { type StackResource, UNKNOWN } from "../../harness/policy-runtime";
import { analysed, asRuntimeSees } from "../support/runtime-view";
import { nativeProvider, resource, urnOf } from "../../harness/stack";
import { anyCase, GATED, HARMLESS, RUNS } from "./arbitraries";
import { type CommunityCase, communityProperties, packAndScanAgree } from "./agreement";

jest.setTimeout(30 * 60_000);

const SUB = "11111111-2222-3333-4444-555555555555";
const RG_ID = `/subscriptions/${SUB}/resourceGroups/rg-api`;
const settings = { numRuns: RUNS, verbose: 1 } as const;
const today = () => new Date().toISOString().slice(0, 10);

/** Where and how the template writes the community: the value, plus what the template needs for it. */
interface Written {
  readonly communities: unknown;
  readonly parameters?: Record<string, unknown>;
  readonly variables?: Record<string, unknown>;
  /** Values the deployment gives, by parameter name. */
  readonly given?: Record<string, unknown>;
  readonly evaluable: boolean;
}

const written = (value: string): fc.Arbitrary<Written> => {
  const [asn, local] = value.split(":");
  return fc.constantFrom<Written>(
    { communities: [value], evaluable: true },
    { communities: "[parameters('services')]", parameters: { services: { type: "array" } }, given: { services: [value] }, evaluable: true },
    { communities: "[parameters('Services')]", parameters: { services: { type: "array", defaultValue: [value] } }, evaluable: true },
    { communities: "[variables('services')]", variables: { services: [value] }, evaluable: true },
    { communities: [`[concat('${asn}', ':', '${local}')]`], evaluable: true },
    { communities: [`[format('{0}:{1}', '${asn}', '${local}')]`], evaluable: true },
    { communities: `[createArray('${value}')]`, evaluable: true },
    { communities: [`[if(equals(1, 1), '${value}', 'x')]`], evaluable: true },
    { communities: ["[reference('other').community]"], evaluable: false },
  );
};

type Container = "inline" | "child-top" | "child-nested" | "nested-outer" | "nested-inner" | "stack-in-template";

interface TemplateCase extends CommunityCase {
  readonly shape: string;
}

function templateOf(w: Written, container: Container, filterType: string, ruleType: string, access: string, symbolic: boolean) {
  const ruleProps = { access, routeFilterRuleType: "Community", communities: w.communities };
  const filter = (rules: unknown[]) => ({ type: filterType, apiVersion: "2023-09-01", name: "rf-tpl", properties: { rules } });
  let resources: Record<string, unknown>[];
  switch (container) {
    case "inline":
    case "nested-outer":
    case "nested-inner":
    case "stack-in-template":
      resources = [filter([{ name: "r", properties: ruleProps }])];
      break;
    case "child-top":
      resources = [filter([]), { type: ruleType, name: "rf-tpl/r", properties: ruleProps }];
      break;
    case "child-nested":
      resources = [{ ...filter([]), resources: [{ type: ruleType.split("/").pop(), name: "r", properties: ruleProps }] }];
      break;
  }
  const body = { parameters: w.parameters ?? {}, variables: w.variables ?? {} };
  const collection = symbolic ? Object.fromEntries(resources.map((r, i) => [`res${i}`, r])) : resources;
  const extra = symbolic ? { languageVersion: "2.0" } : {};
  if (container === "nested-outer") {
    return {
      ...body,
      ...extra,
      resources: [
        {
          type: "Microsoft.Resources/deployments",
          name: "inner",
          resourceGroup: "rg-inner",
          properties: { mode: "Incremental", template: { resources: collection } },
        },
      ],
    };
  }
  if (container === "nested-inner" || container === "stack-in-template") {
    // The outer template hands its own values down as the inner one's parameters.
    const passDown = Object.fromEntries(Object.keys(w.parameters ?? {}).map((p) => [p, { value: `[parameters('${p}')]` }]));
    const inner = { ...body, ...extra, resources: collection };
    return {
      ...body,
      resources: [
        container === "nested-inner"
          ? {
              type: "Microsoft.Resources/deployments",
              name: "inner",
              properties: { mode: "Incremental", expressionEvaluationOptions: { scope: "inner" }, parameters: passDown, template: inner },
            }
          : {
              type: "Microsoft.Resources/deploymentStacks",
              name: "inner",
              properties: {
                denySettings: { mode: "none" },
                actionOnUnmanage: { resources: "delete" },
                parameters: passDown,
                template: inner,
              },
            },
      ],
    };
  }
  return { ...body, ...extra, resources: collection };
}

const deploymentKinds = [
  "native",
  "versioned",
  "subscription",
  "stack",
  "classic",
  "classic-old",
  "azapi-object",
  "azapi-text",
  // ARM resources in a generic envelope.
  "generic-deployment",
  "azapi-deployment",
  "azapi-stack",
  "action-deployment",
  "generic-filter",
  "azapi-sensitive",
  "azapi-action",
] as const;

function deploymentOf(
  kind: (typeof deploymentKinds)[number],
  tmpl: Record<string, unknown>,
  w: Written,
  value: string,
  access: string,
  azapiType: string,
): StackResource {
  const res = (type: string, props: Record<string, unknown>) =>
    resource(type, "dep", props, { provider: nativeProvider({ subscriptionId: SUB }) });
  const given = Object.fromEntries(Object.entries(w.given ?? {}).map(([k, v]) => [k, { value: v }]));
  switch (kind) {
    case "native":
    case "versioned":
    case "subscription": {
      const type = {
        native: "azure-native:resources:Deployment",
        versioned: "azure-native:resources/v20240301:Deployment",
        subscription: "azure-native:resources:DeploymentAtSubscriptionScope",
      }[kind];
      return res(type, { resourceGroupName: "rg-hub", properties: { mode: "Incremental", parameters: given, template: tmpl } });
    }
    case "stack":
      return res("azure-native:resources:DeploymentStackAtResourceGroup", {
        resourceGroupName: "rg-hub",
        parameters: given,
        template: tmpl,
        denySettings: { mode: "none" },
        actionOnUnmanage: { resources: "delete" },
      });
    case "classic":
      return res("azure:core/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment", {
        name: "dep",
        resourceGroupName: "rg-hub",
        deploymentMode: "Incremental",
        templateContent: JSON.stringify(tmpl),
        parametersContent: JSON.stringify(given),
      });
    case "classic-old":
      return res("azure:core/templateDeployment:TemplateDeployment", {
        name: "dep",
        resourceGroupName: "rg-hub",
        deploymentMode: "Incremental",
        templateBody: JSON.stringify(tmpl),
        parametersBody: JSON.stringify(given),
      });
    case "azapi-object":
    case "azapi-text": {
      // AzAPI sends the body as written: no template language, so only the literal placement applies.
      const body = {
        properties: { rules: [{ name: "r", properties: { access, routeFilterRuleType: "Community", communities: [value] } }] },
      };
      return res("azapi:index/resource:Resource", {
        type: `${azapiType}@2023-09-01`,
        name: "rf-api",
        parentId: `/subscriptions/${SUB}/resourceGroups/rg-api`,
        body: kind === "azapi-text" ? JSON.stringify(body) : body,
      });
    }
    case "generic-deployment":
      return res("azure-native:resources:Resource", {
        resourceGroupName: "rg-hub",
        resourceProviderNamespace: "Microsoft.Resources",
        parentResourcePath: "",
        resourceType: "deployments",
        resourceName: "dep",
        apiVersion: "2024-03-01",
        properties: { mode: "Incremental", parameters: given, template: tmpl },
      });
    case "azapi-deployment":
    case "azapi-stack": {
      const type =
        kind === "azapi-stack" ? "Microsoft.Resources/deploymentStacks@2024-03-01" : "Microsoft.Resources/deployments@2024-03-01";
      return res("azapi:index/resource:Resource", {
        type,
        name: "dep",
        parentId: RG_ID,
        body: { properties: { parameters: given, template: tmpl } },
      });
    }
    case "action-deployment":
      return res("azapi:index/resourceAction:ResourceAction", {
        type: "Microsoft.Resources/resourceGroups@2021-04-01",
        resourceId: RG_ID,
        action: "providers/Microsoft.Resources/deployments/dep",
        method: "PUT",
        body: { properties: { parameters: given, template: tmpl } },
      });
    case "generic-filter":
    case "azapi-sensitive":
    case "azapi-action": {
      // No template language here either: the literal placement, in each envelope.
      const properties = { rules: [{ name: "r", properties: { access, routeFilterRuleType: "Community", communities: [value] } }] };
      const [namespace, filters] = azapiType.split("/");
      if (kind === "generic-filter") {
        return res("azure-native:resources:Resource", {
          resourceGroupName: "rg-hub",
          resourceProviderNamespace: namespace,
          parentResourcePath: "",
          resourceType: filters,
          resourceName: "rf-gen",
          apiVersion: "2023-09-01",
          properties,
        });
      }
      if (kind === "azapi-sensitive") {
        return res("azapi:index/resource:Resource", {
          type: `${azapiType}@2023-09-01`,
          name: "rf-api",
          parentId: RG_ID,
          body: { location: "westeurope", properties: {} },
          sensitiveBody: { properties },
        });
      }
      return res("azapi:index/resourceAction:ResourceAction", {
        type: "Microsoft.Resources/resourceGroups@2021-04-01",
        resourceId: RG_ID,
        action: `providers/${azapiType}/rf-act`,
        method: "PUT",
        body: { properties },
      });
    }
  }
}

const templateCase: fc.Arbitrary<TemplateCase> = fc
  .record({
    gated: fc.boolean(),
    index: fc.nat(),
    container: fc.constantFrom<Container>("inline", "child-top", "child-nested", "nested-outer", "nested-inner", "stack-in-template"),
    filterType: anyCase("Microsoft.Network/routeFilters"),
    ruleType: anyCase("Microsoft.Network/routeFilters/routeFilterRules"),
    access: fc.constantFrom("Allow", "Allow", "Deny"),
    symbolic: fc.boolean(),
    kind: fc.constantFrom(...deploymentKinds),
  })
  .chain((c) => {
    const value = (c.gated ? GATED : HARMLESS)[c.index % (c.gated ? GATED : HARMLESS).length];
    return fc.tuple(fc.constant(c), fc.constant(value), written(value));
  })
  .map(([c, value, w]) => ({
    value,
    gated: c.gated,
    access: c.access,
    shape: `${c.kind}/${c.container}${c.symbolic ? "/symbolic" : ""}`,
    resource: deploymentOf(
      c.kind,
      templateOf(w, c.container, c.filterType, c.ruleType, c.access, c.symbolic),
      w,
      value,
      c.access,
      c.filterType,
    ),
  }));

communityProperties(templateCase, { where: "any template or AzAPI shape", blocked: "stack", readable: "readable templates" }, settings);

test("an id input never becomes a filter's ID or subscription", () => {
  const idText = fc.oneof(
    fc.string(),
    fc
      .tuple(fc.uuid(), fc.stringMatching(/^[a-z0-9-]{1,12}$/))
      .map(([sub, name]) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Network/routeFilters/${name}`),
  );
  fc.assert(
    fc.property(
      idText,
      fc.constantFrom(
        "azure-native:network:RouteFilter",
        "azure-nextgen:network/latest:RouteFilter",
        "azure:network/routeFilter:RouteFilter",
      ),
      (id, type) => {
        const props = { id, name: "rf", routeFilterName: "rf", resourceGroupName: "rg", rules: [] };
        const facts = factsOf(
          asRuntimeSees({ urn: urnOf(type, "rf"), type, name: "rf", props, provider: nativeProvider({ subscriptionId: SUB }) }),
        );
        return facts.every((f) => f.kind !== "route-filter" || (f.id === undefined && f.subscriptionId === SUB));
      },
    ),
    settings,
  );
});

/** Peerings of every covered shape with the type in any case, beside a template's filter. */
const peeringCase = fc
  .record({ type: anyCase("MicrosoftPeering"), shape: fc.constantFrom("native", "classic", "inline", "template", "azapi") })
  .map(({ type, shape }): StackResource => {
    const res = (t: string, props: Record<string, unknown>) =>
      resource(t, "peer", props, { provider: nativeProvider({ subscriptionId: SUB }) });
    switch (shape) {
      case "native":
        return res("azure-native:network:ExpressRouteCircuitPeering", {
          circuitName: "er",
          peeringName: type,
          peeringType: type,
          resourceGroupName: "rg",
        });
      case "classic":
        return res("azure:network/expressRouteCircuitPeering:ExpressRouteCircuitPeering", {
          expressRouteCircuitName: "er",
          peeringType: type,
          resourceGroupName: "rg",
        });
      case "inline":
        return res("azure-native:network:ExpressRouteCircuit", {
          circuitName: "er",
          resourceGroupName: "rg",
          peerings: [{ name: type, peeringType: type }],
        });
      case "template":
        return res("azure-native:resources:Deployment", {
          resourceGroupName: "rg",
          properties: {
            mode: "Incremental",
            template: {
              resources: [
                { type: "Microsoft.Network/expressRouteCircuits/peerings", name: `er/${type}`, properties: { peeringType: type } },
              ],
            },
          },
        });
      default:
        return res("azapi:index/resource:Resource", {
          type: "Microsoft.Network/expressRouteCircuits/peerings@2023-09-01",
          name: type,
          parentId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er",
          body: { properties: { peeringType: type } },
        });
    }
  });

test("a Microsoft peering in any case and shape is one: without a route filter it is reported", () => {
  fc.assert(
    fc.property(peeringCase, (peering) =>
      evaluatePack(POLICIES, [analysed(asRuntimeSees(peering))], {}, today()).some(
        (f) => f.policy.name === "m365-microsoft-peering-without-route-filter" && f.urn === peering.urn,
      ),
    ),
    settings,
  );
});

packAndScanAgree(
  "on every generated template, AzAPI and peering shape",
  fc
    .oneof(
      templateCase.map((c) => [c.resource]),
      fc.tuple(templateCase, peeringCase).map(([c, p]) => [c.resource, p]),
      // Values unknown at preview anywhere in the deployment.
      templateCase.map((c) => [
        { ...c.resource, props: JSON.parse(JSON.stringify(c.resource.props).replace(/"12076:5\d+"/, `"${UNKNOWN}"`)) },
      ]),
    )
    .map((resources) => ({ resources, config: {} })),
  settings,
);
