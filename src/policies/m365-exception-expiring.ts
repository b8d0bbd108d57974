/**
 * Exceptions of this stack's route filters that lapse soon (or have), so renewal starts before a
 * deployment is blocked. The register is shared by many stacks: each stack hears only of its own.
 */
import { daysUntil } from "../core/dates";
import { type GuardPolicy } from "../core/guard-policy";
import { type ExceptionEntry, type PackSettings } from "../core/register";
import { M365_GUIDANCE } from "../core/sources";
import { type StackView, subjectOf } from "../core/stack";
import { type Verdict, verdictOn } from "../core/verdict";

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

export interface ExpiringOptions {
  readonly expiryWarningDays?: number;
}

export const exceptionExpiring: GuardPolicy<ExpiringOptions> = {
  name: "m365-exception-expiring",
  displayName: "Microsoft 365 exception expiring",
  description: "An exception for a route filter of this stack has expired or expires soon.",
  enforcementLevel: "advisory",
  severity: "medium",
  tags: ["expressroute", "microsoft-365", "exceptions"],
  remediationSteps:
    "Renew the exception (a fresh review and Microsoft's authorization) and update its expires date, or plan the removal " +
    "of the Microsoft 365 communities from the route filter before it lapses.",
  url: M365_GUIDANCE.url,
  register: "reads",
  configSchema: {
    properties: {
      expiryWarningDays: {
        type: "integer",
        minimum: 0,
        default: DEFAULT_EXPIRY_WARNING_DAYS,
        description: "Warn when an exception expires within this many days.",
      },
    },
  },
  judgeStack: (view, { settings, options, today }) =>
    expiryVerdicts(view, settings, today, options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS),
};

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

function expiryVerdicts(view: StackView, settings: PackSettings, today: string, warningDays: number): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const node of view.nodes) {
    for (const entry of node.identity ? settings.exceptionsNaming(node.identity) : []) {
      const note = expiryNote(entry, today, warningDays);
      if (note) verdicts.push(verdictOn(subjectOf(node).resource, note));
    }
  }
  return verdicts;
}
