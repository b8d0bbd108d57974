/** Microsoft peerings whose route filter the pack cannot read, or that have none. */
import { Fact, MicrosoftPeeringFact } from "../model";
import { ROUTE_FILTER_HOWTO } from "../sources";
import { StackView } from "../stack";
import { describeAttachment, Verdict, verdictOn } from "./verdict";

/** A Microsoft peering whose route filter the stack does not show cannot be verified. */
export function routeFilterNotInStackVerdicts(view: StackView): Verdict[] {
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

/**
 * Circuits whose Microsoft peering predates 2017-08-01 advertise all Microsoft 365 prefixes without
 * a filter. Judged on the peering alone; undefined for a resource that holds no Microsoft peering.
 */
export function peeringWithoutRouteFilterVerdicts(facts: readonly Fact[]): Verdict[] | undefined {
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
