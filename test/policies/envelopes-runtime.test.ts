/**
 * ARM resources in a generic envelope (generic resources, AzAPI deployments, stacks and actions) through the real
 * policy runtime (gRPC, the pack's own process), each beside the scan engine on the same
 * resources: a route filter that allows a Microsoft 365 community with no exception is a
 * mandatory finding, and the pack and `scan` say the same.
 */
import { packAndScan } from "../support/agreement";
import { PolicyRuntime, secret, type StackResource, UNKNOWN } from "../../harness/policy-runtime";
import { resource } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
const SUB = "11111111-2222-3333-4444-555555555555";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-api`;
const FILTER_ID = `${RG}/providers/Microsoft.Network/routeFilters/rf-api`;

let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

const rules = (communities: unknown) => [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }];
const armFilter = (name: string, communities: unknown) => ({
  type: "Microsoft.Network/routeFilters",
  apiVersion: "2023-09-01",
  name,
  properties: { rules: rules(communities) },
});
const generic = (name: string, props: Record<string, unknown>) =>
  resource("azure-native:resources:Resource", name, {
    resourceGroupName: "rg-gen",
    apiVersion: "2023-09-01",
    parentResourcePath: "",
    ...props,
  });
const azapi = (type: string, name: string, props: Record<string, unknown>) => resource(`azapi:index/${type}`, name, props);
const stackInTemplate = (template: unknown, extra: Record<string, unknown> = {}) => ({
  type: "Microsoft.Resources/deploymentStacks",
  apiVersion: "2024-03-01",
  name: "s",
  properties: { actionOnUnmanage: { resources: "delete" }, denySettings: { mode: "none" }, template, ...extra },
});

interface Case {
  readonly resource: StackResource;
  /** What the mandatory finding on the resource says. */
  readonly says: string;
}

const CASES: [string, Case][] = [
  [
    "1: a generic resources:Resource route filter",
    {
      resource: generic("gen-rf", {
        resourceProviderNamespace: "Microsoft.Network",
        resourceType: "routeFilters",
        resourceName: "rf-gen",
        properties: { rules: rules(["12076:5010"]) },
      }),
      says: "12076:5010 Exchange Online (properties.rules[0].properties.communities[0])",
    },
  ],
  [
    "1: a generic resources:Resource rule, type in another case",
    {
      resource: generic("gen-rule", {
        resourceProviderNamespace: "microsoft.network",
        parentResourcePath: "ROUTEFILTERS/rf-gen",
        resourceType: "routefilterrules",
        resourceName: "exo",
        properties: { access: "Allow", communities: ["12076:5020"] },
      }),
      says: "12076:5020 SharePoint Online (properties.communities[0])",
    },
  ],
  [
    "1: a generic resources:Resource deployment",
    {
      resource: generic("gen-dep", {
        resourceProviderNamespace: "Microsoft.Resources",
        resourceType: "deployments",
        resourceName: "d",
        properties: { mode: "Incremental", template: { resources: [armFilter("rf-t", ["12076:5010"])] } },
      }),
      says: "12076:5010 Exchange Online (properties.template.resources[0].properties.rules[0].properties.communities[0])",
    },
  ],
  [
    "1: a generic resources:Resource whose type is unknown at preview",
    {
      resource: generic("gen-unknown", {
        resourceProviderNamespace: "Microsoft.Network",
        resourceType: UNKNOWN,
        resourceName: "rf",
        properties: {},
      }),
      says: "resourceType is not known until the update runs",
    },
  ],
  [
    "4: an AzAPI deployment with an inline template",
    {
      resource: azapi("resource:Resource", "api-dep", {
        type: "Microsoft.Resources/deployments@2024-03-01",
        name: "d",
        parentId: RG,
        body: { properties: { mode: "Incremental", template: { resources: [armFilter("rf-t", ["12076:5010"])] } } },
      }),
      says: "12076:5010 Exchange Online (body.properties.template.resources[0].properties.rules[0].properties.communities[0])",
    },
  ],
  [
    "4: an AzAPI deployment stack with an inline template",
    {
      resource: azapi("resource:Resource", "api-stack", {
        type: "Microsoft.Resources/deploymentStacks@2024-03-01",
        name: "s",
        parentId: RG,
        body: { properties: { denySettings: { mode: "none" }, template: { resources: [armFilter("rf-t", ["12076:5100"])] } } },
      }),
      says: "12076:5100 Other Office 365 Online services (body.properties.template.resources[0]",
    },
  ],
  [
    "5: an AzAPI sensitiveBody (a secret, decrypted for analysis) merged into body",
    {
      resource: azapi("resource:Resource", "api-sens", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        name: "rf-api",
        parentId: RG,
        body: { location: "westeurope" },
        sensitiveBody: secret({ properties: { rules: rules(["12076:5010"]) } }),
      }),
      says: "12076:5010 Exchange Online (body+sensitiveBody.properties.rules[0].properties.communities[0])",
    },
  ],
  [
    "5: an AzAPI sensitiveBody that gives a key differently from body",
    {
      resource: azapi("resource:Resource", "api-conflict", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        name: "rf-api",
        parentId: RG,
        body: { properties: { rules: rules(["12076:51002"]) } },
        sensitiveBody: { properties: { rules: rules(["12076:5010"]) } },
      }),
      says: "body+sensitiveBody.properties.rules is given differently in body and in sensitiveBody",
    },
  ],
  [
    "6: an AzAPI ResourceAction PUT of routeFilterRules/<name> on a filter",
    {
      resource: azapi("resourceAction:ResourceAction", "api-act", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        resourceId: FILTER_ID,
        action: "routeFilterRules/r1",
        method: "PUT",
        body: { properties: { access: "Allow", communities: ["12076:5010"] } },
      }),
      says: "12076:5010 Exchange Online (body.properties.communities[0])",
    },
  ],
  [
    "6: an AzAPI ResourceAction PATCH of providers/Microsoft.Network/routeFilters/<name> on a resource group",
    {
      resource: azapi("resourceAction:ResourceAction", "api-act-rg", {
        type: "Microsoft.Resources/resourceGroups@2021-04-01",
        resourceId: RG,
        action: "providers/Microsoft.Network/routeFilters/x",
        method: "PATCH",
        body: { properties: { rules: rules(["12076:5020"]) } },
      }),
      says: "12076:5020 SharePoint Online",
    },
  ],
  [
    "6: an AzAPI ResourceAction PUT whose action is unknown at preview",
    {
      resource: azapi("resourceAction:ResourceAction", "api-act-unknown", {
        type: "Microsoft.Network/routeFilters@2023-09-01",
        resourceId: FILTER_ID,
        action: UNKNOWN,
        method: "PUT",
        body: {},
      }),
      says: "action is not known until the update runs",
    },
  ],
  [
    "8: a deployment stack declared inside a template",
    {
      resource: resource("azure-native:resources:Deployment", "tpl-stack", {
        resourceGroupName: "rg-hub",
        properties: { mode: "Incremental", template: { resources: [stackInTemplate({ resources: [armFilter("rf-s", ["12076:5010"])] })] } },
      }),
      says: "12076:5010 Exchange Online (properties.template.resources[0].properties.template.resources[0].properties.rules[0].properties.communities[0])",
    },
  ],
  [
    "8: a deployment stack in a template that reads differently either way ARM may evaluate it",
    {
      resource: resource("azure-native:resources:Deployment", "tpl-stack-2", {
        resourceGroupName: "rg-hub",
        properties: {
          mode: "Incremental",
          template: {
            parameters: { c: { type: "array", defaultValue: ["12076:51002"] } },
            resources: [
              stackInTemplate(
                { parameters: { c: { type: "array" } }, resources: [armFilter("rf-s", "[parameters('c')]")] },
                { parameters: { c: { value: ["12076:5010"] } } },
              ),
            ],
          },
        },
      }),
      says: "deploys a deployment stack whose template reads differently",
    },
  ],
];

test.each(CASES)("%s: a mandatory finding on the resource, and the pack and scan agree", async (_what, c) => {
  const found = await runtime.violationsOf(MAIN, [c.resource]);
  const onIt = found.filter((v) => v.urn === c.resource.urn);
  expect(onIt.length).toBeGreaterThan(0);
  expect(onIt.every((v) => v.enforcementLevel === "mandatory")).toBe(true);
  expect(onIt.map((v) => v.message).join("\n")).toContain(c.says);
  const { byPack, byScan } = await packAndScan(runtime, [c.resource], {});
  expect(byPack).toEqual(byScan);
});

test("regional communities in each envelope pass, in the pack and in scan", async () => {
  const harmless = CASES.filter(([what]) => !/unknown|differently|reads differently/.test(what)).map(
    ([, c]) => JSON.parse(JSON.stringify(c.resource).replace(/"12076:5(010|020|100)"/g, '"12076:51002"')) as StackResource,
  );
  expect(await runtime.violationsOf(MAIN, harmless)).toEqual([]);
  const { byPack, byScan } = await packAndScan(runtime, harmless, {});
  expect(byPack).toEqual(byScan);
});
