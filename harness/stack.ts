/**
 * Builders for resources as the Pulumi engine hands them to stack analysis (type token, URN,
 * outputs or inputs, property dependencies, provider). Hand-written input data, not a fake runtime.
 */
import { type StackResource } from "./policy-runtime";

export const STACK = "dev";
export const PROJECT = "hub";
export const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";

export const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

export const NATIVE = {
  routeFilter: "azure-native:network:RouteFilter",
  routeFilterRule: "azure-native:network:RouteFilterRule",
  circuit: "azure-native:network:ExpressRouteCircuit",
  peering: "azure-native:network:ExpressRouteCircuitPeering",
};
export const CLASSIC = {
  routeFilter: "azure:network/routeFilter:RouteFilter",
  peering: "azure:network/expressRouteCircuitPeering:ExpressRouteCircuitPeering",
};

export function nativeProvider(props: Record<string, unknown> = {}, name = "default") {
  return { urn: urnOf("pulumi:providers:azure-native", name), type: "pulumi:providers:azure-native", name, props };
}

type Extra = Partial<Pick<StackResource, "propertyDependencies" | "provider">> & { props?: Record<string, unknown>; type?: string };

/** Any resource by type token, under the default azure-native provider unless `extra` names another. */
export function resource(type: string, name: string, props: Record<string, unknown>, extra: Extra = {}): StackResource {
  const t = extra.type ?? type;
  return {
    urn: urnOf(t, name),
    type: t,
    name,
    props: { ...props, ...extra.props },
    propertyDependencies: extra.propertyDependencies,
    provider: extra.provider ?? nativeProvider(),
  };
}

export function routeFilter(name: string, communities: unknown, extra: Extra & { access?: string } = {}): StackResource {
  const rules = [{ name: "allow-services", access: extra.access ?? "Allow", routeFilterRuleType: "Community", communities }];
  return resource(NATIVE.routeFilter, name, { routeFilterName: name, resourceGroupName: "rg-hub", location: "westeurope", rules }, extra);
}

export function routeFilterRule(name: string, filterName: string, communities: unknown, extra: Extra = {}): StackResource {
  return resource(
    NATIVE.routeFilterRule,
    name,
    {
      routeFilterName: filterName,
      ruleName: name,
      resourceGroupName: "rg-hub",
      access: "Allow",
      routeFilterRuleType: "Community",
      communities,
    },
    extra,
  );
}

export function peering(
  name: string,
  routeFilterId: string | undefined,
  extra: Extra & { ipv6RouteFilterId?: string } = {},
): StackResource {
  const props: Record<string, unknown> = {
    circuitName: "er-hub",
    peeringName: "MicrosoftPeering",
    peeringType: "MicrosoftPeering",
    resourceGroupName: "rg-hub",
  };
  if (routeFilterId !== undefined) props.routeFilter = { id: routeFilterId };
  if (extra.ipv6RouteFilterId !== undefined) props.ipv6PeeringConfig = { routeFilter: { id: extra.ipv6RouteFilterId } };
  return resource(NATIVE.peering, name, props, extra);
}

export function circuit(name: string, peerings: Record<string, unknown>[], extra: Extra = {}): StackResource {
  return resource(NATIVE.circuit, name, { circuitName: name, resourceGroupName: "rg-hub", peerings }, extra);
}

export function classicRouteFilter(name: string, communities: unknown, extra: Extra = {}): StackResource {
  return resource(
    CLASSIC.routeFilter,
    name,
    {
      name,
      resourceGroupName: "rg-hub",
      location: "westeurope",
      rule: { name: "allow", access: "Allow", ruleType: "Community", communities },
    },
    { provider: { urn: urnOf("pulumi:providers:azure", "default"), type: "pulumi:providers:azure", name: "default", props: {} }, ...extra },
  );
}

export function classicPeering(name: string, routeFilterId: string | undefined, extra: Extra = {}): StackResource {
  const props: Record<string, unknown> = {
    expressRouteCircuitName: "er-hub",
    peeringType: "MicrosoftPeering",
    resourceGroupName: "rg-hub",
  };
  if (routeFilterId !== undefined) props.routeFilterId = routeFilterId;
  return resource(CLASSIC.peering, name, props, {
    provider: { urn: urnOf("pulumi:providers:azure", "default"), type: "pulumi:providers:azure", name: "default", props: {} },
    ...extra,
  });
}

export const filterId = (name: string, subscription = SUBSCRIPTION) =>
  `/subscriptions/${subscription}/resourceGroups/rg-hub/providers/Microsoft.Network/routeFilters/${name}`;

/** A date relative to today (UTC), for expiry decisions made by the pack's own clock. */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function exception(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "ER365-2026-007",
    microsoftAuthorization: "MSFT-ER365-AUTH-4411",
    justification: "Regulation mandates private connectivity for mail",
    approvedBy: ["network-architecture", "security-office"],
    expires: daysFromToday(365),
    communities: ["12076:5010"],
    routeFilters: ["rf-m365"],
    ...overrides,
  };
}
