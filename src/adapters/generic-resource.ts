/**
 * azure-native's generic ARM resource (`resources:Resource`, @pulumi/azure-native 3.x): any
 * resource type, named by `resourceProviderNamespace`, `parentResourcePath`, `resourceType` and
 * `resourceName`, with its `properties` in ARM's own shape. azure-native sends it to
 * `.../resourcegroups/<resourceGroupName>/providers/<namespace>/<parentResourcePath>/<resourceType>/<resourceName>`,
 * so what it creates is read from that path as ARM reads it: type and name pairs after the
 * namespace, compared without regard to case. A route filter, rule, circuit or peering is read
 * as the ARM template adapter reads one; a deployment or deployment stack, by its template.
 */
import { Fact, Unreadable } from "../core/model";
import { ARM_TYPES, armFacts, ROUTE_FILTER } from "./arm-resources";
import { armDeploymentFacts, DEPLOYMENT_TYPES, nativeDeploymentProperties } from "./arm-template";
import { Adapter, AdapterInput, Base, idOf, inputOf, knownText } from "./common";
import { own } from "./values";

// azure-native and azure-nextgen, with or without an API version module, or as a local package (azure-native_resources_v20240301).
const GENERIC = /^azure-(?:native(?:_[0-9A-Za-z_]+)?|nextgen):resources(?:\/[0-9A-Za-z]+)?:Resource$/;

const RELEVANT = new Set([...ARM_TYPES, ...DEPLOYMENT_TYPES]);
const NAMESPACES = new Set([...RELEVANT].map((type) => type.split("/")[0]));

export function genericResourceAdapterFor(type: string): Adapter | undefined {
  return GENERIC.test(type) ? genericFacts : undefined;
}

function genericFacts(input: AdapterInput, base: Base): Fact[] {
  const { props } = input;
  const namespace = inputOf(props, "resourceProviderNamespace");
  const parentPath = inputOf(props, "parentResourcePath") ?? "";
  const resourceType = inputOf(props, "resourceType");
  // What it creates cannot be told: it may be a route filter.
  for (const [property, value] of [["resourceProviderNamespace", namespace], ["parentResourcePath", parentPath], ["resourceType", resourceType]] as const) {
    if (value instanceof Unreadable) return [blind(base, property, value)];
    if (typeof value !== "string") return [blind(base, property, new Unreadable("shape", "should be a string"))];
  }
  const ns = (namespace as string).trim().toLowerCase();
  if (!NAMESPACES.has(ns)) return [];
  // Type and name pairs: the parent's path, then the type, then the name (which azure-native may generate).
  const segments = [...split(parentPath as string), ...split(resourceType as string)];
  if (segments.length % 2 === 0) {
    return [blind(base, "resourceType", new Unreadable("shape", `with parentResourcePath ${JSON.stringify(parentPath)} names no resource type the pack can tell`))];
  }
  const kind = [ns, ...segments.filter((_, i) => i % 2 === 0).map((s) => s.toLowerCase())].join("/");
  if (!RELEVANT.has(kind)) return [];
  const resourceGroup = knownText(inputOf(props, "resourceGroupName"));
  const scope = { subscriptionId: base.subscriptionId, resourceGroup };
  if (DEPLOYMENT_TYPES.has(kind)) return armDeploymentFacts(base, nativeDeploymentProperties(props), "properties", scope);
  const parentNames = segments.filter((_, i) => i % 2 === 1);
  return armFacts(base, {
    type: kind,
    name: inputOf(props, "resourceName") ?? own(props, "name"),
    // A rule's parent is its route filter's name; a peering's, its circuit's.
    parent: parentNames[parentNames.length - 1],
    parentProperty: "parentResourcePath",
    properties: own(props, "properties") ?? {},
    // The resource is the filter, rule or peering itself, but not in the shape remediation edits.
    path: "",
    propertiesPath: "properties",
    ...scope,
    id: kind === ROUTE_FILTER ? idOf(input) : undefined,
    dependsOn: input.record.propertyDependencies.properties ?? [],
  });
}

function split(path: string): string[] {
  return path.split("/").filter((segment) => segment.trim() !== "");
}

function blind(base: Base, property: string, why: Unreadable): Fact {
  return { ...base, unreadable: [...base.unreadable, { property, why }], kind: "route-filter", property, rules: [] };
}
