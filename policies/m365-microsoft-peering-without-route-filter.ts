import { GuardPolicy } from "../src/core/guard-policy";
import { ROUTE_FILTER_HOWTO } from "../src/core/sources";
import { peeringWithoutRouteFilterVerdicts } from "../src/core/verdicts/peering";

export const peeringWithoutRouteFilter: GuardPolicy = {
  name: "m365-microsoft-peering-without-route-filter",
  description:
    "A Microsoft peering with no route filter advertises every Microsoft 365 prefix on circuits configured before 2017-08-01.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Attach a route filter that lists only the communities you need (IPv4 routeFilter and, with IPv6, " +
    "ipv6PeeringConfig.routeFilter). On circuits configured on or after 2017-08-01 a peering without a filter advertises nothing.",
  url: ROUTE_FILTER_HOWTO.url,
  configSchema: { properties: {} },
  evaluate: ({ view }) => peeringWithoutRouteFilterVerdicts(view),
};
