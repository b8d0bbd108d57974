/**
 * Facts from a resource written in Azure Resource Manager's own shape (`type`, `name`,
 * `properties`), as ARM templates and the AzAPI provider write them: a route filter's rules sit
 * in `properties.rules[].properties`, a peering's filter in `properties.routeFilter.id`. ARM reads
 * these names without regard to case (`Properties`, `Rules`), and so does every read here.
 */
import { type Fact, type Reference, Unreadable } from "../core/model";
import { at, type Base, knownText, microsoftPeering, ruleFact } from "./common";
import { memberIgnoringCase as member, PropertyReader } from "./values";

export const ROUTE_FILTER = "microsoft.network/routefilters";
const ROUTE_FILTER_RULE = "microsoft.network/routefilters/routefilterrules";
const CIRCUIT = "microsoft.network/expressroutecircuits";
const PEERING = "microsoft.network/expressroutecircuits/peerings";

/** Resource types (lower case) that make or change route filters and Microsoft peerings. */
export const ARM_TYPES = new Set([ROUTE_FILTER, ROUTE_FILTER_RULE, CIRCUIT, PEERING]);

/** One ARM resource: where Azure puts it and what it holds, already read into plain values. */
export interface ArmResource {
  /** Lower case, without an API version. */
  readonly type: string;
  /** Its own name (for a child, the last segment). */
  readonly name: unknown;
  /** A child's parent: the filter a rule adds to, the circuit a peering is on (a name or an ARM ID). */
  readonly parent?: unknown;
  /** Where the parent is written. */
  readonly parentProperty?: string;
  readonly properties: unknown;
  /** Where the resource is written inside the Pulumi resource, e.g. `properties.template.resources[1]`. */
  readonly path: string;
  /** Where `properties` is written: `<path>.properties`, or the AzAPI `body.properties`. */
  readonly propertiesPath: string;
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  /** The ARM ID in state, when the Pulumi resource is this one Azure resource and exists. */
  readonly id?: string;
  /** URNs the reference values were computed from (AzAPI: the body's property dependencies). */
  readonly dependsOn?: readonly string[];
}

/**
 * The facts of one ARM resource. Each gets its own list of unreadable values (after those of the
 * Pulumi resource as a whole), so that one filter of a template does not blame another.
 */
export function armFacts(base: Base, resource: ArmResource): Fact[] {
  const reader = new PropertyReader();
  reader.unreadable.push(...base.unreadable);
  const own: Base = { ...base, subscriptionId: resource.subscriptionId, unreadable: reader.unreadable };
  const props = () => reader.object(resource.properties, resource.propertiesPath) ?? {};
  const inProps = (key: string) => at(resource.propertiesPath, key);

  switch (resource.type) {
    case ROUTE_FILTER: {
      const rules = reader.list(member(props(), "rules"), inProps("rules")) ?? [];
      return [
        {
          ...own,
          kind: "route-filter",
          property: resource.path,
          azureName: knownText(resource.name),
          resourceGroup: resource.resourceGroup,
          id: resource.id,
          rules: rules.flatMap((rule, i) => {
            const path = inProps(`rules[${i}]`);
            const obj = reader.object(rule, path);
            return obj ? [armRule(reader, member(obj, "name"), member(obj, "properties"), path)] : [];
          }),
        },
      ];
    }
    case ROUTE_FILTER_RULE:
      return [
        {
          ...own,
          kind: "route-filter-rule",
          property: resource.path,
          filter: {
            property: resource.parentProperty ?? at(resource.path, "name"),
            value: knownText(resource.parent),
            dependsOn: resource.dependsOn ?? [],
          },
          resourceGroup: resource.resourceGroup,
          rule: armRule(reader, resource.name, resource.properties, resource.path),
        },
      ];
    case PEERING: {
      const peering = armPeering(
        own,
        reader,
        resource.properties,
        resource.name,
        resource.path,
        resource.propertiesPath,
        resource.dependsOn,
      );
      return peering ? [{ ...peering, circuitName: circuitName(resource.parent) }] : [];
    }
    case CIRCUIT: {
      const peerings = reader.list(member(props(), "peerings"), inProps("peerings")) ?? [];
      return peerings.flatMap((p, i) => {
        const path = inProps(`peerings[${i}]`);
        const obj = reader.object(p, path);
        const peering =
          obj && armPeering(own, reader, member(obj, "properties"), member(obj, "name"), path, at(path, "properties"), resource.dependsOn);
        return peering ? [{ ...peering, circuitName: knownText(resource.name) }] : [];
      });
    }
    default:
      return [];
  }
}

/** A rule in ARM's shape: its name beside `properties: { access, communities }`. */
function armRule(reader: PropertyReader, name: unknown, properties: unknown, path: string) {
  const propertiesPath = at(path, "properties");
  const props = reader.object(properties, propertiesPath) ?? {};
  return ruleFact(
    reader,
    path,
    name,
    { value: member(props, "access"), property: at(propertiesPath, "access") },
    { value: member(props, "communities"), property: at(propertiesPath, "communities") },
  );
}

function armPeering(
  base: Base,
  reader: PropertyReader,
  properties: unknown,
  name: unknown,
  path: string,
  propertiesPath: string,
  dependsOn: readonly string[] = [],
) {
  if (properties instanceof Unreadable) {
    // Which filter it uses is not known; the URNs it was computed from may still tell.
    reader.note(properties, propertiesPath);
    return microsoftPeering(base, path, undefined, name, { property: propertiesPath, dependsOn }, false, undefined);
  }
  const props = (properties && typeof properties === "object" ? properties : {}) as Record<string, unknown>;
  const filterOf = (holder: unknown, property: string): Reference | undefined => {
    if (holder === undefined || holder === null) return undefined;
    const id = typeof holder === "object" && !(holder instanceof Unreadable) ? member(holder as Record<string, unknown>, "id") : holder;
    if (id === undefined || id === null) return undefined;
    return { property, value: typeof id === "string" ? id.trim() : undefined, dependsOn };
  };
  const ipv4 = filterOf(member(props, "routeFilter"), at(propertiesPath, "routeFilter.id"));
  const ipv6Config = member(props, "ipv6PeeringConfig");
  const ipv6Props =
    ipv6Config && typeof ipv6Config === "object" && !(ipv6Config instanceof Unreadable) ? (ipv6Config as Record<string, unknown>) : {};
  const ipv6 = filterOf(
    member(ipv6Props, "routeFilter") ?? (ipv6Config instanceof Unreadable ? ipv6Config : undefined),
    at(propertiesPath, "ipv6PeeringConfig.routeFilter.id"),
  );
  const peeringType = member(props, "peeringType");
  // An unreadable peering type is noted with the rest; it may be Microsoft peering.
  reader.note(peeringType, at(propertiesPath, "peeringType"));
  return microsoftPeering(base, path, peeringType, name, ipv4, ipv6Config !== undefined && ipv6Config !== null, ipv6);
}

/** A circuit named by name or by ARM ID (`.../expressRouteCircuits/<name>`). */
function circuitName(parent: unknown): string | undefined {
  const text = knownText(parent);
  return text?.match(/\/expressRouteCircuits\/([^/]+)$/i)?.[1] ?? text;
}
