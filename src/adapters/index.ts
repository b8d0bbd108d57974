import { type Fact, type MicrosoftPeeringFact, type ResourceRecord, Unreadable } from "../core/model";
import { armTemplateAdapterFor } from "./arm-template";
import { azapiAdapterFor } from "./azapi";
import { azurermAdapterFor, azurermPeering, azurermRouteFilter } from "./azurerm";
import { genericResourceAdapterFor } from "./generic-resource";
import {
  type Adapter,
  type AdapterInput,
  adapterInput,
  at,
  type Base,
  cloudSignal,
  idOf,
  inputOf,
  knownText,
  microsoftPeering,
  nativeToken,
  providerProps,
  reference,
  resourceRef,
  ruleFact,
  subscriptionOf,
} from "./common";

/**
 * Turns each provider's resource shape into the one model (`Fact`). Unrelated resources give
 * nothing; a related one never throws: what cannot be read is listed in the fact's `unreadable`.
 */
export function factsOf(record: ResourceRecord): Fact[] {
  const adapter = adapterFor(record.type);
  if (!adapter) return [];
  const input = adapterInput(record);
  if (Object.keys(input.props).length === 0) {
    // At preview a provider whose configuration is unknown reports no outputs at all.
    input.reader.unreadable.push({ property: "(all properties)", why: new Unreadable("shape", "are absent: the provider reported none") });
  }
  const provider = providerProps(input);
  const base = {
    resource: resourceRef(record),
    cloud: cloudSignal(input, provider),
    subscriptionId: subscriptionOf(input, provider),
    // Filled while the adapter reads; shared, so every fact of the resource sees all of it.
    unreadable: input.reader.unreadable,
  };
  return adapter(input, base);
}

export function isCoveredType(type: string): boolean {
  return adapterFor(type) !== undefined;
}

const NATIVE_RULE = (reader: AdapterInput["reader"], rule: Record<string, unknown>, path: string, name: unknown) =>
  ruleFact(
    reader,
    path,
    name,
    { value: rule.access, property: at(path, "access") },
    { value: rule.communities, property: at(path, "communities") },
  );

const NATIVE: Record<string, Adapter> = {
  RouteFilter: (input, base) => {
    const { props, reader } = input;
    const rules = reader.list(props.rules, "rules") ?? [];
    return [
      {
        ...base,
        kind: "route-filter",
        // Inputs call it routeFilterName, outputs (what stack analysis sees of a filter that exists) name.
        azureName: knownText(inputOf(props, "routeFilterName")) ?? knownText(props.name),
        resourceGroup: knownText(inputOf(props, "resourceGroupName")),
        id: idOf(input),
        rules: rules.flatMap((rule, i) => {
          const obj = reader.object(rule, `rules[${i}]`);
          return obj ? [NATIVE_RULE(reader, obj, `rules[${i}]`, obj.name)] : [];
        }),
      },
    ];
  },
  RouteFilterRule: (input, base) => {
    const filterName = inputOf(input.props, "routeFilterName");
    return [
      {
        ...base,
        kind: "route-filter-rule",
        // Outputs carry no routeFilterName, but the rule's ID in state names its filter.
        filter: reference(input, filterName ?? parentFilterId(input), "routeFilterName", "routeFilterName") ?? {
          property: "routeFilterName",
          dependsOn: input.record.propertyDependencies.routeFilterName ?? [],
        },
        resourceGroup: knownText(inputOf(input.props, "resourceGroupName")),
        rule: NATIVE_RULE(input.reader, input.props, "", inputOf(input.props, "ruleName")),
      },
    ];
  },
  ExpressRouteCircuitPeering: (input, base) => {
    const { props } = input;
    const peering = nativePeering(input, base, props, "", "");
    return peering ? [{ ...peering, circuitName: knownText(inputOf(props, "circuitName")) ?? circuitOfId(input) }] : [];
  },
  ExpressRouteCircuit: (input, base) => {
    const peerings = input.reader.list(input.props.peerings, "peerings") ?? [];
    const circuitName = knownText(inputOf(input.props, "circuitName")) ?? knownText(input.props.name) ?? input.record.name;
    return peerings.flatMap((p, i) => {
      const obj = input.reader.object(p, `peerings[${i}]`);
      const peering = obj && nativePeering(input, base, obj, `peerings[${i}]`, "peerings");
      return peering ? [{ ...peering, circuitName }] : [];
    });
  },
};

function parentFilterId(input: AdapterInput): string | undefined {
  return idOf(input)?.match(/^(.*\/routeFilters\/[^/]+)\/routeFilterRules\/[^/]+$/i)?.[1];
}

function circuitOfId(input: AdapterInput): string | undefined {
  return idOf(input)?.match(/\/expressRouteCircuits\/([^/]+)\/peerings\//i)?.[1];
}

function nativePeering(
  input: AdapterInput,
  base: Base,
  peering: Record<string, unknown>,
  path: string,
  inlineKey: string,
): MicrosoftPeeringFact | undefined {
  const routeFilterId = (holder: unknown) =>
    holder && typeof holder === "object" && !Array.isArray(holder) ? (holder as Record<string, unknown>).id : holder;
  const ipv4 = reference(input, routeFilterId(peering.routeFilter), at(path, "routeFilter.id"), inlineKey || "routeFilter");
  const ipv6Config = peering.ipv6PeeringConfig as Record<string, unknown> | undefined;
  const ipv6 =
    ipv6Config === undefined || ipv6Config === null
      ? undefined
      : reference(
          input,
          routeFilterId(typeof ipv6Config === "object" ? ipv6Config.routeFilter : ipv6Config),
          at(path, "ipv6PeeringConfig.routeFilter.id"),
          inlineKey || "ipv6PeeringConfig",
        );
  // A standalone peering's Azure name is the peeringName input; `name` is only its body's.
  const name = inlineKey ? peering.name : (inputOf(peering, "peeringName") ?? peering.name);
  return microsoftPeering(base, path, peering.peeringType, name, ipv4, ipv6Config != null, ipv6);
}

// Classic @pulumi/azure v6: the Terraform azurerm resources, bridged statically.
const CLASSIC: Record<string, Adapter> = {
  "azure:network/routeFilter:RouteFilter": azurermRouteFilter,
  "azure:network/expressRouteCircuitPeering:ExpressRouteCircuitPeering": azurermPeering,
};

// A stack has few types and the pack asks for each resource, several times: each type is looked up once.
const adapters = new Map<string, Adapter | undefined>();

function adapterFor(type: string): Adapter | undefined {
  if (!adapters.has(type)) adapters.set(type, findAdapter(type));
  return adapters.get(type);
}

function findAdapter(type: string): Adapter | undefined {
  const native = nativeToken(type);
  if (native?.module === "network")
    return Object.prototype.hasOwnProperty.call(NATIVE, native.resource) ? NATIVE[native.resource] : undefined;
  if (Object.prototype.hasOwnProperty.call(CLASSIC, type)) return CLASSIC[type];
  return armTemplateAdapterFor(type) ?? azapiAdapterFor(type) ?? genericResourceAdapterFor(type) ?? azurermAdapterFor(type);
}
