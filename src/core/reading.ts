/**
 * What a route filter, or a standalone rule that adds to one, advertises: the Microsoft 365
 * communities it allows (each needs an exception), what cannot be read (fails closed), and, judged
 * on its own, whether the register covers it. The main policy words these findings; accepted risk,
 * remediation and the register's hygiene read the same decisions.
 */
import { type CommunityCatalog } from "./catalog";
import { chooseCloud } from "./cloud";
import { type Community, parseCommunity } from "./community";
import { coverage, type Coverage } from "./coverage";
import { type FilterIdentity, identityOfFilter, identityOfRuleTarget } from "./identity";
import { type RouteFilterFact, type RouteFilterRuleFact, type RuleFact } from "./model";
import type { ExceptionEntry, PackSettings } from "./register";

/** A resource that makes up what a route filter allows: the filter (its inline rules) or a standalone rule. */
export type Part = RouteFilterFact | RouteFilterRuleFact;

/** What one part contributes to its route filter. */
export interface PartReading {
  readonly part: Part;
  /** Gated communities this resource allows, with where each is written. */
  readonly gated: ReadonlyMap<Community, readonly string[]>;
  /** Why what it advertises cannot be verified; empty when it can. */
  readonly cannotVerify: readonly string[];
  readonly catalog?: CommunityCatalog;
}

export function readPart(part: Part, settings: PackSettings): PartReading {
  const cannotVerify = part.unreadable.map((u) => `${u.property} ${u.why.describe()}`);
  const gated = new Map<Community, string[]>();
  const cloud = chooseCloud(settings.cloud, part.cloud.providerEnvironment);
  if (!cloud.ok) return { part, gated, cannotVerify: [...cannotVerify, cloud.reason] };
  const catalog = settings.catalogOf(cloud.cloud);
  const rules: readonly RuleFact[] = part.kind === "route-filter" ? part.rules : [part.rule];
  for (const rule of rules) {
    // A Deny rule advertises nothing; any other (or unreadable) access is taken as Allow.
    if (rule.access?.toLowerCase() === "deny") continue;
    for (const { property, raw } of rule.communities) {
      const parsed = parseCommunity(raw);
      if (!parsed.ok) {
        cannotVerify.push(`${property}: ${parsed.reason}`);
        continue;
      }
      const kind = catalog.classify(parsed.community);
      if (kind.kind === "unrecognised") {
        cannotVerify.push(
          `${property}: ${parsed.community} is not a community Microsoft publishes for ${catalog.cloud} ` +
            "(if Microsoft has published it since, add it to the pack option additionalCommunities)",
        );
      } else if (kind.kind === "service" && kind.entry.requiresAuthorization) {
        gated.set(parsed.community, [...(gated.get(parsed.community) ?? []), property]);
      }
    }
  }
  return { part, gated, cannotVerify, catalog };
}

/** The filter a part belongs to: its own identity, or (a standalone rule) the filter it names. */
export function targetOf(part: Part): FilterIdentity | undefined {
  return part.kind === "route-filter" ? identityOfFilter(part) : identityOfRuleTarget(part);
}

/** Why no entry covers a filter: the closest entry and a note for each that names it. */
export type Uncovered = Extract<Coverage, { readonly covered: false }>;

/**
 * A readable part's gated communities, judged on their own: none; a standalone rule whose filter
 * is not known yet (no exception can be matched); covered by an entry; or not covered.
 */
export type PartStanding =
  | { readonly kind: "nothing-gated" }
  | { readonly kind: "target-unknown"; readonly gated: readonly Community[]; readonly property: string }
  | { readonly kind: "covered"; readonly by: ExceptionEntry }
  | { readonly kind: "uncovered"; readonly target?: FilterIdentity; readonly gated: readonly Community[]; readonly coverage: Uncovered };

export function standingOf(reading: PartReading, settings: PackSettings, today: string): PartStanding {
  const { part } = reading;
  const gated = [...reading.gated.keys()];
  if (gated.length === 0) return { kind: "nothing-gated" };
  const target = targetOf(part);
  if (part.kind === "route-filter-rule" && !target) return { kind: "target-unknown", gated, property: part.filter.property };
  const cover = coverage(target, part.resource.urn, gated, settings, today);
  return cover.covered ? { kind: "covered", by: cover.by } : { kind: "uncovered", target, gated, coverage: cover };
}

/** Whether the main policy reports the part on its own: it cannot be read, or its gated communities are not covered. */
export function reportedAlone(reading: PartReading, settings: PackSettings, today: string): boolean {
  if (reading.cannotVerify.length > 0) return true;
  const standing = standingOf(reading, settings, today);
  return standing.kind === "target-unknown" || standing.kind === "uncovered";
}
