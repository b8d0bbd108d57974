import { PolicyPack } from "@pulumi/policy";
import { PACK } from "../src/policies";
import { expressRouteM365Guard } from "./binding";

new PolicyPack(PACK.name, {
  displayName: PACK.displayName,
  description: PACK.description,
  provider: PACK.provider,
  tags: [...PACK.tags],
  policies: expressRouteM365Guard(),
});
