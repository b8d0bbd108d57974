import { PolicyPack } from "@pulumi/policy";
import { POLICIES, PACK_NAME } from "./all";
import { toPulumiPolicy } from "./binding";
import { packMetadata } from "./pack-metadata";

new PolicyPack(PACK_NAME, {
  description:
    "Blocks ExpressRoute route filters that advertise Microsoft 365 prefixes over Microsoft peering unless an exception is on record.",
  ...packMetadata(),
  policies: POLICIES.map(toPulumiPolicy),
});
