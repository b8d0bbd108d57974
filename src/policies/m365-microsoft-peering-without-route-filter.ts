/**
 * Circuits whose Microsoft peering predates 2017-08-01 advertise all Microsoft 365 prefixes without
 * a filter. Judged on each peering alone, before its step.
 */
import { type GuardPolicy } from "../core/guard-policy";
import { type Fact, type MicrosoftPeeringFact } from "../core/model";
import { ROUTE_FILTER_HOWTO } from "../core/sources";
import { describeAttachment, type Verdict, verdictOn } from "../core/verdict";

export const peeringWithoutRouteFilter: GuardPolicy = {
  name: "m365-microsoft-peering-without-route-filter",
  displayName: "Microsoft peering without a route filter",
  description: "A Microsoft peering with no route filter advertises every Microsoft 365 prefix on circuits configured before 2017-08-01.",
  enforcementLevel: "advisory",
  severity: "medium",
  tags: ["expressroute", "microsoft-365", "network"],
  remediationSteps:
    "Attach a route filter that lists only the communities you need (IPv4 routeFilter and, with IPv6, " +
    "ipv6PeeringConfig.routeFilter). On circuits configured on or after 2017-08-01 a peering without a filter advertises nothing.",
  url: ROUTE_FILTER_HOWTO.url,
  register: "none",
  configSchema: { properties: {} },
  judgeResource: (facts) => peeringWithoutRouteFilterVerdicts(facts),
};

/** Undefined for a resource that holds no Microsoft peering. */
function peeringWithoutRouteFilterVerdicts(facts: readonly Fact[]): Verdict[] | undefined {
  const peerings = facts.filter((f): f is MicrosoftPeeringFact => f.kind === "microsoft-peering");
  if (peerings.length === 0) return undefined;
  return peerings.flatMap((peering) =>
    peering.routeFilters
      .filter((r) => !r.reference)
      .map(({ family }) =>
        verdictOn(
          peering.resource,
          `${capitalise(describeAttachment({ peering, family }))} has no route filter. On a circuit whose Microsoft peering was configured before ` +
            `2017-08-01 that advertises every Microsoft 365 prefix (${ROUTE_FILTER_HOWTO.url}); attach a route filter that lists ` +
            "only the communities you need.",
        ),
      ),
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
