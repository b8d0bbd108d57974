/**
 * Hand-written stand-ins for Microsoft's list of BGP service communities, in the two documented
 * shapes: what `az network route-filter rule list-service-communities` prints (a JSON array of
 * services, each with bgpCommunities[] of communityName, communityValue, serviceGroup,
 * serviceSupportedRegion, isAuthorizedToUse, communityPrefixes) and the REST list of
 * bgpServiceCommunities ({"value": [{"name", "properties": {"serviceName", "bgpCommunities"}}]}).
 * None of it was produced by Azure; the prefixes are examples, and values the tests call new are invented.
 */

export interface Community {
  communityName: string;
  communityValue: string;
  serviceGroup: string;
  serviceSupportedRegion?: string;
  isAuthorizedToUse?: boolean;
  communityPrefixes?: string[];
}

export interface Service {
  name: string;
  bgpCommunities: Community[];
}

const SUBSCRIPTION = "/subscriptions/11111111-2222-3333-4444-555555555555";

function community(name: string, value: string, group: string, prefixes: string[], authorized = true): Community {
  return {
    communityName: name,
    communityValue: value,
    serviceGroup: group,
    serviceSupportedRegion: "Global",
    isAuthorizedToUse: authorized,
    communityPrefixes: prefixes,
  };
}

/**
 * The public cloud as the catalog knows it: the Microsoft 365 values in serviceGroup O365, each
 * with an IPv4 and an IPv6 entry of the same value; this subscription is not authorized for them
 * (isAuthorizedToUse false), which must not matter. Regional values, one with an empty prefix list.
 */
export function publicCloudServices(): Service[] {
  return [
    {
      name: "Exchange",
      bgpCommunities: [
        community("Exchange", "12076:5010", "O365", ["13.107.6.152/31", "40.96.0.0/13"], false),
        community("ExchangeIPv6", "12076:5010", "O365", ["2603:1006::/40"], false),
      ],
    },
    {
      name: "SharePoint",
      bgpCommunities: [
        community("SharePoint", "12076:5020", "O365", ["13.107.136.0/22"], false),
        community("SharePointIPv6", "12076:5020", "O365", ["2620:1ec:8f8::/46"], false),
      ],
    },
    { name: "SkypeForBusiness", bgpCommunities: [community("SkypeForBusiness", "12076:5030", "O365", ["13.107.64.0/18"], false)] },
    {
      name: "OtherOffice365Services",
      bgpCommunities: [community("OtherOffice365Services", "12076:5100", "O365", ["13.107.18.10/31"], false)],
    },
    { name: "CRMOnline", bgpCommunities: [community("CRMOnline", "12076:5040", "CRM", ["13.64.0.0/11"])] },
    { name: "AzureGlobalServices", bgpCommunities: [community("AzureGlobalServices", "12076:5050", "Azure", ["13.107.213.0/24"])] },
    { name: "AzureActiveDirectory", bgpCommunities: [community("AzureActiveDirectory", "12076:5060", "Azure", ["20.190.128.0/18"])] },
    { name: "AzureResourceManager", bgpCommunities: [community("AzureResourceManager", "12076:5070", "Azure", ["13.66.141.176/28"])] },
    {
      name: "MicrosoftDefenderForIdentity",
      bgpCommunities: [community("MicrosoftDefenderForIdentity", "12076:5220", "Azure", ["13.64.29.0/24"])],
    },
    { name: "MicrosoftPSTN", bgpCommunities: [community("MicrosoftPSTN", "12076:5250", "Other", ["52.112.0.0/14"])] },
    {
      name: "AzureWestEurope",
      bgpCommunities: [
        community("AzureWestEurope", "12076:51002", "Azure", ["13.69.0.0/17"]),
        community("AzureWestEuropeIPv6", "12076:51002", "Azure", []),
      ],
    },
    { name: "AzureNorthEurope", bgpCommunities: [community("AzureNorthEurope", "12076:51003", "Azure", [])] },
    { name: "AzureStorageWestEurope", bgpCommunities: [community("AzureStorageWestEurope", "12076:52002", "Azure", ["20.38.108.0/23"])] },
  ];
}

/**
 * The same list after invented changes: a new Microsoft 365 value (authorized for this
 * subscription, which must not matter), a new value outside Microsoft 365, Defender for Identity
 * moved into O365, a regional value put in O365, and PSTN gone.
 */
export function changedServices(): Service[] {
  const services = publicCloudServices().filter((s) => s.name !== "MicrosoftPSTN");
  services.find((s) => s.name === "MicrosoftDefenderForIdentity")!.bgpCommunities[0].serviceGroup = "O365";
  services.find((s) => s.name === "AzureNorthEurope")!.bgpCommunities[0].serviceGroup = "O365";
  services.push(
    { name: "ExampleOffice365Service", bgpCommunities: [community("ExampleOffice365Service", "12076:5310", "O365", [], true)] },
    { name: "ExampleAzureService", bgpCommunities: [community("ExampleAzureService", "12076:5320", "Azure", ["203.0.113.0/24"])] },
  );
  return services;
}

/** As the Azure CLI prints it: each service flattened, with its ID. */
export function azCliShape(services: Service[]): unknown[] {
  return services.map((s) => ({
    id: `${SUBSCRIPTION}/providers/Microsoft.Network/bgpServiceCommunities/${s.name}`,
    name: s.name,
    type: "Microsoft.Network/bgpServiceCommunities",
    serviceName: s.name,
    bgpCommunities: s.bgpCommunities,
  }));
}

/** As the REST API returns it (BgpServiceCommunities_List): the list under "value", the communities under "properties". */
export function restShape(services: Service[]): unknown {
  return {
    value: services.map((s) => ({
      id: `${SUBSCRIPTION}/providers/Microsoft.Network/bgpServiceCommunities/${s.name}`,
      name: s.name,
      type: "Microsoft.Network/bgpServiceCommunities",
      properties: { serviceName: s.name, bgpCommunities: s.bgpCommunities },
    })),
  };
}
