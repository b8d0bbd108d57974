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

// The region to advertise follows the resource group's naming convention (rg-hub-<region>). `rg.name` is an
// output Azure reports once the group exists, so at preview this community is unknown and the pack must fail closed.
const REGIONAL_COMMUNITY: Record<string, string> = { weu: "12076:51002", neu: "12076:51003" };
const regional = rg.name.apply((name) => REGIONAL_COMMUNITY[name.split("-").pop() ?? ""] ?? "12076:51002");

const filter = new network.RouteFilter("rf-regional", {
  routeFilterName: "rf-hub-regional",
  resourceGroupName: rg.name,
  location: rg.location,
  rules: [
    {
      name: "allow-hub-region",
      access: "Allow",
      routeFilterRuleType: "Community",
      communities: [regional, "12076:5060"],
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
