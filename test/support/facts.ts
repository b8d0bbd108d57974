/**
 * Facts written by hand, as an adapter would produce them: the core is tested on these without
 * any provider shape or Pulumi runtime.
 */
import {
  type MicrosoftPeeringFact,
  type Reference,
  type RouteFilterFact,
  type RouteFilterRuleFact,
  type RuleFact,
  Unreadable,
  type UnreadableProperty,
} from "../../src/core/model";

export const SUB_A = "11111111-2222-3333-4444-555555555555";
export const SUB_B = "99999999-2222-3333-4444-555555555555";

const ref = (type: string, name: string) => ({ urn: `urn:pulumi:dev::hub::${type}::${name}`, name, type });

interface Common {
  subscriptionId?: string;
  environment?: string;
  unreadable?: UnreadableProperty[];
}

const base = (type: string, name: string, o: Common) => ({
  resource: ref(type, name),
  cloud: { providerEnvironment: o.environment },
  subscriptionId: o.subscriptionId,
  unreadable: o.unreadable ?? [],
});

export function rule(communities: unknown[], access = "Allow", path = "rules[0]"): RuleFact {
  return { property: path, access, communities: communities.map((raw, i) => ({ property: `${path}.communities[${i}]`, raw })) };
}

export function filterFact(
  name: string,
  communities: unknown[],
  o: Common & { resourceGroup?: string; id?: string; azureName?: string; rules?: RuleFact[] } = {},
): RouteFilterFact {
  return {
    ...base("azure-native:network:RouteFilter", name, o),
    kind: "route-filter",
    azureName: o.azureName ?? name,
    resourceGroup: o.resourceGroup ?? "rg-hub",
    id: o.id,
    rules: o.rules ?? [rule(communities)],
  };
}

export function ruleFact(
  name: string,
  filter: Partial<Reference>,
  communities: unknown[],
  o: Common & { resourceGroup?: string } = {},
): RouteFilterRuleFact {
  return {
    ...base("azure-native:network:RouteFilterRule", name, o),
    kind: "route-filter-rule",
    filter: { property: "routeFilterName", dependsOn: [], ...filter },
    resourceGroup: o.resourceGroup ?? "rg-hub",
    rule: rule(communities, "Allow", ""),
  };
}

export function peeringFact(name: string, ipv4: Partial<Reference> | undefined, o: Common = {}): MicrosoftPeeringFact {
  return {
    ...base("azure-native:network:ExpressRouteCircuitPeering", name, o),
    kind: "microsoft-peering",
    property: "",
    circuitName: "er-hub",
    routeFilters: [{ family: "IPv4", reference: ipv4 && { property: "routeFilter.id", dependsOn: [], ...ipv4 } }],
  };
}

export const unknown = (property: string): UnreadableProperty => ({ property, why: new Unreadable("unknown") });

export const armId = (name: string, subscription = SUB_A, group = "rg-hub") =>
  `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Network/routeFilters/${name}`;

/** A secret in the engine's wire form. */
export const wireSecret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
