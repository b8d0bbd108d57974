/**
 * The Azure Policy documents (src/core/azure-policy.ts) as files to deploy at subscription scope:
 * an ARM template (JSON) and the same in Bicep (a main file and a module per resource group for the
 * exemptions, which sit on the route filters themselves).
 */
import { API_VERSIONS, type AzurePolicyDocuments, type PolicyExemptionDocument } from "../core/azure-policy";

const NETWORK_API = "2024-05-01";
const EXEMPTIONS_MODULE = "route-filter-exemptions.bicep";

/** Exemptions grouped by the resource group of their filter, in a stable order. */
function byResourceGroup(exemptions: readonly PolicyExemptionDocument[]): [string, PolicyExemptionDocument[]][] {
  const groups = new Map<string, PolicyExemptionDocument[]>();
  for (const e of exemptions) {
    const key = e.resourceGroup;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/** A deployment name: at most 64 characters of letters, digits, '-', '_', '.', '(' and ')'. */
function deploymentName(resourceGroup: string): string {
  return `m365-guard-waivers-${resourceGroup}`.replace(/[^A-Za-z0-9_.()-]/g, "-").slice(0, 64);
}

// ---- ARM JSON ----

/** ARM evaluates a string that starts with '[' as an expression; policy expressions are Azure Policy's, so escape them as "[[". */
function armLiteral(value: unknown): unknown {
  if (typeof value === "string") return value.startsWith("[") ? `[${value}` : value;
  if (Array.isArray(value)) return value.map(armLiteral);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, armLiteral(v)]));
  return value;
}

export function armTemplate(documents: AzurePolicyDocuments): string {
  const definitionId = `[subscriptionResourceId('Microsoft.Authorization/policyDefinitions', '${documents.definition.name}')]`;
  const assignmentResourceId = (name: string) => `[subscriptionResourceId('Microsoft.Authorization/policyAssignments', '${name}')]`;
  const waivers = documents.assignments[1].name;
  const template = {
    $schema: "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    metadata: { generator: "expressroute-m365-guard azure-policy" },
    resources: [
      {
        type: "Microsoft.Authorization/policyDefinitions",
        apiVersion: API_VERSIONS.policyDefinitions,
        name: documents.definition.name,
        properties: armLiteral(documents.definition.properties),
      },
      ...documents.assignments.map((a) => ({
        type: "Microsoft.Authorization/policyAssignments",
        apiVersion: API_VERSIONS.policyAssignments,
        name: a.name,
        dependsOn: [definitionId],
        properties: { policyDefinitionId: definitionId, ...(armLiteral(a.properties) as object) },
      })),
      ...byResourceGroup(documents.exemptions).map(([resourceGroup, exemptions]) => ({
        type: "Microsoft.Resources/deployments",
        apiVersion: "2022-09-01",
        name: deploymentName(resourceGroup),
        resourceGroup,
        dependsOn: [assignmentResourceId(waivers)],
        properties: {
          mode: "Incremental",
          expressionEvaluationOptions: { scope: "inner" },
          template: {
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            contentVersion: "1.0.0.0",
            resources: exemptions.map((e) => ({
              type: "Microsoft.Authorization/policyExemptions",
              apiVersion: API_VERSIONS.policyExemptions,
              name: e.name,
              scope: `Microsoft.Network/routeFilters/${e.filterName}`,
              properties: armLiteral(e.properties),
            })),
          },
        },
      })),
    ],
  };
  return JSON.stringify(template, null, 2) + "\n";
}

// ---- Bicep ----

/** A Bicep string literal: backslash, quote and interpolation escaped. */
export function bicepString(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "\\'")
    .replace(/\$\{/g, "\\${")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return `'${escaped}'`;
}

/** Bicep source written as is: a reference to another resource, such as `definition.id`. */
export class BicepExpression {
  constructor(readonly text: string) {}
}

/** A JSON value as a Bicep literal (Bicep emits a string that starts with '[' escaped, as policy rules need). */
export function bicepValue(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (value instanceof BicepExpression) return value.text;
  if (typeof value === "string") return bicepString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) {
    return value.length === 0 ? "[]" : `[\n${value.map((v) => `${inner}${bicepValue(v, inner)}`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : bicepString(k));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${bicepValue(v, inner)}`).join("\n")}\n${indent}}`;
  }
  throw new Error(`no Bicep literal for ${typeof value}`);
}

/** main.bicep (subscription scope) and its exemptions module, by file name. */
export function bicepFiles(documents: AzurePolicyDocuments): Record<string, string> {
  const [register, waivers] = documents.assignments;
  const assignment = (symbol: string, a: typeof register) =>
    `resource ${symbol} 'Microsoft.Authorization/policyAssignments@${API_VERSIONS.policyAssignments}' = {\n` +
    `  name: ${bicepString(a.name)}\n` +
    `  properties: ${bicepValue({ policyDefinitionId: new BicepExpression("definition.id"), ...a.properties }, "  ")}\n}\n`;
  const modules = byResourceGroup(documents.exemptions).map(
    ([resourceGroup, exemptions], i) =>
      `module waivers${i} '${EXEMPTIONS_MODULE}' = {\n` +
      `  name: ${bicepString(deploymentName(resourceGroup))}\n` +
      `  scope: resourceGroup(${bicepString(resourceGroup)})\n` +
      `  params: ${bicepValue(
        {
          policyAssignmentId: new BicepExpression("waiverAssignment.id"),
          exemptions: exemptions.map(({ name, filterName, properties: { expiresOn, displayName, description, metadata } }) => ({
            name,
            filterName,
            expiresOn,
            displayName,
            description,
            metadata,
          })),
        },
        "  ",
      )}\n}\n`,
  );
  const main = [
    "// Generated by `expressroute-m365-guard azure-policy` from the exception register: edit the register, not this file.",
    "targetScope = 'subscription'\n",
    `resource definition 'Microsoft.Authorization/policyDefinitions@${API_VERSIONS.policyDefinitions}' = {\n` +
      `  name: ${bicepString(documents.definition.name)}\n` +
      `  properties: ${bicepValue(documents.definition.properties, "  ")}\n}\n`,
    assignment("registerAssignment", register),
    assignment("waiverAssignment", waivers),
    ...modules,
  ].join("\n");
  const module = `// Generated by \`expressroute-m365-guard azure-policy\`: one Waiver exemption per register entry, on its route filter.
targetScope = 'resourceGroup'

@description('The assignment the route filters are exempted from.')
param policyAssignmentId string

@description('One per register entry and route filter of this resource group.')
param exemptions waiver[]

type waiver = {
  name: string
  filterName: string
  expiresOn: string
  displayName: string
  description: string
  metadata: object
}

resource routeFilters 'Microsoft.Network/routeFilters@${NETWORK_API}' existing = [for e in exemptions: {
  name: e.filterName
}]

resource waivers 'Microsoft.Authorization/policyExemptions@${API_VERSIONS.policyExemptions}' = [for (e, i) in exemptions: {
  name: e.name
  scope: routeFilters[i]
  properties: {
    policyAssignmentId: policyAssignmentId
    exemptionCategory: 'Waiver'
    expiresOn: e.expiresOn
    displayName: e.displayName
    description: e.description
    metadata: e.metadata
  }
}]
`;
  return { "main.bicep": main, [EXEMPTIONS_MODULE]: module };
}
