/**
 * azure-native's generic ARM resource (`resources:Resource`, @pulumi/azure-native 3.x): any
 * resource type, named by `resourceProviderNamespace`, `parentResourcePath`, `resourceType` and
 * `resourceName`, with its `properties` in ARM's own shape. azure-native sends it to
 * `.../resourcegroups/<resourceGroupName>/providers/<namespace>/<parentResourcePath>/<resourceType>/<resourceName>`,
 * so what it creates is read from that path as ARM reads it: type and name pairs after the
 * namespace, compared without regard to case. A route filter, rule, circuit or peering is read
 * as the ARM template adapter reads one; a deployment or deployment stack, by its template.
 */
import { type Fact, Unreadable } from "../core/model";
import { ARM_TYPES, armFacts, ROUTE_FILTER } from "./arm-resources";
import { armDeploymentFacts, DEPLOYMENT_TYPES, nativeDeploymentProperties } from "./arm-template";
import { mayReachNamespace, NAMESPACES, rewrittenPath, rewrittenSegment } from "./arm-path";
import { type Adapter, type AdapterInput, type Base, blindFact, idOf, inputOf, knownText, nativeToken } from "./common";
import { own } from "./values";

const RELEVANT = new Set([...ARM_TYPES, ...DEPLOYMENT_TYPES]);

/** azure-native and azure-nextgen, with or without an API version module, or as a local package, module in any case. */
export function genericResourceAdapterFor(type: string): Adapter | undefined {
  const native = nativeToken(type);
  return native?.module === "resources" && native.resource === "Resource" ? genericFacts : undefined;
}

function genericFacts(input: AdapterInput, base: Base): Fact[] {
  const { props } = input;
  const namespace = inputOf(props, "resourceProviderNamespace");
  const parentPath = inputOf(props, "parentResourcePath") ?? "";
  const resourceType = inputOf(props, "resourceType");
  // What it creates cannot be told: it may be a route filter.
  for (const [property, value] of [
    ["resourceProviderNamespace", namespace],
    ["parentResourcePath", parentPath],
    ["resourceType", resourceType],
  ] as const) {
    if (value instanceof Unreadable) return [blindFact(base, property, value)];
    if (typeof value !== "string") return [blindFact(base, property, new Unreadable("shape", "should be a string"))];
  }
  const ns = (namespace as string).trim().toLowerCase();
  // Type and name pairs: the parent's path, then the type, then the name (which azure-native may generate).
  const segments = [...split(parentPath as string), ...split(resourceType as string)];
  const name = inputOf(props, "resourceName") ?? own(props, "name");
  const problem = pathProblem(ns, segments, name);
  if (problem) {
    const path = [namespace, parentPath, resourceType, typeof name === "string" ? name : ""].join("/");
    return mayReachNamespace(path) ? [blindFact(base, problem.property, problem.why(path))] : [];
  }
  if (!NAMESPACES.has(ns)) return [];
  if (segments.length % 2 === 0) {
    return [
      blindFact(
        base,
        "resourceType",
        new Unreadable("shape", `with parentResourcePath ${JSON.stringify(parentPath)} names no resource type the pack can tell`),
      ),
    ];
  }
  const kind = [ns, ...segments.filter((_, i) => i % 2 === 0).map((s) => s.toLowerCase())].join("/");
  if (!RELEVANT.has(kind)) return [];
  const resourceGroup = knownText(inputOf(props, "resourceGroupName"));
  const scope = { subscriptionId: base.subscriptionId, resourceGroup };
  if (DEPLOYMENT_TYPES.has(kind)) return armDeploymentFacts(base, nativeDeploymentProperties(props), "properties", scope);
  const parentNames = segments.filter((_, i) => i % 2 === 1);
  return armFacts(base, {
    type: kind,
    name,
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

/**
 * Why the path azure-native sends may name something other than it seems. It sends
 * parentResourcePath and resourceType as written (x-ms-skip-url-encoding) and the namespace and
 * name path-escaped (pulumi-azure-native crud.PrepareAzureRESTIdAndQuery), so a slash in the
 * name is an escaped slash.
 */
function pathProblem(
  namespace: string,
  segments: string[],
  name: unknown,
): { property: string; why: (path: string) => Unreadable } | undefined {
  const rewritten = (segment: string) => rewrittenSegment(segment) ?? (/[/\\]/.test(segment) ? "a slash in one segment" : undefined);
  const inPath = [namespace, ...segments].map(rewritten).find((why) => why !== undefined);
  if (inPath) return { property: "resourceType", why: (path) => rewrittenPath(path, inPath) };
  if (segments.some((s) => s.trim().toLowerCase() === "providers")) {
    const why = "names an extension resource (a providers/ segment in parentResourcePath or resourceType), which the pack does not read";
    return { property: "parentResourcePath", why: () => new Unreadable("shape", why) };
  }
  const inName = typeof name === "string" ? rewritten(name.trim()) : undefined;
  return inName ? { property: "resourceName", why: (path) => rewrittenPath(path, inName) } : undefined;
}

function split(path: string): string[] {
  return path.split("/").filter((segment) => segment.trim() !== "");
}
