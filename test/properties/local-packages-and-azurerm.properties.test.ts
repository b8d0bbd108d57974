/**
 * Property tests of the provider shapes beyond azure-native's own: a Microsoft 365
 * community written in an azure-native local package (module in any case, any API version) or in
 * hashicorp/azurerm bridged dynamically (rule as list or object, any module, template
 * deployments, resources the pack does not read) yields a gated community fact or an unreadable
 * entry, never nothing; the pack blocks it; and the pack in the real policy runtime and the scan
 * engine agree. 10,000 runs each (PROPERTY_RUNS to change), from a seed printed at the start
 * (PROPERTY_SEED to repeat one); fast-check prints the shrunk counterexample of a failure.
 */
import fc from "fast-check";
import { type StackResource, UNKNOWN } from "../../harness/policy-runtime";
import { urnOf } from "../../harness/stack";
import { anyCase, GATED, HARMLESS, RUNS } from "./arbitraries";
import { type CommunityCase, communityProperties, packAndScanAgree } from "./agreement";

jest.setTimeout(30 * 60_000);

const SUB = "11111111-2222-3333-4444-555555555555";
// Printed so that a run can be repeated (PROPERTY_SEED) even when it passed.
const SEED = Number(process.env.PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`local-packages-and-azurerm properties: seed ${SEED}, ${RUNS} runs`);
const settings = { numRuns: RUNS, verbose: 1, seed: SEED } as const;

const shapes = [
  "local-filter",
  "local-rule",
  "local-deployment",
  "azurerm-list",
  "azurerm-object",
  "azurerm-deployment",
  "azurerm-unread",
] as const;

const DEPLOYMENTS = [
  ["ResourceGroupTemplateDeployment", "templateContent", "parametersContent"],
  ["SubscriptionTemplateDeployment", "templateContent", "parametersContent"],
  ["ManagementGroupTemplateDeployment", "templateContent", "parametersContent"],
  ["TenantTemplateDeployment", "templateContent", "parametersContent"],
  ["TemplateDeployment", "templateBody", "parametersBody"],
] as const;
const UNREAD = ["RouteFilterRule", "ExpressRouteCircuitPeeringConnection", "ResourceDeploymentStack", "RouteFilterV2"];

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

function resourceOf(
  shape: (typeof shapes)[number],
  value: string,
  access: string,
  c: { module: string; version: string; rmModule: string; deployment: number; unread: number; viaParameter: boolean },
): StackResource {
  const res = (type: string, props: Record<string, unknown>): StackResource => ({
    urn: urnOf(type, "r"),
    type,
    name: "r",
    props,
    provider: {
      urn: urnOf(`pulumi:providers:${type.split(":")[0]}`, "default"),
      type: `pulumi:providers:${type.split(":")[0]}`,
      name: "default",
      props: { subscriptionId: SUB },
    },
  });
  const local = (module: string, resource: string) => `azure-native_${module}_${c.version}:${module}/${c.version}:${resource}`;
  const rm = (resource: string) => `azurerm:${c.rmModule === "index" ? `index/${lowerFirst(resource)}` : c.rmModule}:${resource}`;
  const armFilter = (communities: unknown) => ({
    type: "Microsoft.Network/routeFilters",
    apiVersion: "2023-09-01",
    name: "rf-tpl",
    properties: { rules: [{ name: "r", properties: { access, routeFilterRuleType: "Community", communities } }] },
  });
  const rmRule = { name: "r", access, ruleType: "Community", communities: [value] };
  switch (shape) {
    case "local-filter":
      return res(local(c.module, "RouteFilter"), {
        routeFilterName: "rf",
        resourceGroupName: "rg",
        rules: [{ name: "r", access, routeFilterRuleType: "Community", communities: [value] }],
      });
    case "local-rule":
      return res(local(c.module, "RouteFilterRule"), {
        routeFilterName: "rf",
        ruleName: "r",
        resourceGroupName: "rg",
        access,
        routeFilterRuleType: "Community",
        communities: [value],
      });
    case "local-deployment": {
      const resources = c.module.toLowerCase() === "network" ? c.module.replace(/network/i, "Resources") : "resources";
      return res(local(resources, "Deployment"), {
        resourceGroupName: "rg",
        properties: { mode: "Incremental", template: { resources: [armFilter([value])] } },
      });
    }
    case "azurerm-list":
      return res(rm("RouteFilter"), { name: "rf", resourceGroupName: "rg", rule: [rmRule] });
    case "azurerm-object":
      return res(rm("RouteFilter"), { name: "rf", resourceGroupName: "rg", rule: rmRule });
    case "azurerm-deployment": {
      const [resource, templateKey, parametersKey] = DEPLOYMENTS[c.deployment % DEPLOYMENTS.length];
      const tmpl = c.viaParameter
        ? { parameters: { c: { type: "array" } }, resources: [armFilter("[parameters('c')]")] }
        : { resources: [armFilter([value])] };
      const props: Record<string, unknown> = {
        name: "tpl",
        resourceGroupName: "rg",
        deploymentMode: "Incremental",
        [templateKey]: JSON.stringify(tmpl),
      };
      if (c.viaParameter) props[parametersKey] = JSON.stringify({ c: { value: [value] } });
      return res(rm(resource), props);
    }
    case "azurerm-unread":
      return res(rm(UNREAD[c.unread % UNREAD.length]), { name: "x", rule: [rmRule] });
  }
}

const shapeCase: fc.Arbitrary<CommunityCase> = fc
  .record({
    gated: fc.boolean(),
    index: fc.nat(),
    access: fc.constantFrom("Allow", "Allow", "Deny"),
    shape: fc.constantFrom(...shapes),
    module: anyCase("network"),
    version: fc.constantFrom("v20230901", "v20240501", "v20230501preview", "v20180601"),
    rmModule: fc.constantFrom("index", "index", "network", "index/x"),
    deployment: fc.nat(),
    unread: fc.nat(),
    viaParameter: fc.boolean(),
  })
  .map((c) => {
    const values = c.gated ? GATED : HARMLESS;
    const value = values[c.index % values.length];
    return { value, gated: c.gated, access: c.access, resource: resourceOf(c.shape, value, c.access, c) };
  });

communityProperties(shapeCase, { where: "any local-package or azurerm shape", blocked: "resource", readable: "readable shapes" }, settings);

packAndScanAgree(
  "on every generated local-package and azurerm shape",
  fc
    .oneof(
      shapeCase.map((c) => [c.resource]),
      fc.tuple(shapeCase, shapeCase).map(([a, b]) => [a.resource, { ...b.resource, urn: `${b.resource.urn}-2`, name: "r-2" }]),
      // A community unknown at preview.
      shapeCase.map((c) => [{ ...c.resource, props: JSON.parse(JSON.stringify(c.resource.props).replace(/12076:5\d+/, UNKNOWN)) }]),
    )
    .map((resources) => ({ resources, config: {} })),
  settings,
);
