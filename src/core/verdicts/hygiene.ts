/** The register's hygiene, judged for this stack's route filters. */
import { daysUntil } from "../dates";
import { displayName } from "../identity";
import { ExceptionEntry, PackSettings } from "../settings";
import { partsOf, StackView, subjectOf } from "../stack";
import { readPart } from "./advertisement";
import { Verdict, verdictOn } from "./verdict";

/** Why an exception needs attention soon; undefined when it does not. */
function expiryNote(entry: ExceptionEntry, today: string, warningDays: number): string | undefined {
  const days = daysUntil(today, entry.expires);
  if (days < 0) {
    return `Exception ${entry.id} expired on ${entry.expires}: it covers nothing any more. Renew it (with Microsoft's authorization ${entry.microsoftAuthorization}) or remove it from the register.`;
  }
  if (days <= warningDays) {
    return `Exception ${entry.id} expires on ${entry.expires}, in ${days} day(s) (warning window ${warningDays} days). Start its renewal review now or plan to remove the Microsoft 365 communities from ${entry.routeFilters.join(", ")}.`;
  }
  return undefined;
}

/**
 * Exceptions of this stack's route filters that lapse soon (or have), so renewal starts before a
 * deployment is blocked. The register is shared by many stacks: each stack hears only of its own.
 */
export function expiryVerdicts(view: StackView, settings: PackSettings, today: string, warningDays: number): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const node of view.nodes) {
    for (const entry of node.identity ? settings.exceptionsNaming(node.identity) : []) {
      const note = expiryNote(entry, today, warningDays);
      if (note) verdicts.push(verdictOn(subjectOf(node).resource, note));
    }
  }
  return verdicts;
}

/** Exceptions that grant more than the route filters they name use: least privilege for authorizations. */
export function broaderThanUsedVerdicts(view: StackView, settings: PackSettings): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const node of view.nodes) {
    const entries = node.identity ? settings.exceptionsNaming(node.identity) : [];
    if (entries.length === 0) continue;
    const readings = partsOf(node).map((p) => readPart(p, settings));
    if (readings.some((r) => r.cannotVerify.length > 0)) continue;
    const used = new Set(readings.flatMap((r) => [...r.gated.keys()]));
    for (const entry of entries) {
      const extra = entry.communities.filter((c) => !used.has(c));
      if (extra.length === 0) continue;
      verdicts.push(
        verdictOn(
          subjectOf(node).resource,
          `Exception ${entry.id} lists ${extra.join(", ")}, which route filter ${displayName(node.identity)} does not allow. ` +
            `Narrow the exception to ${used.size ? [...used].join(", ") : "what the filter uses"} so it grants no more than is used.`,
        ),
      );
    }
  }
  return verdicts;
}
