import { Community } from "./community";
import { ExceptionEntry, PackSettings } from "./settings";
import { FilterNode, lastIdSegment, stackOfUrn } from "./stack";

/** Everything an exception's `routeFilters` may name a route filter by, plus what its scope checks need. */
export interface FilterIdentity {
  /** Exact: Pulumi URN and logical name. */
  readonly pulumiNames: readonly string[];
  /** Case-insensitive, as Azure treats them: the filter's name and full resource ID. */
  readonly azureNames: readonly string[];
  readonly subscriptionId?: string;
  readonly urn: string;
}

export function identityOf(node: FilterNode): FilterIdentity {
  const { filter, rules } = node;
  const pulumiNames: string[] = [];
  const azureNames: string[] = [];
  if (filter) {
    pulumiNames.push(filter.resource.urn, filter.resource.name);
    for (const name of [filter.azureName, filter.id, filter.id && lastIdSegment(filter.id)]) if (name) azureNames.push(name);
  } else if (node.referencedAs) {
    azureNames.push(node.referencedAs, lastIdSegment(node.referencedAs) ?? node.referencedAs);
  }
  const subscriptionFromReference = node.referencedAs?.match(/^\/subscriptions\/([^/]+)\//i)?.[1]?.toLowerCase();
  return {
    pulumiNames,
    azureNames: azureNames.map((n) => n.toLowerCase()),
    subscriptionId: filter?.subscriptionId ?? subscriptionFromReference ?? rules.find((r) => r.subscriptionId)?.subscriptionId,
    urn: (filter ?? rules[0]).resource.urn,
  };
}

export function namesFilter(entry: ExceptionEntry, identity: FilterIdentity): boolean {
  return entry.routeFilters.some(
    (name) => identity.pulumiNames.includes(name) || identity.azureNames.includes(name.toLowerCase()),
  );
}

/** Why an entry that names the filter still does not apply to it; undefined when it applies. */
export function whyNotApplicable(
  entry: ExceptionEntry,
  identity: FilterIdentity,
  settings: PackSettings,
  today: string,
): string | undefined {
  if (entry.expires < today) return `${entry.id} expired on ${entry.expires}`;
  if (entry.subscriptions) {
    if (!identity.subscriptionId) {
      return (
        `${entry.id} is limited to subscriptions ${entry.subscriptions.join(", ")}, and this filter's subscription cannot be shown ` +
        "(no resource ID in state and no subscriptionId on its provider)"
      );
    }
    if (!entry.subscriptions.includes(identity.subscriptionId)) {
      return `${entry.id} is limited to subscriptions ${entry.subscriptions.join(", ")}; this filter is in ${identity.subscriptionId}`;
    }
  }
  if (entry.stacks) {
    const { stack, project } = stackOfUrn(identity.urn);
    const forms = [stack, project && `${project}/${stack}`, settings.organization && `${settings.organization}/${project}/${stack}`];
    if (!entry.stacks.some((s) => forms.includes(s))) {
      const orgNote = entry.stacks.some((s) => s.split("/").length === 3) && !settings.organization
        ? " (org/project/stack entries need the pack option organization: a preview does not tell the organisation)"
        : "";
      return `${entry.id} is limited to stacks ${entry.stacks.join(", ")}; this is stack ${project}/${stack}${orgNote}`;
    }
  }
  return undefined;
}

export type Coverage =
  | { readonly covered: true; readonly by: ExceptionEntry }
  | {
      readonly covered: false;
      /** The applicable entry that lists most of the communities, if any. */
      readonly closest?: ExceptionEntry;
      /** Why each entry naming the filter did not cover it. */
      readonly notes: readonly string[];
    };

/** An exception covers a filter only if it names it, applies to it, and lists every gated community it allows. */
export function coverage(
  node: FilterNode,
  gated: readonly Community[],
  settings: PackSettings,
  today: string,
): Coverage {
  const identity = identityOf(node);
  const notes: string[] = [];
  let closest: ExceptionEntry | undefined;
  let closestOverlap = -1;
  for (const entry of settings.exceptions) {
    if (!namesFilter(entry, identity)) continue;
    const why = whyNotApplicable(entry, identity, settings, today);
    if (why) {
      notes.push(why);
      continue;
    }
    const missing = gated.filter((c) => !entry.communities.includes(c));
    if (missing.length === 0) return { covered: true, by: entry };
    notes.push(`${entry.id} does not list ${missing.join(", ")}`);
    const overlap = gated.length - missing.length;
    if (overlap > closestOverlap) {
      closest = entry;
      closestOverlap = overlap;
    }
  }
  return { covered: false, closest, notes };
}
