import type * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import { Provider } from "@pulumi/azure-native/provider";

// Community values depend on the cloud: in US Government 12076:5110 is Exchange Online, the pack reads it from the provider.
// The subscription is declared, so route filters are known by subscription, group and name.
const usgov = new Provider("usgov", {
  environment: "usgovernment",
  location: "usgovvirginia",
  subscriptionId: "11111111-2222-3333-4444-555555555555",
});
const opts: pulumi.CustomResourceOptions = { provider: usgov };

const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: "rg-hub-usgva" }, opts);

const circuit = new network.ExpressRouteCircuit(
  "er-hub",
  {
    circuitName: "er-hub-ashburn",
    resourceGroupName: rg.name,
    sku: { name: "Premium_MeteredData", tier: "Premium", family: "MeteredData" },
    serviceProviderProperties: { serviceProviderName: "Equinix", peeringLocation: "Washington DC", bandwidthInMbps: 1000 },
  },
  opts,
);

const filter = new network.RouteFilter(
  "rf-gov-m365",
  {
    routeFilterName: "rf-hub-gov-m365",
    resourceGroupName: rg.name,
    rules: [
      {
        name: "allow-exchange-gov",
        access: "Allow",
        routeFilterRuleType: "Community",
        communities: [
          "12076:5110", // Exchange Online (US Government)
          "12076:51105", // US Gov Virginia
        ],
      },
    ],
  },
  opts,
);

new network.ExpressRouteCircuitPeering(
  "er-hub-microsoft",
  {
    resourceGroupName: rg.name,
    circuitName: circuit.name,
    peeringName: "MicrosoftPeering",
    peeringType: "MicrosoftPeering",
    peerASN: 64496,
    primaryPeerAddressPrefix: "203.0.113.0/30",
    secondaryPeerAddressPrefix: "203.0.113.4/30",
    vlanId: 300,
    microsoftPeeringConfig: { advertisedPublicPrefixes: ["198.51.100.0/24"], customerASN: 64496, routingRegistryName: "ARIN" },
    routeFilter: { id: filter.id },
  },
  opts,
);
