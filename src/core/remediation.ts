/**
 * Remediation decides here which communities go; the adapter of the provider's shape applies it.
 * Only whole filters are edited: a standalone rule cannot see which exception its filter has.
 */
import { Community } from "./community";
import { coverage } from "./exceptions";
import { identityOfFilter } from "./identity";
import { Fact, RouteFilterFact } from "./model";
import { PackSettings } from "./settings";
import { readPart } from "./verdicts/advertisement";

export type RemediationPlan =
  | {
      readonly changed: true;
      /** Property paths of the communities to remove, e.g. `rules[0].communities[1]`. */
      readonly remove: ReadonlySet<string>;
      readonly removed: readonly Community[];
    }
  | { readonly changed: false; readonly reason: string };

/** Removes from a route filter the Microsoft 365 communities no exception covers, keeping the rest. */
export function planRemediation(facts: readonly Fact[], settings: PackSettings, today: string): RemediationPlan {
  const filters = facts.filter((f): f is RouteFilterFact => f.kind === "route-filter");
  // A filter inside another resource (a template, an AzAPI body) is not in the props a remediation edits.
  if (filters.length !== 1 || filters[0].property !== undefined) {
    return { changed: false, reason: "only a resource that is one route filter is remediated" };
  }
  const [filter] = filters;
  const reading = readPart(filter, settings);
  if (reading.cannotVerify.length > 0) return { changed: false, reason: `cannot verify: ${reading.cannotVerify.join("; ")}` };
  const gated = [...reading.gated.keys()];
  if (gated.length === 0) return { changed: false, reason: "no Microsoft 365 community" };
  const cover = coverage(identityOfFilter(filter), filter.resource.urn, gated, settings, today);
  if (cover.covered) return { changed: false, reason: `covered by ${cover.by.id}` };
  const removed = gated.filter((c) => !cover.closest?.communities.includes(c));
  return { changed: true, remove: new Set(removed.flatMap((c) => reading.gated.get(c)!)), removed };
}
