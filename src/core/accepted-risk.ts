/**
 * The route filters the main policy lets through because the register covers them (accepted risk),
 * and those it blocks for want of an exception: the same coverage decision the verdicts make, given
 * as data so that a report can show accepted risk and a skeleton entry can be drafted for the rest.
 */
import type { Community } from "./community";
import { coverage, type Coverage } from "./coverage";
import { displayName, type FilterIdentity } from "./identity";
import { readPart, reportedAlone } from "./reading";
import type { ExceptionEntry, PackSettings } from "./register";
import { type FilterNode, partsOf, type StackView, subjectOf } from "./stack";

export interface AcceptedRisk {
  /** The resource the main policy reports on for this filter: the filter, else its first standalone rule. */
  readonly urn: string;
  /** Where the filter sits inside that resource when the resource is not the filter itself (a template, an AzAPI body). */
  readonly property?: string;
  /** The filter's Azure name, as messages give it. */
  readonly filter: string;
  /** The Microsoft 365 communities the filter allows, all listed by the exception. */
  readonly communities: readonly Community[];
  readonly exception: ExceptionEntry;
}

/** A filter whose Microsoft 365 communities are all readable, with the register's answer for them together. */
export interface GatedFilter {
  readonly node: FilterNode;
  readonly urn: string;
  readonly identity?: FilterIdentity;
  readonly communities: readonly Community[];
  readonly coverage: Coverage;
  /** Whether a part of the filter is reported on its own (then the filter is blocked whatever `coverage` says). */
  readonly partReported: boolean;
}

/**
 * Every filter of the stack that allows Microsoft 365 communities, all readable. Filters with an
 * unreadable part are left out: the main policy blocks them as "cannot verify", and no exception
 * can be matched to what is not known.
 */
export function gatedFilters(view: StackView, settings: PackSettings, today: string): GatedFilter[] {
  const found: GatedFilter[] = [];
  for (const node of view.nodes) {
    const readings = partsOf(node).map((part) => readPart(part, settings));
    if (readings.some((r) => r.cannotVerify.length > 0)) continue;
    const communities = [...new Set(readings.flatMap((r) => [...r.gated.keys()]))];
    if (communities.length === 0) continue;
    const urn = subjectOf(node).resource.urn;
    found.push({
      node,
      urn,
      identity: node.identity,
      communities,
      coverage: coverage(node.identity, urn, communities, settings, today),
      partReported: readings.some((r) => reportedAlone(r, settings, today)),
    });
  }
  return found;
}

/** The filters an exception of the register lets through: no finding of the main policy, and the entry that covers them. */
export function acceptedRisks(view: StackView, settings: PackSettings, today: string): AcceptedRisk[] {
  return gatedFilters(view, settings, today).flatMap((g) =>
    g.coverage.covered && !g.partReported
      ? [
          {
            urn: g.urn,
            property: subjectOf(g.node).property,
            filter: displayName(g.identity),
            communities: g.communities,
            exception: g.coverage.by,
          },
        ]
      : [],
  );
}
