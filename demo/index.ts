// Demo program for `npm run demo`: a small ExpressRoute hub whose Microsoft peering advertises Microsoft 365.
// `npm run demo` previews it offline with stand-in providers (test/e2e/providers), first without and then with
// the exception recorded in demo/policy-config.json.
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";

const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-weu", location: "westeurope" });

new network.VirtualNetwork("vnet-hub", {
  virtualNetworkName: "vnet-hub-weu",
  resourceGroupName: rg.name,
  location: rg.location,
  addressSpace: { addressPrefixes: ["10.10.0.0/16"] },
  // The ExpressRoute gateway that would join this VNet to the circuit lives in GatewaySubnet.
  subnets: [{ name: "GatewaySubnet", addressPrefix: "10.10.255.0/27" }],
});

const circuit = new network.ExpressRouteCircuit("er-hub", {
  circuitName: "er-hub-ams",
  resourceGroupName: rg.name,
  location: rg.location,
  sku: { name: "Premium_MeteredData", tier: "Premium", family: "MeteredData" },
  serviceProviderProperties: { serviceProviderName: "Equinix", peeringLocation: "Amsterdam", bandwidthInMbps: 1000 },
});

const filter = new network.RouteFilter("rf-hub", {
  routeFilterName: "rf-hub-weu",
  resourceGroupName: rg.name,
  location: rg.location,
  rules: [
    {
      name: "allow-m365-and-region",
      access: "Allow",
      routeFilterRuleType: "Community",
      communities: [
        "12076:5010", // Exchange Online: needs Microsoft's authorization
        "12076:5100", // Other Office 365 Online services: needs Microsoft's authorization
        "12076:51002", // Azure West Europe
        "12076:51003", // Azure North Europe
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
