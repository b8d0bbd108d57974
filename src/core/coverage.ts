/** Whether an exception of the register covers a route filter. */
import type { Community } from "./community";
import { type FilterIdentity, parseRouteFilterId } from "./identity";
import type { ExceptionEntry, FilterName, PackSettings } from "./register";
import { isUrn, parseUrn } from "./urn";

/** How an entry of `routeFilters` names a filter (see FilterName). */
export function filterNameOf(text: string): FilterName {
  if (isUrn(text)) return { kind: "urn", text };
  if (parseRouteFilterId(text)) return { kind: "arm-id", text: text.toLowerCase() };
  return { kind: "azure-name", text: text.toLowerCase() };
}

/** Why an entry that names the filter still does not apply to it; undefined when it applies. */
function whyNotApplicable(
  entry: ExceptionEntry,
  identity: FilterIdentity,
  urn: string,
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
    const { stack, project } = parseUrn(urn) ?? {};
    const forms = [stack, project && `${project}/${stack}`, settings.organization && `${settings.organization}/${project}/${stack}`];
    if (!entry.stacks.some((s) => forms.includes(s))) {
      const orgNote =
        entry.stacks.some((s) => s.split("/").length === 3) && !settings.organization
          ? " (org/project/stack entries need the pack option organization: a preview does not tell the organisation)"
          : "";
      return `${entry.id} is limited to stacks ${entry.stacks.join(", ")}; this is stack ${project}/${stack}${orgNote}`;
    }
  }
  return undefined;
}

/**
 * Why the URN of the resource judged does not name the filter: the resource is a standalone rule,
 * or one that makes filters (a template deployment, an AzAPI resource), which may make any number
 * of them in any subscription; naming it would let through every filter it ever makes.
 */
export const URN_NAMES_ONE_FILTER =
  "the URN of a resource that is not itself this route filter (a template deployment or AzAPI resource that makes it, or a " +
  "standalone rule): a URN covers only the route filter resource it names, as one deployment may make any number of filters " +
  "in any subscription; name this filter by its Azure name or resource ID";

export type Coverage =
  | { readonly covered: true; readonly by: ExceptionEntry }
  | {
      readonly covered: false;
      /** The applicable entry that lists most of the communities, if any. */
      readonly closest?: ExceptionEntry;
      /** Why each entry naming the filter did not cover it. */
      readonly notes: readonly string[];
    };

/**
 * An exception covers a filter only if it names it, applies to it (not expired, in its
 * subscriptions and stacks), and lists every gated community it allows. `urn` is the resource
 * judged, whose stack the `stacks` limit is checked against.
 */
export function coverage(
  identity: FilterIdentity | undefined,
  urn: string,
  gated: readonly Community[],
  settings: PackSettings,
  today: string,
): Coverage {
  const naming = identity ? settings.exceptionsNaming(identity) : [];
  const notes = settings
    .exceptionsNaming({ urn })
    .filter((entry) => !naming.includes(entry))
    .map((entry) => `${entry.id} names ${urn}, ${URN_NAMES_ONE_FILTER}`);
  let closest: ExceptionEntry | undefined;
  let closestOverlap = -1;
  for (const entry of naming) {
    const why = whyNotApplicable(entry, identity!, urn, settings, today);
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
