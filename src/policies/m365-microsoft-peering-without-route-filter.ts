import { GuardPolicy } from "../core/guard-policy";
import { ROUTE_FILTER_HOWTO } from "../core/sources";
import { peeringWithoutRouteFilterVerdicts } from "../core/verdicts/peering";

/** Judged on each peering alone, before its step. */
export const peeringWithoutRouteFilter: GuardPolicy = {
  name: "m365-microsoft-peering-without-route-filter",
  displayName: "Microsoft peering without a route filter",
  description:
    "A Microsoft peering with no route filter advertises every Microsoft 365 prefix on circuits configured before 2017-08-01.",
  enforcementLevel: "advisory",
  severity: "medium",
  tags: ["expressroute", "microsoft-365", "network"],
  remediationSteps:
    "Attach a route filter that lists only the communities you need (IPv4 routeFilter and, with IPv6, " +
    "ipv6PeeringConfig.routeFilter). On circuits configured on or after 2017-08-01 a peering without a filter advertises nothing.",
  url: ROUTE_FILTER_HOWTO.url,
  needsRegister: false,
  configSchema: { properties: {} },
  judgeResource: (facts) => peeringWithoutRouteFilterVerdicts(facts),
};
