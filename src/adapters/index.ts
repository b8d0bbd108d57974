import { Fact, MicrosoftPeeringFact, PeeringRouteFilter, Reference, ResourceRecord, Unreadable } from "../core/model";
import {
  AdapterInput,
  adapterInput,
  cloudSignal,
  idOf,
  isMicrosoftPeering,
  knownText,
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

type Base = Pick<Fact, "resource" | "cloud" | "subscriptionId" | "unreadable">;
type Adapter = (input: AdapterInput, base: Base) => Fact[];

// azure-native v3 tokens, with or without an API version module (network/v20240501).
const NATIVE_TOKEN = /^azure-native:network(?:\/v[0-9a-z]+)?:([A-Za-z]+)$/;

const NATIVE: Record<string, Adapter> = {
  RouteFilter: ({ props, reader, record }, base) => {
    const rules = reader.list(props.rules, "rules") ?? [];
    return [
      {
        ...base,
        kind: "route-filter",
        // Inputs call it routeFilterName, outputs (what stack analysis sees) name.
        azureName: knownText(props.routeFilterName) ?? knownText(props.name),
        resourceGroup: knownText(props.resourceGroupName),
        id: idOf({ props, reader, record }),
        rules: rules.flatMap((rule, i) => {
          const obj = reader.object(rule, `rules[${i}]`);
          return obj ? [ruleFact({ props, reader, record }, obj, `rules[${i}]`, NATIVE_RULE_FIELDS)] : [];
        }),
      },
    ];
  },
  RouteFilterRule: (input, base) => [
    {
      ...base,
      kind: "route-filter-rule",
      // Outputs carry no routeFilterName, but the rule's own ID names its filter.
      filter: reference(input, input.props.routeFilterName ?? parentFilterId(input), "routeFilterName", "routeFilterName") ?? {
        property: "routeFilterName",
        dependsOn: input.record.propertyDependencies.routeFilterName ?? [],
      },
      resourceGroup: knownText(input.props.resourceGroupName),
      rule: ruleFact(input, input.props, "", { ...NATIVE_RULE_FIELDS, name: "ruleName" }),
    },
  ],
  ExpressRouteCircuitPeering: (input, base) => {
    const { props } = input;
    const peering = nativePeering(input, base, props, "", "");
    return peering ? [{ ...peering, circuitName: knownText(props.circuitName) ?? circuitOfId(input) }] : [];
  },
  ExpressRouteCircuit: (input, base) => {
    const peerings = input.reader.list(input.props.peerings, "peerings") ?? [];
    return peerings.flatMap((p, i) => {
      const obj = input.reader.object(p, `peerings[${i}]`);
      const peering = obj && nativePeering(input, base, obj, `peerings[${i}]`, "peerings");
      const circuitName = knownText(input.props.circuitName) ?? knownText(input.props.name) ?? input.record.name;
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

const NATIVE_RULE_FIELDS = { name: "name", access: "access", communities: "communities" };

function nativePeering(
  input: AdapterInput,
  base: Base,
  peering: Record<string, unknown>,
  path: string,
  inlineKey: string,
): MicrosoftPeeringFact | undefined {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  const routeFilterId = (holder: unknown) =>
    holder && typeof holder === "object" && !Array.isArray(holder) ? (holder as Record<string, unknown>).id : holder;
  const ipv4 = reference(input, routeFilterId(peering.routeFilter), at("routeFilter.id"), inlineKey || "routeFilter");
  const ipv6Config = peering.ipv6PeeringConfig as Record<string, unknown> | undefined;
  const ipv6 =
    ipv6Config === undefined || ipv6Config === null
      ? undefined
      : reference(
          input,
          routeFilterId(typeof ipv6Config === "object" ? ipv6Config.routeFilter : ipv6Config),
          at("ipv6PeeringConfig.routeFilter.id"),
          inlineKey || "ipv6PeeringConfig",
        );
  const name = inlineKey ? peering.name : (peering.peeringName ?? peering.name);
  return microsoftPeering(base, path, peering.peeringType, name, ipv4, ipv6Config != null, ipv6);
}

function microsoftPeering(
  base: Base,
  property: string,
  peeringType: unknown,
  peeringName: unknown,
  ipv4: Reference | undefined,
  hasIpv6: boolean,
  ipv6: Reference | undefined,
): MicrosoftPeeringFact | undefined {
  // Only Microsoft peering takes a route filter, so any peering that names one is treated as such.
  if (!isMicrosoftPeering(peeringType, peeringName) && !ipv4 && !ipv6) return undefined;
  const routeFilters: PeeringRouteFilter[] = [{ family: "IPv4", reference: ipv4 }];
  if (hasIpv6) routeFilters.push({ family: "IPv6", reference: ipv6 });
  return { ...base, kind: "microsoft-peering", property, routeFilters };
}

// Classic @pulumi/azure v6 (Terraform-bridged).
const CLASSIC: Record<string, Adapter> = {
  "azure:network/routeFilter:RouteFilter": ({ props, reader, record }, base) => {
    const rule = reader.object(props.rule, "rule");
    return [
      {
        ...base,
        kind: "route-filter",
        azureName: knownText(props.name),
        resourceGroup: knownText(props.resourceGroupName),
        id: idOf({ props, reader, record }),
        rules: rule
          ? [ruleFact({ props, reader, record }, rule, "rule", { name: "name", access: "access", communities: "communities" })]
          : [],
      },
    ];
  },
  "azure:network/expressRouteCircuitPeering:ExpressRouteCircuitPeering": (input, base) => {
    const { props } = input;
    const ipv4 = reference(input, props.routeFilterId, "routeFilterId", "routeFilterId");
    const ipv6Block = props.ipv6 as Record<string, unknown> | undefined;
    const hasIpv6 = ipv6Block !== undefined && ipv6Block !== null;
    const ipv6 = hasIpv6
      ? reference(input, typeof ipv6Block === "object" ? ipv6Block.routeFilterId : ipv6Block, "ipv6.routeFilterId", "ipv6")
      : undefined;
    const peering = microsoftPeering(base, "", props.peeringType, undefined, ipv4, hasIpv6, ipv6);
    return peering ? [{ ...peering, circuitName: knownText(props.expressRouteCircuitName) }] : [];
  },
};

function adapterFor(type: string): Adapter | undefined {
  const native = NATIVE_TOKEN.exec(type);
  if (native) return Object.prototype.hasOwnProperty.call(NATIVE, native[1]) ? NATIVE[native[1]] : undefined;
  return Object.prototype.hasOwnProperty.call(CLASSIC, type) ? CLASSIC[type] : undefined;
}
