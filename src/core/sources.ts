/** Where each fact about Microsoft's communities comes from, and when it was last read. */
export interface Source {
  readonly document: string;
  readonly url: string;
  readonly read: string;
}

export const ROUTING_REQUIREMENTS: Source = {
  document:
    'Microsoft Learn, "ExpressRoute routing requirements" (azure-docs articles/expressroute/expressroute-routing.md), ' +
    'sections "Service to BGP community value" and "BGP Community support in National Clouds"',
  url: "https://learn.microsoft.com/azure/expressroute/expressroute-routing#bgp",
  read: "2026-11-26",
};

export const ROUTE_FILTER_HOWTO: Source = {
  document:
    'Microsoft Learn, "Configure route filters for Microsoft peering" (azure-docs articles/expressroute/how-to-routefilter-portal.md): ' +
    "attaching a filter with Microsoft 365 communities needs Microsoft's authorization; peerings configured before 2017-08-01 " +
    "advertise all Microsoft 365 prefixes without a route filter",
  url: "https://learn.microsoft.com/azure/expressroute/how-to-routefilter-portal",
  read: "2026-11-26",
};

export const M365_GUIDANCE: Source = {
  document:
    'Microsoft Learn, "Azure ExpressRoute for Microsoft 365" and "Using ExpressRoute for routing Microsoft 365 traffic" (2024-06)',
  url: "https://learn.microsoft.com/microsoft-365/enterprise/azure-expressroute",
  read: "2026-11-26",
};

export const AUTHORIZED_SET_CONFIRMATION: Source = {
  document:
    "MicrosoftDocs/azure-docs issue 39341: authorization applies to exactly 12076:5010, 5020, 5030 and 5100 in the public cloud",
  url: "https://github.com/MicrosoftDocs/azure-docs/issues/39341",
  read: "2026-11-26",
};
