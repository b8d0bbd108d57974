import * as azure from "@pulumi/azure";

const rg = new azure.core.ResourceGroup("rg-hub", { name: "rg-hub-weu", location: "westeurope" });

const circuit = new azure.network.ExpressRouteCircuit("er-hub", {
  name: "er-hub-ams",
  resourceGroupName: rg.name,
  location: rg.location,
  serviceProviderName: "Equinix",
  peeringLocation: "Amsterdam",
  bandwidthInMbps: 1000,
  sku: { tier: "Premium", family: "MeteredData" },
});

// The classic provider holds a route filter's single rule as an object, not a list.
const filter = new azure.network.RouteFilter("rf-m365", {
  name: "rf-hub-m365",
  resourceGroupName: rg.name,
  location: rg.location,
  rule: {
    name: "allow-exchange",
    access: "Allow",
    ruleType: "Community",
    communities: [
      "12076:5010", // Exchange Online
      "12076:51002", // West Europe
    ],
  },
});

new azure.network.ExpressRouteCircuitPeering("er-hub-microsoft", {
  resourceGroupName: rg.name,
  expressRouteCircuitName: circuit.name,
  peeringType: "MicrosoftPeering",
  peerAsn: 64496,
  primaryPeerAddressPrefix: "203.0.113.0/30",
  secondaryPeerAddressPrefix: "203.0.113.4/30",
  vlanId: 300,
  microsoftPeeringConfig: { advertisedPublicPrefixes: ["198.51.100.0/24"], customerAsn: 64496, routingRegistryName: "RIPENCC" },
  routeFilterId: filter.id,
});
