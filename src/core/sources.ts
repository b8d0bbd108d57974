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
  document: 'Microsoft Learn, "Azure ExpressRoute for Microsoft 365" and "Using ExpressRoute for routing Microsoft 365 traffic" (2024-06)',
  url: "https://learn.microsoft.com/microsoft-365/enterprise/azure-expressroute",
  read: "2026-11-26",
};

export const AUTHORIZED_SET_CONFIRMATION: Source = {
  document: "MicrosoftDocs/azure-docs issue 39341: authorization applies to exactly 12076:5010, 5020, 5030 and 5100 in the public cloud",
  url: "https://github.com/MicrosoftDocs/azure-docs/issues/39341",
  read: "2026-11-26",
};

export const PRIVATE_PEERING_REGIONAL: Source = {
  document:
    'Microsoft Learn, "ExpressRoute routing requirements" (azure-docs articles/expressroute/expressroute-routing.md, ms.date 2026-03-12), ' +
    'section "Support for BGP communities", column "Regional BGP community (private peering)": 12076:50002 (West Europe) to 12076:50059 ' +
    "(New Zealand North), the 50xxx twin of each region's Microsoft peering value 51xxx; Azure routes over private peering, not Microsoft 365",
  url: "https://learn.microsoft.com/azure/expressroute/expressroute-routing#bgp",
  read: "2026-11-27",
};

export const US_GOVERNMENT_DYNAMICS_2018: Source = {
  document:
    'Microsoft Docs, "ExpressRoute routing requirements" (azure-docs articles/expressroute/expressroute-routing.md, ms.date 2018-12-13, ' +
    'commit 027780ff81c8962984fe9faea2f048b17b9c1361), table "Service in National Clouds", US Government: "Dynamics 365 | 12076:5140". ' +
    "Later versions drop the row; a filter written then may still carry it. Dynamics 365 is not Microsoft 365",
  url: "https://github.com/MicrosoftDocs/azure-docs/blob/027780ff81c8962984fe9faea2f048b17b9c1361/articles/expressroute/expressroute-routing.md",
  read: "2026-11-27",
};

export const US_GOVERNMENT_AUTHORIZATION_ASSUMED: Source = {
  document:
    'Microsoft Learn, "ExpressRoute routing requirements" (azure-docs articles/expressroute/expressroute-routing.md, ms.date 2026-03-12), ' +
    'table "BGP community support in national clouds": it lists the US Government ' +
    "Exchange Online, SharePoint Online, Skype for Business Online and Other Office 365 values (12076:5110, 5120, 5130, 5200) but, unlike " +
    'the public table, marks none "Authorization required from Microsoft". That they need an authorization is this pack\'s ASSUMPTION, ' +
    "made to fail closed: the same services need one in the public cloud",
  url: "https://learn.microsoft.com/azure/expressroute/expressroute-routing#bgp-community-support-in-national-clouds",
  read: "2026-11-27",
};
