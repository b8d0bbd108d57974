import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";

const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-weu", location: "westeurope" });

const circuit = new network.ExpressRouteCircuit("er-hub", {
  circuitName: "er-hub-ams",
  resourceGroupName: rg.name,
  location: rg.location,
  sku: { name: "Premium_MeteredData", tier: "Premium", family: "MeteredData" },
  serviceProviderProperties: { serviceProviderName: "Equinix", peeringLocation: "Amsterdam", bandwidthInMbps: 1000 },
});

const filter = new network.RouteFilter("rf-m365", {
  routeFilterName: "rf-hub-m365",
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
