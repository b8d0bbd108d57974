/**
 * Which route filter a resource is, or refers to, in the terms Azure itself uses: subscription,
 * resource group and name (together: the ARM resource ID). Only trusted sources feed it (see the
 * adapters): the provider's subscription and the inputs Azure will use for a resource being
 * created, the ID recorded in state for one that exists. An `id` a program sets proves nothing.
 */
import { type RouteFilterFact, type RouteFilterRuleFact } from "./model";

export interface FilterIdentity {
  /** The Pulumi URN, when the filter is a resource of this stack. */
  readonly urn?: string;
  readonly azureName?: string;
  readonly resourceGroup?: string;
  /** The subscription GUID, lower case; undefined when the provider does not declare it. */
  readonly subscriptionId?: string;
  /** The full ARM resource ID: from state, or composed from subscription, group and name. */
  readonly armId?: string;
}

const ROUTE_FILTER_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/routeFilters\/([^/]+)$/i;

/** Subscription, resource group and name of a route filter's ARM ID; undefined for anything else. */
export function parseRouteFilterId(id: string): { subscriptionId: string; resourceGroup: string; azureName: string } | undefined {
  const match = ROUTE_FILTER_ID.exec(id.trim());
  return match ? { subscriptionId: match[1].toLowerCase(), resourceGroup: match[2], azureName: match[3] } : undefined;
}

export function routeFilterId(subscriptionId: string, resourceGroup: string, azureName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/routeFilters/${azureName}`;
}

function withArmId(identity: Omit<FilterIdentity, "armId">, recorded?: string): FilterIdentity {
  const { subscriptionId, resourceGroup, azureName } = identity;
  const composed = subscriptionId && resourceGroup && azureName ? routeFilterId(subscriptionId, resourceGroup, azureName) : undefined;
  return { ...identity, armId: recorded ?? composed };
}

/**
 * A route filter resource's own identity. The URN is the filter's only when the resource is the
 * filter: a deployment or an AzAPI resource that makes filters (`property` says where) may make
 * any number of them, anywhere, under one URN.
 */
export function identityOfFilter(filter: RouteFilterFact): FilterIdentity {
  const urn = filter.property === undefined ? filter.resource.urn : undefined;
  const recorded = filter.id === undefined ? undefined : parseRouteFilterId(filter.id);
  if (recorded) return withArmId({ urn, ...recorded }, filter.id);
  return withArmId({
    urn,
    azureName: filter.azureName,
    resourceGroup: filter.resourceGroup,
    subscriptionId: filter.subscriptionId,
  });
}

/**
 * The filter a standalone rule adds to: Azure creates the rule under the rule's own subscription
 * and resource group, in the filter its reference names (or, from state, the filter in its ID).
 */
export function identityOfRuleTarget(rule: RouteFilterRuleFact): FilterIdentity | undefined {
  const value = rule.filter.value;
  if (value === undefined || value === "") return undefined;
  const fromId = parseRouteFilterId(value);
  if (fromId) return withArmId(fromId, value);
  return withArmId({ azureName: value, resourceGroup: rule.resourceGroup, subscriptionId: rule.subscriptionId });
}

/**
 * The key a filter is indexed and looked up by: subscription, group and name, lower case. A
 * subscription the provider does not declare is the ambient one (the credentials' default), the
 * same for every such provider of one deployment; a missing group or name gives no key.
 */
export function filterKey(identity: FilterIdentity): string | undefined {
  const { subscriptionId, resourceGroup, azureName } = identity;
  if (!resourceGroup || !azureName) return undefined;
  return `${subscriptionId ?? "(ambient)"}/${resourceGroup}/${azureName}`.toLowerCase();
}

/** How a reviewer knows the filter. */
export function displayName(identity: FilterIdentity | undefined): string {
  return identity?.azureName ?? "(route filter not known)";
}
