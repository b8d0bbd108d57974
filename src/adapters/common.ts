import {
  type CloudSignal,
  type CommunityFact,
  type Fact,
  type MicrosoftPeeringFact,
  type PeeringRouteFilter,
  type Reference,
  type ResourceRecord,
  type ResourceRef,
  type RuleFact,
  Unreadable,
} from "../core/model";
import { own, PropertyReader, plainValue, setOwn } from "./values";

/** What every adapter starts from: plain props, a reader that collects unreadable values, and the shared facts. */
export interface AdapterInput {
  readonly record: ResourceRecord;
  readonly props: Record<string, unknown>;
  readonly reader: PropertyReader;
}

/** Where the adapters find a resource's inputs beside its outputs (named after azure-native's own output). */
export const INPUTS = "__inputs";

export function adapterInput(record: ResourceRecord): AdapterInput {
  const props = plainValue(record.props) as Record<string, unknown>;
  if (!record.inputs) return { record, props, reader: new PropertyReader() };
  const inputs = plainValue(record.inputs) as Record<string, unknown>;
  // Outputs over inputs; the inputs whole under INPUTS, a key no resource can hold (plainValue drops it).
  const merged = { ...inputs, ...props };
  setOwn(merged, INPUTS, inputs);
  return { record, props: merged, reader: new PropertyReader() };
}

export function resourceRef(record: ResourceRecord): ResourceRef {
  return { urn: record.urn, name: record.name, type: record.type };
}

/** Identity fields (names, IDs) only help matching; when unreadable they are simply not known. */
export function knownText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The ARM resource ID, only as recorded in state for a resource that exists. An `id` among the
 * props may be an input the program set, which Azure ignores: it proves nothing.
 */
export function idOf(input: AdapterInput): string | undefined {
  return knownText(input.record.id);
}

/** An azure-native token's module (lower case: local packages keep the case it was asked in) and resource name. */
export interface NativeToken {
  readonly module: string;
  readonly resource: string;
}

// azure-native v3 tokens, with or without an API version module (network/v20240501); the legacy
// azure-nextgen ones (network/latest), which have the same shapes; and the local packages
// `pulumi package add azure-native <module> <version>` makes, named `azure-native_<module>_<version>`
// (token `azure-native_network_v20230901:network/v20230901:RouteFilter`). That package takes the
// module in any case (pulumi-azure-native provider/pkg/provider/provider_parameterize.go compares
// it with strings.EqualFold), and the token keeps the case given.
const NATIVE_TOKEN = /^azure-(?:native|nextgen)(?:_[^:]*)?:([^:/]+)(?:\/[^:]*)?:([^:]+)$/i;

/** The parts of an azure-native (or azure-nextgen) token; undefined for any other package. */
export function nativeToken(type: string): NativeToken | undefined {
  const match = NATIVE_TOKEN.exec(type);
  return match ? { module: match[1].toLowerCase(), resource: match[2] } : undefined;
}

/** The subscription of an ARM ID (`/subscriptions/<id>/...`), lower case. */
export function subscriptionOfId(id: string | undefined): string | undefined {
  return id?.match(/^\/subscriptions\/([^/]+)(?:\/|$)/i)?.[1]?.toLowerCase();
}

/** The resource group of an ARM ID (`.../resourceGroups/<name>/...`). */
export function resourceGroupOfId(id: string | undefined): string | undefined {
  return id?.match(/^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)(?:\/|$)/i)?.[1];
}

/** Where Azure puts what the provider creates: the subscription in state, else the provider's own. */
export function subscriptionOf(input: AdapterInput, providerProps: Record<string, unknown>): string | undefined {
  return subscriptionOfId(idOf(input)) ?? knownText(providerProps.subscriptionId)?.toLowerCase();
}

/**
 * An input as the program gave it. Stack analysis sees a resource's outputs; path parameters such
 * as `resourceGroupName` are only among its inputs, which the front ends supply beside the outputs
 * (`adapterInput` merges them under the outputs).
 */
