import { GuardPolicy } from "../src/core/guard-policy";
import { M365_GUIDANCE } from "../src/core/sources";
import { broaderThanUsedVerdicts } from "../src/core/verdicts/hygiene";

export const exceptionBroaderThanUsed: GuardPolicy = {
  name: "m365-exception-broader-than-used",
  description: "An exception lists Microsoft 365 communities that the route filter it names does not allow.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: "Narrow the exception's communities to those the route filter allows, so it grants no more than is used.",
  url: M365_GUIDANCE.url,
  configSchema: { properties: {} },
  evaluate: ({ view, settings }) => broaderThanUsedVerdicts(view, settings),
};
