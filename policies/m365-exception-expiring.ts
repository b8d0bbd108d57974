import { GuardPolicy } from "../src/core/guard-policy";
import { M365_GUIDANCE } from "../src/core/sources";
import { expiryVerdicts } from "../src/core/verdicts/hygiene";

export const DEFAULT_EXPIRY_WARNING_DAYS = 30;

export const exceptionExpiring: GuardPolicy = {
  name: "m365-exception-expiring",
  description: "An exception for a route filter of this stack has expired or expires soon.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Renew the exception (a fresh review and Microsoft's authorization) and update its expires date, or plan the removal " +
    "of the Microsoft 365 communities from the route filter before it lapses.",
  url: M365_GUIDANCE.url,
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
  evaluate: ({ view, settings, options, today }) => {
    const days = options.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 0) {
      return [{ message: `Option expiryWarningDays of m365-exception-expiring must be a whole number of days >= 0, got ${JSON.stringify(days)}.` }];
    }
    return expiryVerdicts(view, settings, today, days);
  },
};
