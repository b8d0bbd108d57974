import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";

// The filter the register's entry ER365-2026-012 names, by Azure name (for the pack) and by resource ID
// (for Azure Policy: /subscriptions/1111.../resourceGroups/rg-hub-network/providers/Microsoft.Network/routeFilters/rf-hub-weu).
const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-network", location: "westeurope" });

new network.RouteFilter("rf-hub", {
  routeFilterName: "rf-hub-weu",
  resourceGroupName: rg.name,
  location: rg.location,
  rules: [
    {
      name: "allow-m365",
      access: "Allow",
      routeFilterRuleType: "Community",
      communities: [
        "12076:5010", // Exchange Online
        "12076:5100", // Other Office 365 Online services
      ],
    },
  ],
});
