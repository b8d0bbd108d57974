import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";

// Private peering carries VNet prefixes only: there is no Microsoft peering and no route filter to judge.
const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-weu", location: "westeurope" });

const circuit = new network.ExpressRouteCircuit("er-hub", {
  circuitName: "er-hub-ams",
  resourceGroupName: rg.name,
  location: rg.location,
  sku: { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
  serviceProviderProperties: { serviceProviderName: "Equinix", peeringLocation: "Amsterdam", bandwidthInMbps: 1000 },
});

new network.ExpressRouteCircuitPeering("er-hub-private", {
  resourceGroupName: rg.name,
  circuitName: circuit.name,
  peeringName: "AzurePrivatePeering",
  peeringType: "AzurePrivatePeering",
  peerASN: 65010,
  primaryPeerAddressPrefix: "10.255.0.0/30",
  secondaryPeerAddressPrefix: "10.255.0.4/30",
  vlanId: 100,
});

new network.VirtualNetwork("vnet-hub", {
  virtualNetworkName: "vnet-hub-weu",
  resourceGroupName: rg.name,
  location: rg.location,
  addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
  subnets: [{ name: "GatewaySubnet", addressPrefix: "10.10.255.0/27" }],
});
