import { GuardPolicy } from "../src/core/guard-policy";
import { ROUTE_FILTER_HOWTO } from "../src/core/sources";
import { routeFilterNotInStackVerdicts } from "../src/core/verdicts/peering";

export const routeFilterNotInStack: GuardPolicy = {
  name: "m365-route-filter-not-in-stack",
  description:
    "A Microsoft peering whose route filter is not in this stack cannot be checked for Microsoft 365 communities.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps:
    "Manage the route filter in the same stack as the peering so the pack can read its communities, or review the filter " +
    "by hand. Set this policy to mandatory to block peerings whose route filter cannot be verified.",
  url: ROUTE_FILTER_HOWTO.url,
  configSchema: { properties: {} },
  evaluate: ({ view }) => routeFilterNotInStackVerdicts(view),
};
