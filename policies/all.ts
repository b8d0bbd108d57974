import { GuardPolicy } from "../src/core/guard-policy";
import { advertisementRequiresException } from "./m365-advertisement-requires-exception";
import { exceptionBroaderThanUsed } from "./m365-exception-broader-than-used";
import { exceptionExpiring } from "./m365-exception-expiring";
import { peeringWithoutRouteFilter } from "./m365-microsoft-peering-without-route-filter";
import { routeFilterNotInStack } from "./m365-route-filter-not-in-stack";

export const PACK_NAME = "expressroute-m365-guard";

/** Every policy of the pack. The main policy comes first: it reads the register the others share. */
export const POLICIES: readonly GuardPolicy[] = [
  advertisementRequiresException,
  routeFilterNotInStack,
  peeringWithoutRouteFilter,
  exceptionExpiring,
  exceptionBroaderThanUsed,
];
