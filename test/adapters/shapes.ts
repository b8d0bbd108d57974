/**
 * Resource records in the shapes the new adapters read, hand-written after the SDKs' input types:
 * @pulumi/azure-native 3.28.0 (resources:Deployment*, DeploymentStack*), @pulumi/azure 6.40.0
 * (core/*TemplateDeployment, management/groupTemplateDeployment) and the AzAPI Pulumi package
 * (`ediri-azapi` 1.12.2 on PyPI: azapi:index/resource:Resource and friends).
 */
import { type Fact, type ResourceRecord, type RouteFilterFact, type RouteFilterRuleFact } from "../../src/core/model";
import { factsOf } from "../../src/adapters";
import { urnOf } from "../../harness/stack";

export const SUB = "11111111-2222-3333-4444-555555555555";
export const OTHER_SUB = "99999999-8888-7777-6666-555555555555";

export function record(type: string, name: string, props: Record<string, unknown>, extra: Partial<ResourceRecord> = {}): ResourceRecord {
  return {
    urn: urnOf(type, name),
    type,
    name,
    props,
    propertyDependencies: {},
    provider: { type: `pulumi:providers:${type.split(":")[0]}`, props: { subscriptionId: SUB } },
    ...extra,
  };
}

/** An ARM route filter resource as a template writes it. */
export function armFilter(name: unknown, communities: unknown, extra: Record<string, unknown> = {}) {
  return {
    type: "Microsoft.Network/routeFilters",
    apiVersion: "2023-09-01",
    name,
    location: "[resourceGroup().location]",
    properties: { rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }] },
    ...extra,
  };
}

export function template(resources: unknown, extra: Record<string, unknown> = {}) {
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    resources,
    ...extra,
  };
}

export function nativeDeployment(name: string, tmpl: unknown, extra: Record<string, unknown> = {}, record_: Partial<ResourceRecord> = {}) {
  return record(
    "azure-native:resources:Deployment",
    name,
    {
      resourceGroupName: "rg-hub",
      properties: { mode: "Incremental", template: tmpl, ...extra },
    },
    record_,
  );
}

export function classicDeployment(name: string, content: unknown, parameters?: unknown) {
  const props: Record<string, unknown> = { name, resourceGroupName: "rg-hub", deploymentMode: "Incremental", templateContent: content };
  if (parameters !== undefined) props.parametersContent = parameters;
  return record("azure:core/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment", name, props);
}

export const filters = (facts: Fact[]) => facts.filter((f): f is RouteFilterFact => f.kind === "route-filter");
export const rules = (facts: Fact[]) => facts.filter((f): f is RouteFilterRuleFact => f.kind === "route-filter-rule");
export const communitiesOf = (fact: RouteFilterFact) => fact.rules.flatMap((r) => r.communities.map((c) => c.raw));
export const unreadableOf = (fact: Fact) => fact.unreadable.map((u) => `${u.property} ${u.why.describe()}`);
export { factsOf };

/**
 * The variables of issue 17's stack-overflow case: `v0` wraps `v1` in `depth` nested concat()s,
 * `v1` wraps `v2`, and so on; the last is `last`. Each `variables('v<i>')` yields `last` again.
 */
export function concatChain(length: number, depth: number, last: unknown): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (let i = 0; i < length - 1; i++) {
    variables[`v${i}`] = `[${"concat(".repeat(depth)}variables('v${i + 1}')${", '')".repeat(depth)}]`;
  }
  variables[`v${length - 1}`] = last;
  return variables;
}
