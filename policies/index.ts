import { PolicyPack } from "@pulumi/policy";
import { PACK, POLICIES } from "../src/policies";
import { toPulumiPolicies } from "./binding";

new PolicyPack(PACK.name, {
  displayName: PACK.displayName,
  description: PACK.description,
  provider: PACK.provider,
  tags: [...PACK.tags],
  policies: toPulumiPolicies(POLICIES),
});
