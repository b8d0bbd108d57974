import { identityOf, namesFilter } from "../exceptions";
import { ExceptionEntry, PackSettings } from "../settings";
import { StackView, nodeName } from "../stack";
import { readPart } from "./advertisement";
import { Verdict, verdictOn } from "./verdict";

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** Exceptions that lapse soon (or have), so renewal starts before a deployment is blocked. */
export function expiryVerdicts(exceptions: readonly ExceptionEntry[], today: string, warningDays: number): Verdict[] {
  return exceptions.flatMap((entry) => {
    const days = daysUntil(today, entry.expires);
    if (days < 0) {
      return [{ message: `Exception ${entry.id} expired on ${entry.expires}: it covers nothing any more. Renew it (with Microsoft's authorization ${entry.microsoftAuthorization}) or remove it from the register.` }];
    }
    if (days <= warningDays) {
      return [{ message: `Exception ${entry.id} expires on ${entry.expires}, in ${days} day(s) (warning window ${warningDays} days). Start its renewal review now or plan to remove the Microsoft 365 communities from ${entry.routeFilters.join(", ")}.` }];
    }
    return [];
  });
}

/** Exceptions that grant more than the route filters they name use: least privilege for authorizations. */
export function broaderThanUsedVerdicts(view: StackView, settings: PackSettings): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const node of view.nodes) {
    const readings = [...(node.filter ? [node.filter] : []), ...node.rules].map((p) => readPart(p, settings));
    if (readings.some((r) => r.cannotVerify.length > 0)) continue;
    const used = new Set(readings.flatMap((r) => [...r.gated.keys()]));
    const identity = identityOf(node);
    for (const entry of settings.exceptions) {
      if (!namesFilter(entry, identity)) continue;
      const extra = entry.communities.filter((c) => !used.has(c));
      if (extra.length === 0) continue;
      const subject = node.filter ?? node.rules[0];
      verdicts.push(
        verdictOn(
          subject.resource,
          `Exception ${entry.id} lists ${extra.join(", ")}, which route filter ${nodeName(node)} does not allow. ` +
            `Narrow the exception to ${used.size ? [...used].join(", ") : "what the filter uses"} so it grants no more than is used.`,
        ),
      );
    }
  }
  return verdicts;
}
