/**
 * The main rule: Microsoft 365 communities need an exception; what cannot be read fails closed.
 * Each route filter and standalone rule is judged as the engine analyses it, before its step; the
 * whole stack adds what only it shows (a filter's standalone rules together, its peerings).
 */
import { CLOUDS } from "../core/catalog";
import { type Community } from "../core/community";
import { coverage } from "../core/coverage";
import { type GuardPolicy } from "../core/guard-policy";
import { displayName, type FilterIdentity } from "../core/identity";
import { type Fact } from "../core/model";
import { type Part, type PartReading, readPart, reportedAlone, standingOf, targetOf } from "../core/reading";
import { MAIN_POLICY, type PackSettings } from "../core/register";
import { planRemediation } from "../core/remediation";
import { M365_GUIDANCE } from "../core/sources";
import { type FilterNode, partsOf, type StackView, subjectOf } from "../core/stack";
import { suggestedEntry } from "../core/suggested-entry";
import { describeAttachment, type Verdict, verdictOn } from "../core/verdict";
import { COMMUNITY, text, textList } from "./schema";

/**
 * The main policy. Judges each route filter and standalone rule before its step (so a mandatory
 * finding stops the create), and the stack for what only it shows. Its config holds the register
 * all policies share; with level remediate it also edits filters.
 */
export const advertisementRequiresException: GuardPolicy = {
  name: MAIN_POLICY,
  displayName: "Microsoft 365 over ExpressRoute requires an exception",
  description:
    "A route filter on ExpressRoute Microsoft peering may allow Microsoft 365 communities only under an exception recorded in the register.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: ["expressroute", "microsoft-365", "network", "exceptions"],
  remediationSteps:
    "Remove the Microsoft 365 communities (public cloud 12076:5010, 5020, 5030, 5100; US Government 12076:5110, 5120, 5130, 5200) " +
    "from the route filter and reach Microsoft 365 over the Internet. If Microsoft has authorized ExpressRoute for this " +
    "subscription, record the exception (authorization reference, approvers, route filter, communities, expiry) under " +
    `exceptions of ${MAIN_POLICY} in the policy pack config.`,
  url: M365_GUIDANCE.url,
  register: "owns",
  configSchema: {
    properties: {
      cloud: {
        type: "string",
        enum: [...CLOUDS],
        description: "Azure cloud whose community values apply where a provider does not declare its environment; default AzureCloud.",
      },
      organization: text("Pulumi organisation, to match exception stacks written org/project/stack."),
      additionalCommunities: {
        type: "array",
        description: "Service communities Microsoft has published since this pack's catalog was written.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["community", "service", "requiresAuthorization"],
          properties: {
            community: COMMUNITY,
            service: text("Service the community selects."),
            requiresAuthorization: { type: "boolean", description: "Microsoft requires an authorization (Microsoft 365)." },
          },
        },
      },
      exceptions: {
        type: "array",
        description: "The exception register: each entry records one Microsoft-authorized use of Microsoft 365 communities.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["id", "microsoftAuthorization", "justification", "approvedBy", "expires", "communities", "routeFilters"],
          properties: {
            id: text("Unique id of the exception, e.g. ER365-2026-007."),
            microsoftAuthorization: text("Reference of Microsoft's authorization for the subscription."),
            justification: text("Why, e.g. the regulation that mandates private connectivity."),
            approvedBy: textList("Teams or people who approved it."),
            expires: {
              type: "string",
              pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
              description: "a calendar date written YYYY-MM-DD (the last day the exception holds, UTC)",
            },
            communities: textList("Microsoft 365 communities it allows.", COMMUNITY),
            routeFilters: textList("Route filters: Azure name, full resource ID or Pulumi URN."),
            subscriptions: textList("Azure subscription ids it is limited to.", {
              type: "string",
              pattern: "^\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*$",
              description: "an Azure subscription id (a GUID)",
            }),
            stacks: textList("Stacks it is limited to.", {
              type: "string",
              pattern: "^\\s*[^/\\s]+(/[^/\\s]+){0,2}\\s*$",
              description: "a stack name, project/stack or org/project/stack",
            }),
          },
        },
      },
    },
  },
  judgeResource: (facts, { settings, today }) => resourceVerdicts(facts, settings, today),
  judgeStack: (view, { settings, today }) => stackVerdicts(view, settings, today),
  remediate: (facts, { settings, today }) => planRemediation(facts, settings, today),
};

/** One resource, judged on its own as the engine analyses it; undefined when it is no route filter or rule. */
function resourceVerdicts(facts: readonly Fact[], settings: PackSettings, today: string): Verdict[] | undefined {
  const parts = facts.filter((f): f is Part => f.kind === "route-filter" || f.kind === "route-filter-rule");
  if (parts.length === 0) return undefined;
  return parts.flatMap((part) => partVerdicts(readPart(part, settings), settings, today));
}

function partVerdicts(reading: PartReading, settings: PackSettings, today: string): Verdict[] {
  const { part } = reading;
  const verdicts = [...cannotVerifyVerdicts(reading, targetOf(part))];
  const standing = standingOf(reading, settings, today);
  if (standing.kind === "target-unknown") {
    verdicts.push(
      verdictOn(
        part.resource,
        `Cannot verify which route filter ${part.resource.name} adds ${standing.gated.join(", ")} to: ${standing.property} ` +
          "is not known yet, so no exception can be matched. Give the filter's name as a literal, or set this policy to advisory to accept the risk.",
      ),
    );
  } else if (standing.kind === "uncovered") {
    const { target, gated, coverage: cover } = standing;
    const uncovered = gated.filter((c) => !cover.closest?.communities.includes(c));
    verdicts.push(verdictOn(part.resource, uncoveredMessage(target, reading, uncovered, gated, cover.notes, undefined)));
  }
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

/**
 * What only the whole stack shows: a filter whose parts each pass on their own while no single
 * exception lists every Microsoft 365 community they allow together. Parts already reported on
 * their own are not reported again.
 */
function stackVerdicts(view: StackView, settings: PackSettings, today: string): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const node of view.nodes) {
    const parts = partsOf(node);
    if (parts.length < 2) continue;
    const readings = parts.map((part) => readPart(part, settings));
    if (readings.some((r) => reportedAlone(r, settings, today))) continue;
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
