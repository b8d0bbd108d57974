import { GuardPolicy } from "../core/guard-policy";
import { M365_GUIDANCE } from "../core/sources";
import { broaderThanUsedVerdicts } from "../core/verdicts/hygiene";

export const exceptionBroaderThanUsed: GuardPolicy = {
  name: "m365-exception-broader-than-used",
  displayName: "Microsoft 365 exception broader than used",
  description: "An exception lists Microsoft 365 communities that the route filter it names does not allow.",
  enforcementLevel: "advisory",
  severity: "low",
  tags: ["expressroute", "microsoft-365", "exceptions"],
  remediationSteps: "Narrow the exception's communities to those the route filter allows, so it grants no more than is used.",
  url: M365_GUIDANCE.url,
  needsRegister: true,
  configSchema: { properties: {} },
  judgeStack: (view, { settings }) => broaderThanUsedVerdicts(view, settings),
};
