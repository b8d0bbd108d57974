import { CommunityCatalog } from "../catalog";
import { chooseCloud } from "../cloud";
import { Community, parseCommunity } from "../community";
import { coverage } from "../exceptions";
import { RouteFilterFact, RouteFilterRuleFact, RuleFact } from "../model";
import { M365_GUIDANCE } from "../sources";
import { ExceptionEntry, MAIN_POLICY, PackSettings } from "../settings";
import { FilterNode, StackView, nodeName } from "../stack";
import { describeAttachment, Verdict, verdictOn } from "./verdict";

/** What one resource (a filter or a standalone rule) contributes to its route filter. */
export interface PartReading {
  readonly part: RouteFilterFact | RouteFilterRuleFact;
  /** Gated communities this resource allows, with where each is written. */
  readonly gated: ReadonlyMap<Community, readonly string[]>;
  /** Why what it advertises cannot be verified; empty when it can. */
  readonly cannotVerify: readonly string[];
  readonly catalog?: CommunityCatalog;
}

export function readPart(part: RouteFilterFact | RouteFilterRuleFact, settings: PackSettings): PartReading {
  const cannotVerify = part.unreadable.map((u) => `${u.property} ${u.why.describe()}`);
  const gated = new Map<Community, string[]>();
  const cloud = chooseCloud(settings.cloud, part.cloud.providerEnvironment);
  if (!cloud.ok) return { part, gated, cannotVerify: [...cannotVerify, cloud.reason] };
  const catalog = new CommunityCatalog(cloud.cloud, settings.additionalCommunities);
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

/** The main rule: Microsoft 365 communities need an exception; what cannot be read fails closed. */
export function advertisementVerdicts(view: StackView, settings: PackSettings, today: string): Verdict[] {
  const verdicts: Verdict[] = settings.problems.map((p) => ({
    message:
      `The exception register is invalid, so the entry gives no exception: ${p.entry}` +
      `${p.field ? `, field ${p.field}` : ""}: ${p.message}. Fix it in the policy pack config (--policy-pack-config), ` +
      `under ${MAIN_POLICY}.`,
  }));
  for (const node of view.nodes) verdicts.push(...nodeVerdicts(node, settings, today));
  return verdicts;
}

function nodeVerdicts(node: FilterNode, settings: PackSettings, today: string): Verdict[] {
  const parts = [...(node.filter ? [node.filter] : []), ...node.rules];
  const readings = parts.map((part) => readPart(part, settings));
  const verdicts: Verdict[] = readings
    .filter((r) => r.cannotVerify.length > 0)
    .map((r) =>
      verdictOn(
        r.part.resource,
        `Cannot verify what route filter ${nodeName(node)} advertises, so it is blocked until it can be: ` +
          r.cannotVerify.join("; ") +
          ". Write the communities as literal strings (or make the value known at preview), or set this policy to advisory to accept the risk.",
      ),
    );

  const gated = [...new Set(readings.flatMap((r) => [...r.gated.keys()]))];
  if (gated.length === 0) return verdicts;
  const cover = coverage(node, gated, settings, today);
  if (cover.covered) return verdicts;

  for (const reading of readings) {
    const uncovered = [...reading.gated.keys()].filter((c) => !cover.closest?.communities.includes(c));
    if (uncovered.length === 0) continue;
    verdicts.push(verdictOn(reading.part.resource, uncoveredMessage(node, reading, uncovered, gated, cover.notes)));
  }
  return verdicts;
}

function uncoveredMessage(
  node: FilterNode,
  reading: PartReading,
  uncovered: readonly Community[],
  allGated: readonly Community[],
  notes: readonly string[],
): string {
  const name = nodeName(node);
  const lines = uncovered.map((c) => `  - ${c} ${reading.catalog?.serviceOf(c)} (${reading.gated.get(c)!.join(", ")})`);
  const attached = node.attachments.length
    ? `It is attached to ${node.attachments.map(describeAttachment).join("; ")}.`
    : "No Microsoft peering in this stack shows it attached; once attached it advertises these prefixes.";
  const considered = notes.length ? `Exceptions considered: ${notes.join("; ")}.` : "No exception in the register names this route filter.";
  return [
    `Route filter ${name} allows Microsoft 365 communities (${reading.catalog?.cloud}) with no exception on record:`,
    ...lines,
    attached,
    considered,
    `Why: Microsoft does not recommend ExpressRoute for Microsoft 365 and authorizes it per subscription only after review; see ${M365_GUIDANCE.url}`,
    `To record an exception, add this entry to "exceptions" under "${MAIN_POLICY}" in the policy pack config:`,
    `  ${JSON.stringify(suggestedEntry(name, allGated))}`,
  ].join("\n");
}

function suggestedEntry(name: string, communities: readonly Community[]): Omit<ExceptionEntry, "index"> {
  return {
    id: "ER365-YYYY-NNN",
    microsoftAuthorization: "<reference of Microsoft's authorization for the subscription>",
    justification: "<why, e.g. the regulation that mandates private connectivity>",
    approvedBy: ["<productivity team>", "<network team>", "<security team>"],
    expires: "YYYY-MM-DD",
    communities,
    routeFilters: [name],
  };
}
