import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";

// Literal names (creation order kept by dependsOn) leave no input of the filter unknown at preview, so the
// remediated filter `pulumi preview` shows is exactly the one that will be deployed.
const RESOURCE_GROUP = "rg-hub-weu";
const CIRCUIT = "er-hub-ams";
const LOCATION = "westeurope";

const rg = new resources.ResourceGroup("rg-hub", { resourceGroupName: RESOURCE_GROUP, location: LOCATION });

const circuit = new network.ExpressRouteCircuit(
  "er-hub",
  {
    circuitName: CIRCUIT,
    resourceGroupName: RESOURCE_GROUP,
    location: LOCATION,
    sku: { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
    serviceProviderProperties: { serviceProviderName: "Equinix", peeringLocation: "Amsterdam", bandwidthInMbps: 1000 },
  },
  { dependsOn: [rg] },
);

const filter = new network.RouteFilter(
  "rf-hub",
  {
    routeFilterName: "rf-hub-services",
    resourceGroupName: RESOURCE_GROUP,
    location: LOCATION,
    rules: [
      {
        name: "allow-services",
        access: "Allow",
        routeFilterRuleType: "Community",
        communities: [
          "12076:5010", // Exchange Online: no exception, so remediation removes it
          "12076:51002", // West Europe: kept
        ],
      },
    ],
  },
  { dependsOn: [rg] },
);

new network.ExpressRouteCircuitPeering(
  "er-hub-microsoft",
  {
    resourceGroupName: RESOURCE_GROUP,
    circuitName: CIRCUIT,
    peeringName: "MicrosoftPeering",
    peeringType: "MicrosoftPeering",
    peerASN: 64496,
    primaryPeerAddressPrefix: "203.0.113.0/30",
    secondaryPeerAddressPrefix: "203.0.113.4/30",
    vlanId: 300,
    microsoftPeeringConfig: { advertisedPublicPrefixes: ["198.51.100.0/24"], customerASN: 64496, routingRegistryName: "RIPENCC" },
    routeFilter: { id: filter.id },
  },
  { dependsOn: [circuit] },
);
