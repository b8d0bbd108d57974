/**
 * The main rule: Microsoft 365 communities need an exception; what cannot be read fails closed.
 * Each route filter and standalone rule is judged as the engine analyses it, before its step; the
 * whole stack adds what only it shows (a filter's standalone rules together, its peerings).
 */
import { CommunityCatalog } from "../catalog";
import { chooseCloud } from "../cloud";
import { Community, parseCommunity } from "../community";
import { coverage } from "../exceptions";
import { displayName, FilterIdentity, identityOfFilter, identityOfRuleTarget } from "../identity";
import { Fact, RouteFilterFact, RouteFilterRuleFact, RuleFact } from "../model";
import { M365_GUIDANCE } from "../sources";
import { MAIN_POLICY, PackSettings } from "../settings";
import { suggestedEntry } from "../suggested-entry";
import { FilterNode, partsOf, StackView, subjectOf } from "../stack";
import { describeAttachment, Verdict, verdictOn } from "./verdict";

type Part = RouteFilterFact | RouteFilterRuleFact;

/** What one resource (a filter or a standalone rule) contributes to its route filter. */
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
function targetOf(part: Part): FilterIdentity | undefined {
  return part.kind === "route-filter" ? identityOfFilter(part) : identityOfRuleTarget(part);
}

/** One resource, judged on its own as the engine analyses it; undefined when it is no route filter or rule. */
export function resourceAdvertisementVerdicts(facts: readonly Fact[], settings: PackSettings, today: string): Verdict[] | undefined {
  const parts = facts.filter((f): f is Part => f.kind === "route-filter" || f.kind === "route-filter-rule");
  if (parts.length === 0) return undefined;
  return parts.flatMap((part) => partVerdicts(readPart(part, settings), settings, today));
}

function partVerdicts(reading: PartReading, settings: PackSettings, today: string): Verdict[] {
  const { part } = reading;
  const target = targetOf(part);
  const verdicts = [...cannotVerifyVerdicts(reading, target)];
  const gated = [...reading.gated.keys()];
  if (gated.length === 0) return verdicts;
  if (part.kind === "route-filter-rule" && !target) {
    verdicts.push(
      verdictOn(
        part.resource,
        `Cannot verify which route filter ${part.resource.name} adds ${gated.join(", ")} to: ${part.filter.property} ` +
          "is not known yet, so no exception can be matched. Give the filter's name as a literal, or set this policy to advisory to accept the risk.",
      ),
    );
    return verdicts;
  }
  const cover = coverage(target, part.resource.urn, gated, settings, today);
  if (cover.covered) return verdicts;
  const uncovered = gated.filter((c) => !cover.closest?.communities.includes(c));
  verdicts.push(verdictOn(part.resource, uncoveredMessage(target, reading, uncovered, gated, cover.notes, undefined)));
  return verdicts;
}

function cannotVerifyVerdicts(reading: PartReading, target: FilterIdentity | undefined): Verdict[] {
  if (reading.cannotVerify.length === 0) return [];
  return [
    verdictOn(
      reading.part.resource,
      `Cannot verify what route filter ${displayName(target)} advertises, so it is blocked until it can be: ` +
        reading.cannotVerify.join("; ") +
        ". Write the communities as literal strings (or make the value known at preview), or set this policy to advisory to accept the risk.",
    ),
  ];
}

/** The register's own mistakes: an invalid entry grants nothing, and says so once per analysis. */
export function registerVerdicts(settings: PackSettings): Verdict[] {
  return settings.problems.map((p) => {
    const where = `${p.entry}${p.field ? `, field ${p.field}` : ""}: ${p.message}`;
    const effect = p.entry.startsWith("exceptions[") ? "so the entry gives no exception" : "so the option has no effect";
    return {
      message: `The policy pack config is invalid, ${effect}: ${where}. Fix it in the policy pack config (--policy-pack-config), under ${MAIN_POLICY}.`,
    };
  });
}

/**
 * What only the whole stack shows: a filter whose parts each pass on their own while no single
 * exception lists every Microsoft 365 community they allow together. Parts already reported on
 * their own are not reported again.
 */
export function stackAdvertisementVerdicts(view: StackView, settings: PackSettings, today: string): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const node of view.nodes) {
    const parts = partsOf(node);
    if (parts.length < 2) continue;
    const readings = parts.map((part) => readPart(part, settings));
    if (readings.some((r) => r.cannotVerify.length > 0 || partVerdicts(r, settings, today).length > 0)) continue;
    const gated = [...new Set(readings.flatMap((r) => [...r.gated.keys()]))];
    if (gated.length === 0) continue;
    const cover = coverage(node.identity, subjectOf(node).resource.urn, gated, settings, today);
    if (cover.covered) continue;
    for (const reading of readings) {
      const uncovered = [...reading.gated.keys()].filter((c) => !cover.closest?.communities.includes(c));
      if (uncovered.length > 0) {
        verdicts.push(verdictOn(reading.part.resource, uncoveredMessage(node.identity, reading, uncovered, gated, cover.notes, node)));
      }
    }
  }
  return verdicts;
}

function uncoveredMessage(
  identity: FilterIdentity | undefined,
  reading: PartReading,
  uncovered: readonly Community[],
  allGated: readonly Community[],
  notes: readonly string[],
  node: FilterNode | undefined,
): string {
  const name = displayName(identity);
  const lines = uncovered.map((c) => `  - ${c} ${reading.catalog?.serviceOf(c)} (${reading.gated.get(c)!.join(", ")})`);
  const together = node
    ? [
        `Together with its standalone rules it allows ${allGated.join(", ")}, and no single exception lists them all.`,
        node.attachments.length
          ? `It is attached to ${node.attachments.map(describeAttachment).join("; ")}.`
          : "No Microsoft peering in this stack shows it attached; once attached it advertises these prefixes.",
      ]
    : ["Once attached to a Microsoft peering it advertises these prefixes to your network."];
  const considered = notes.length ? `Exceptions considered: ${notes.join("; ")}.` : "No exception in the register names this route filter.";
  return [
    `Route filter ${name} allows Microsoft 365 communities (${reading.catalog?.cloud}) with no exception on record:`,
    ...lines,
    ...together,
    considered,
    `Why: Microsoft does not recommend ExpressRoute for Microsoft 365 and authorizes it per subscription only after review; see ${M365_GUIDANCE.url}`,
    `To record an exception, add this entry to "exceptions" under "${MAIN_POLICY}" in the policy pack config:`,
    `  ${JSON.stringify(suggestedEntry(name, allGated))}`,
  ].join("\n");
}
