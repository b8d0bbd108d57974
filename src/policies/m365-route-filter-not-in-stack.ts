/**
 * A Microsoft peering whose route filter the stack does not show cannot be verified. Needs the
 * whole stack: whether a peering's filter is one of its resources.
 */
import { type GuardPolicy } from "../core/guard-policy";
import { ROUTE_FILTER_HOWTO } from "../core/sources";
import { type StackView } from "../core/stack";
import { describeAttachment, type Verdict, verdictOn } from "../core/verdict";

export const routeFilterNotInStack: GuardPolicy = {
  name: "m365-route-filter-not-in-stack",
  displayName: "Microsoft peering's route filter is outside the stack",
  description: "A Microsoft peering whose route filter is not in this stack cannot be checked for Microsoft 365 communities.",
  enforcementLevel: "advisory",
  severity: "high",
  tags: ["expressroute", "microsoft-365", "network"],
  remediationSteps:
    "Manage the route filter in the same stack as the peering so the pack can read its communities, or review the filter " +
    "by hand. Set this policy to mandatory to block peerings whose route filter cannot be verified.",
  url: ROUTE_FILTER_HOWTO.url,
  register: "none",
  configSchema: { properties: {} },
  judgeStack: (view) => routeFilterNotInStackVerdicts(view),
};

function routeFilterNotInStackVerdicts(view: StackView): Verdict[] {
  return view.unresolved.map((u) => {
    const { value, dependsOn, property } = u.reference;
    const which =
      value !== undefined
        ? `it uses route filter ${value} (${property}), which is not in this stack (or not in the peering's subscription)`
        : `its route filter ID (${property}) is computed at preview and no route filter of this stack in the peering's subscription provides it ` +
          `(it depends on ${dependsOn.length ? dependsOn.join(", ") : "nothing the stack shows"})`;
    return verdictOn(
      u.peering.resource,
      `Cannot verify ${describeAttachment(u)}: ${which}, so the pack cannot see which communities it allows. ` +
        "Manage the route filter in this stack, or review it by hand.",
    );
  });
}
