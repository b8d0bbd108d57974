import { CloudSignal, Reference, ResourceRecord, ResourceRef, RuleFact, CommunityFact, Unreadable } from "../core/model";
import { PropertyReader, plainValue } from "./values";

/** What every adapter starts from: plain props, a reader that collects unreadable values, and the shared facts. */
export interface AdapterInput {
  readonly record: ResourceRecord;
  readonly props: Record<string, unknown>;
  readonly reader: PropertyReader;
}

export function adapterInput(record: ResourceRecord): AdapterInput {
  return { record, props: plainValue(record.props) as Record<string, unknown>, reader: new PropertyReader() };
}

export function resourceRef(record: ResourceRecord): ResourceRef {
  return { urn: record.urn, name: record.name, type: record.type };
}

/** Identity fields (names, IDs) only help matching; when unreadable they are simply not known. */
export function knownText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** The ARM resource ID recorded in state. An `id` among the props may be an input the program set: it proves nothing. */
export function idOf(input: AdapterInput): string | undefined {
  return input.record.id;
}

export function subscriptionOf(input: AdapterInput, providerProps: Record<string, unknown>): string | undefined {
  const fromId = idOf(input)?.match(/^\/subscriptions\/([^/]+)\//i)?.[1];
  return (fromId ?? knownText(providerProps.subscriptionId))?.toLowerCase();
}

export function providerProps(input: AdapterInput): Record<string, unknown> {
  const provider = input.record.provider;
  return provider ? (plainValue(provider.props) as Record<string, unknown>) : {};
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
export function reference(
  input: AdapterInput,
  value: unknown,
  property: string,
  dependencyKey: string,
): Reference | undefined {
  const dependsOn = input.record.propertyDependencies[dependencyKey] ?? [];
  if (value === undefined || value === null) return undefined;
  if (value instanceof Unreadable || typeof value !== "string") return { property, dependsOn };
  return { property, value: value.trim(), dependsOn };
}

/** One route filter rule, inline or standalone; field names differ between providers. */
export function ruleFact(
  input: AdapterInput,
  rule: Record<string, unknown>,
  path: string,
  fields: { name: string; access: string; communities: string },
): RuleFact {
  const { reader } = input;
  const prefix = path ? `${path}.` : "";
  const communities: CommunityFact[] = [];
  const list = reader.list(rule[fields.communities], `${prefix}${fields.communities}`);
  list?.forEach((raw, i) => {
    const property = `${prefix}${fields.communities}[${i}]`;
    if (!reader.note(raw, property)) communities.push({ property, raw });
  });
  return {
    property: path,
    name: knownText(rule[fields.name]),
    access: reader.string(rule[fields.access], `${prefix}${fields.access}`),
    communities,
  };
}

/** `peeringType` is optional: a peering named MicrosoftPeering is the Microsoft peering. */
export function isMicrosoftPeering(peeringType: unknown, peeringName: unknown): boolean {
  return peeringType === "MicrosoftPeering" || (typeof peeringType !== "string" && peeringName === "MicrosoftPeering");
}
