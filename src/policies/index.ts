/**
 * The registry of the pack's policies and the pack's own description: what the binding hands to
 * Pulumi and what the scan command judges with. A new policy is a file beside this one (its
 * metadata, options and judge functions), listed here; `npm run generate` then updates the files
 * made from this list (see scripts/generate-from-policies.js).
 */
import { type GuardPolicy, registerOwner } from "../core/guard-policy";
import { advertisementRequiresException } from "./m365-advertisement-requires-exception";
import { exceptionBroaderThanUsed } from "./m365-exception-broader-than-used";
import { exceptionExpiring } from "./m365-exception-expiring";
import { peeringWithoutRouteFilter } from "./m365-microsoft-peering-without-route-filter";
import { routeFilterNotInStack } from "./m365-route-filter-not-in-stack";

export const PACK = {
  name: "expressroute-m365-guard",
  displayName: "ExpressRoute Microsoft 365 guard",
  description:
    "Blocks ExpressRoute route filters that advertise Microsoft 365 prefixes over Microsoft peering unless an exception is on record.",
  provider: "azure",
  tags: ["azure", "expressroute", "microsoft-365", "network", "compliance"],
} as const;

/** Every policy of the pack, in the order the runtime runs them: the one that owns the register reads it for the others. */
export const POLICIES: readonly GuardPolicy[] = [
  advertisementRequiresException,
  routeFilterNotInStack,
  peeringWithoutRouteFilter,
  exceptionExpiring,
  exceptionBroaderThanUsed,
];

/** The policy whose config holds the exception register (the tests check there is exactly one). */
export const REGISTER_OWNER: GuardPolicy = registerOwner(POLICIES)!;

export { DEFAULT_EXPIRY_WARNING_DAYS } from "./m365-exception-expiring";
