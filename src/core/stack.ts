import { factsOf } from "../adapters";
import {
  MicrosoftPeeringFact,
  PeeringRouteFilter,
  Reference,
  ResourceRecord,
  RouteFilterFact,
  RouteFilterRuleFact,
} from "./model";

/** A route filter as the stack shows it: the resource (if in the stack), its standalone rules, its peerings. */
export interface FilterNode {
  readonly filter?: RouteFilterFact;
  readonly rules: RouteFilterRuleFact[];
  readonly attachments: Attachment[];
  /** For a filter outside the stack that standalone rules add to: what the rules call it. */
  readonly referencedAs?: string;
}

export interface Attachment {
  readonly peering: MicrosoftPeeringFact;
  readonly family: PeeringRouteFilter["family"];
}

export interface UnresolvedFilter extends Attachment {
  readonly reference: Reference;
}

export interface StackView {
  readonly nodes: readonly FilterNode[];
  /** Microsoft peerings whose route filter is not in the stack (or cannot be told from the stack). */
  readonly unresolved: readonly UnresolvedFilter[];
  /** Microsoft peerings (per address family) with no route filter at all. */
  readonly withoutFilter: readonly Attachment[];
}

const ARM_ROUTE_FILTER_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/routeFilters\/([^/]+)$/i;

/** Links rules and peerings to their route filters: by resource ID or name in state, by property dependency at preview. */
export function buildStack(records: Iterable<ResourceRecord>): StackView {
  const filters: RouteFilterFact[] = [];
  const rules: RouteFilterRuleFact[] = [];
  const peerings: MicrosoftPeeringFact[] = [];
  for (const record of records) {
    for (const fact of factsOf(record)) {
      if (fact.kind === "route-filter") filters.push(fact);
      else if (fact.kind === "route-filter-rule") rules.push(fact);
      else peerings.push(fact);
    }
  }

  const nodes = new Map<RouteFilterFact | string, FilterNode>();
  for (const filter of filters) nodes.set(filter, { filter, rules: [], attachments: [] });
  const resolve = filterResolver(filters);

  for (const rule of rules) {
    const targets = resolve(rule.filter, rule.resourceGroup);
    if (targets.length > 0) {
      for (const target of targets) nodes.get(target)?.rules.push(rule);
      continue;
    }
    // The filter lives outside the stack: its rules here still add to it, so judge them together.
    const key = `outside:${(rule.resourceGroup ?? "").toLowerCase()}/${(rule.filter.value ?? rule.resource.urn).toLowerCase()}`;
    const node = nodes.get(key) ?? { rules: [], attachments: [], referencedAs: rule.filter.value };
    node.rules.push(rule);
    nodes.set(key, node);
  }

  const unresolved: UnresolvedFilter[] = [];
  const withoutFilter: Attachment[] = [];
  for (const peering of peerings) {
    for (const { family, reference } of peering.routeFilters) {
      if (!reference) {
        withoutFilter.push({ peering, family });
        continue;
      }
      const targets = resolve(reference, undefined);
      if (targets.length === 0) unresolved.push({ peering, family, reference });
      for (const target of targets) nodes.get(target)?.attachments.push({ peering, family });
    }
  }
  return { nodes: [...nodes.values()], unresolved, withoutFilter };
}

function filterResolver(filters: RouteFilterFact[]) {
  const byUrn = new Map(filters.map((f) => [f.resource.urn, f]));
  return (reference: Reference, resourceGroup: string | undefined): RouteFilterFact[] => {
    const byValue = reference.value === undefined ? [] : filters.filter((f) => matchesValue(f, reference.value!, resourceGroup));
    if (byValue.length > 0) return byValue;
    return reference.dependsOn.flatMap((urn) => byUrn.get(urn) ?? []);
  };
}

function matchesValue(filter: RouteFilterFact, value: string, resourceGroup: string | undefined): boolean {
  const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  const id = ARM_ROUTE_FILTER_ID.exec(value);
  if (id) {
    if (filter.id !== undefined) return same(filter.id, value);
    return same(filter.azureName, id[2]) && (filter.resourceGroup === undefined || same(filter.resourceGroup, id[1]));
  }
  return same(filter.azureName, value) && (resourceGroup === undefined || filter.resourceGroup === undefined || same(filter.resourceGroup, resourceGroup));
}

/** The name a reviewer knows a node by, and the one an exception's `routeFilters` most likely uses. */
export function nodeName(node: FilterNode): string {
  if (node.filter) return node.filter.azureName ?? node.filter.resource.name;
  return node.referencedAs ? (ARM_ROUTE_FILTER_ID.exec(node.referencedAs)?.[2] ?? node.referencedAs) : "(route filter not known)";
}

export function stackOfUrn(urn: string): { stack?: string; project?: string } {
  const match = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return match ? { stack: match[1], project: match[2] } : {};
}

export function lastIdSegment(id: string): string | undefined {
  return ARM_ROUTE_FILTER_ID.exec(id)?.[2];
}
