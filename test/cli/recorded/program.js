const pulumi = require("@pulumi/pulumi");
const network = require("@pulumi/azure-native/network");
const cfg = new pulumi.Config();
const rf = new network.RouteFilter("rf-m365", {
  routeFilterName: "rf-m365",
  resourceGroupName: "rg-hub",
  location: "westeurope",
  rules: [{ name: "allow", access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010", "12076:51004"] }],
});
new network.RouteFilter("rf-secret", {
  routeFilterName: "rf-secret",
  resourceGroupName: "rg-hub",
  location: "westeurope",
  rules: [{ name: "allow", access: "Allow", routeFilterRuleType: "Community", communities: [cfg.requireSecret("community")] }],
});
new network.ExpressRouteCircuitPeering("er-hub-microsoft", {
  circuitName: "er-hub", peeringName: "MicrosoftPeering", peeringType: "MicrosoftPeering", resourceGroupName: "rg-hub",
  routeFilter: { id: rf.id },
});
