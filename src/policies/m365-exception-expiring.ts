import { GuardPolicy } from "../core/guard-policy";
import { M365_GUIDANCE } from "../core/sources";
import { expiryVerdicts } from "../core/verdicts/hygiene";

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

export const exceptionExpiring: GuardPolicy = {
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
  needsRegister: true,
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
    expiryVerdicts(view, settings, today, (options.expiryWarningDays as number | undefined) ?? DEFAULT_EXPIRY_WARNING_DAYS),
};
