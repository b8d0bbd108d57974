/**
 * Remediation decides here which communities go; the adapter of the provider's shape applies it.
 * Only whole filters are edited: a standalone rule cannot see which exception its filter has.
 */
import type { Community } from "./community";
import type { Fact, RouteFilterFact } from "./model";
import { readPart, standingOf } from "./reading";
import type { PackSettings } from "./register";

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
  const standing = standingOf(reading, settings, today);
  if (standing.kind === "covered") return { changed: false, reason: `covered by ${standing.by.id}` };
  if (standing.kind !== "uncovered") return { changed: false, reason: "no Microsoft 365 community" };
  const removed = standing.gated.filter((c) => !standing.coverage.closest?.communities.includes(c));
  return { changed: true, remove: new Set(removed.flatMap((c) => reading.gated.get(c)!)), removed };
}
