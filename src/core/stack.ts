/**
 * The stack as the policies see it: each route filter with the standalone rules that add to it and
 * the Microsoft peerings it is attached to. Built from facts in one pass over an index, so it is
 * linear in the number of resources.
 */
import { type FilterIdentity, filterKey, identityOfFilter, identityOfRuleTarget, parseRouteFilterId } from "./identity";
import {
  type Fact,
  type MicrosoftPeeringFact,
  type PeeringRouteFilter,
  type Reference,
  type RouteFilterFact,
  type RouteFilterRuleFact,
} from "./model";

/** A route filter as the stack shows it: the resource (if in the stack), its standalone rules, its peerings. */
export interface FilterNode {
  readonly filter?: RouteFilterFact;
  /**
   * Other resources of the stack that write the same Azure route filter (same subscription, group
   * and name): which of them Azure keeps depends on the order of their steps, so all of them are
   * judged together as parts of the one filter.
   */
  readonly writers: RouteFilterFact[];
  readonly identity?: FilterIdentity;
  readonly rules: RouteFilterRuleFact[];
  readonly attachments: Attachment[];
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
}

interface MutableNode extends FilterNode {
  identity?: FilterIdentity;
}

/**
 * Links rules and peerings to their route filters. A reference links by subscription, resource
 * group and name (never by name and group alone); while its value is not known (at preview) it
 * links through the property dependency on the filter, and only within the same subscription.
 */
export function buildStack(facts: Iterable<Fact>): StackView {
  const nodes: MutableNode[] = [];
  const byKey = new Map<string, MutableNode>();
  const byUrn = new Map<string, MutableNode>();
  const rules: RouteFilterRuleFact[] = [];
  const peerings: MicrosoftPeeringFact[] = [];
  for (const fact of facts) {
    if (fact.kind === "route-filter") {
      const identity = identityOfFilter(fact);
      const key = filterKey(identity);
      const written = key === undefined ? undefined : byKey.get(key);
      if (written) {
        written.writers.push(fact);
        byUrn.set(fact.resource.urn, written);
        continue;
      }
      const node: MutableNode = { filter: fact, writers: [], identity, rules: [], attachments: [] };
      nodes.push(node);
      if (key !== undefined) byKey.set(key, node);
      byUrn.set(fact.resource.urn, node);
    } else if (fact.kind === "route-filter-rule") rules.push(fact);
    else peerings.push(fact);
  }

  const resolve = (reference: Reference, from: FilterIdentity | undefined, subscriptionId: string | undefined) => {
    const key = from && filterKey(from);
    const byIdentity = key === undefined ? undefined : byKey.get(key);
    if (byIdentity || (reference.value !== undefined && !from)) return byIdentity;
    // The filter the value is computed from, in the referrer's subscription: while the value is not
    // known (at preview), or when it names that filter and the filter's provider declares no
    // subscription (then the ID, taken from the filter's own output, says which it is).
    for (const urn of reference.dependsOn) {
      const node = byUrn.get(urn);
      if (!node || node.filter!.subscriptionId !== subscriptionId) continue;
      if (reference.value === undefined || (node.filter!.subscriptionId === undefined && sameGroupAndName(node.identity!, from!)))
        return node;
    }
    return undefined;
  };

  const outside = new Map<string, MutableNode>();
  for (const rule of rules) {
    const target = identityOfRuleTarget(rule);
    const node = resolve(rule.filter, target, rule.subscriptionId);
    if (node) {
      node.rules.push(rule);
      continue;
    }
    // The filter lives outside the stack: its rules here still add to it, so judge them together.
    const key = (target && filterKey(target)) ?? `unlinked:${rule.resource.urn}`;
    let group = outside.get(key);
    if (!group) {
      group = { identity: target, writers: [], rules: [], attachments: [] };
      outside.set(key, group);
      nodes.push(group);
    }
    group.rules.push(rule);
  }

  const unresolved: UnresolvedFilter[] = [];
  for (const peering of peerings) {
    for (const { family, reference } of peering.routeFilters) {
      if (!reference) continue;
      const parsed = reference.value === undefined ? undefined : parseRouteFilterId(reference.value);
      const node = resolve(reference, parsed, peering.subscriptionId);
      if (node?.filter) node.attachments.push({ peering, family });
      else unresolved.push({ peering, family, reference });
    }
  }
  return { nodes, unresolved };
}

function sameGroupAndName(a: FilterIdentity, b: FilterIdentity): boolean {
  const same = (x?: string, y?: string) => x !== undefined && y !== undefined && x.toLowerCase() === y.toLowerCase();
  return same(a.resourceGroup, b.resourceGroup) && same(a.azureName, b.azureName);
}

/** The resource a finding about a node is reported on: the filter, else its first standalone rule. */
export function subjectOf(node: FilterNode): RouteFilterFact | RouteFilterRuleFact {
  return node.filter ?? node.rules[0];
}

/** The parts that together make up what a filter allows: the filter's inline rules and its standalone rules. */
export function partsOf(node: FilterNode): (RouteFilterFact | RouteFilterRuleFact)[] {
  return [...(node.filter ? [node.filter] : []), ...node.writers, ...node.rules];
}
