import { GuardPolicy } from "../core/guard-policy";
import { ROUTE_FILTER_HOWTO } from "../core/sources";
import { routeFilterNotInStackVerdicts } from "../core/verdicts/peering";

/** Needs the whole stack: whether a peering's filter is one of its resources. */
export const routeFilterNotInStack: GuardPolicy = {
  name: "m365-route-filter-not-in-stack",
  displayName: "Microsoft peering's route filter is outside the stack",
  description:
    "A Microsoft peering whose route filter is not in this stack cannot be checked for Microsoft 365 communities.",
  enforcementLevel: "advisory",
  severity: "high",
  tags: ["expressroute", "microsoft-365", "network"],
  remediationSteps:
    "Manage the route filter in the same stack as the peering so the pack can read its communities, or review the filter " +
    "by hand. Set this policy to mandatory to block peerings whose route filter cannot be verified.",
  url: ROUTE_FILTER_HOWTO.url,
  needsRegister: false,
  configSchema: { properties: {} },
  judgeStack: (view) => routeFilterNotInStackVerdicts(view),
};
