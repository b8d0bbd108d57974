import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";

const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-weu", location: "westeurope" });

// On its own the filter allows only the West Europe regional prefixes.
const filter = new network.RouteFilter("rf-hub", {
  routeFilterName: "rf-hub-weu",
  resourceGroupName: rg.name,
  location: rg.location,
  rules: [{ name: "allow-weu", access: "Allow", routeFilterRuleType: "Community", communities: ["12076:51002"] }],
});

// A standalone rule adds Exchange Online to the same filter. Its filter is named as a literal: a name
// known only once the filter exists would leave the pack unable to tell which filter it adds to at
// preview, and it would block the rule whatever the register says.
new network.RouteFilterRule(
  "rule-exo",
  {
    ruleName: "allow-exo",
    routeFilterName: "rf-hub-weu",
    resourceGroupName: rg.name,
    access: "Allow",
    routeFilterRuleType: "Community",
    communities: ["12076:5010"],
  },
  { dependsOn: [filter] },
);