export function inputOf(props: Record<string, unknown>, key: string): unknown {
  return own(props, key);
}

/** The provider configuration the adapters read (its cloud and subscription), not the whole of it, copied for every resource. */
export function providerProps(input: AdapterInput): Record<string, unknown> {
  const props = input.record.provider?.props;
  if (!props) return {};
  return { environment: plainValue(own(props, "environment")), subscriptionId: plainValue(own(props, "subscriptionId")) };
}

export function cloudSignal(input: AdapterInput, providerProps: Record<string, unknown>): CloudSignal {
  const environment = providerProps.environment;
  if (input.reader.note(environment, "provider.environment")) return {};
  return { providerEnvironment: knownText(environment) };
}

/**
 * A reference held in `value` (a name, an ARM ID or `{ id }`), linked at preview through the
 * property dependencies of the top-level input `dependencyKey`.
 */
export function reference(input: AdapterInput, value: unknown, property: string, dependencyKey: string): Reference | undefined {
  const dependsOn = input.record.propertyDependencies[dependencyKey] ?? [];
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unreadable || typeof value !== "string") return { property, dependsOn };
  return { property, value: value.trim(), dependsOn };
}

/** A value and where it is written. */
export interface Located {
  readonly value: unknown;
  readonly property: string;
}

export const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** One route filter rule, inline or standalone; where its fields are differs between providers. */
export function ruleFact(reader: PropertyReader, property: string, name: unknown, access: Located, communities: Located): RuleFact {
  const facts: CommunityFact[] = [];
  reader.list(communities.value, communities.property)?.forEach((raw, i) => {
    const where = `${communities.property}[${i}]`;
    if (!reader.note(raw, where)) facts.push({ property: where, raw });
  });
  return { property, name: knownText(name), access: reader.string(access.value, access.property), communities: facts };
}

export type Base = Pick<Fact, "resource" | "cloud" | "subscriptionId" | "unreadable">;

/**
 * A route filter fact that holds nothing but why the resource cannot be read at `property`: what
 * it makes may be a route filter, so it is "cannot verify", never "nothing there".
 */
export function blindFact(base: Base, property: string, why: Unreadable): Fact {
  return { ...base, unreadable: [...base.unreadable, { property, why }], kind: "route-filter", property, rules: [] };
}

/** Turns one provider's shape of a resource into facts (index.ts picks the adapter by resource type). */
export type Adapter = (input: AdapterInput, base: Base) => Fact[];

/**
 * A Microsoft peering fact, or undefined for another peering. Only Microsoft peering takes a
 * route filter, so any peering that names one is treated as such.
 */
export function microsoftPeering(
  base: Base,
  property: string,
  peeringType: unknown,
  peeringName: unknown,
  ipv4: Reference | undefined,
  hasIpv6: boolean,
  ipv6: Reference | undefined,
): MicrosoftPeeringFact | undefined {
  if (!isMicrosoftPeering(peeringType, peeringName) && !ipv4 && !ipv6) return undefined;
  const routeFilters: PeeringRouteFilter[] = [{ family: "IPv4", reference: ipv4 }];
  if (hasIpv6) routeFilters.push({ family: "IPv6", reference: ipv6 });
  return { ...base, kind: "microsoft-peering", property, routeFilters };
}

/**
 * `peeringType` is optional: a peering named MicrosoftPeering is the Microsoft peering. Azure
 * reads both without regard to case. A type not known at preview may be Microsoft peering.
 */
function isMicrosoftPeering(peeringType: unknown, peeringName: unknown): boolean {
  if (peeringType instanceof Unreadable) return true;
  if (typeof peeringType === "string") return peeringType.trim().toLowerCase() === MICROSOFT_PEERING;
  return typeof peeringName === "string" && peeringName.trim().toLowerCase() === MICROSOFT_PEERING;
}

const MICROSOFT_PEERING = "microsoftpeering";
