import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";

const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-weu", location: "westeurope" });

const circuit = new network.ExpressRouteCircuit("er-hub", {
  circuitName: "er-hub-ams",
  resourceGroupName: rg.name,
  location: rg.location,
  sku: { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
  serviceProviderProperties: { serviceProviderName: "Equinix", peeringLocation: "Amsterdam", bandwidthInMbps: 1000 },
});

// Azure public services of West and North Europe, plus Entra ID sign-in: none needs Microsoft's authorization.
const filter = new network.RouteFilter("rf-azure", {
  routeFilterName: "rf-hub-azure",
  resourceGroupName: rg.name,
  location: rg.location,
  rules: [
    {
      name: "allow-azure-europe",
      access: "Allow",
      routeFilterRuleType: "Community",
      communities: [
        "12076:51002", // West Europe
        "12076:51003", // North Europe
        "12076:5060", // Microsoft Entra ID
      ],
    },
  ],
});

new network.ExpressRouteCircuitPeering("er-hub-microsoft", {
  resourceGroupName: rg.name,
  circuitName: circuit.name,
  peeringName: "MicrosoftPeering",
  peeringType: "MicrosoftPeering",
  peerASN: 64496,
  primaryPeerAddressPrefix: "203.0.113.0/30",
  secondaryPeerAddressPrefix: "203.0.113.4/30",
  vlanId: 300,
  microsoftPeeringConfig: { advertisedPublicPrefixes: ["198.51.100.0/24"], customerASN: 64496, routingRegistryName: "RIPENCC" },
  routeFilter: { id: filter.id },
});
