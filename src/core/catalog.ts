import { type Community, community } from "./community";
import {
  PRIVATE_PEERING_REGIONAL,
  ROUTING_REQUIREMENTS,
  type Source,
  US_GOVERNMENT_AUTHORIZATION_ASSUMED,
  US_GOVERNMENT_DYNAMICS_2018,
} from "./sources";

export const CLOUDS = ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"] as const;
export type CloudName = (typeof CLOUDS)[number];

export interface ServiceCommunity {
  readonly community: Community;
  readonly service: string;
  /** Microsoft gates it behind a per-subscription authorization: the Microsoft 365 communities. */
  readonly requiresAuthorization: boolean;
  readonly source: Source;
  /** Said with the service wherever it shows, when `requiresAuthorization` is the pack's assumption. */
  readonly assumption?: string;
}

export type Classification = { kind: "service"; entry: ServiceCommunity } | { kind: "regional"; source: Source } | { kind: "unrecognised" };

function m365(value: string, service: string): ServiceCommunity {
  return {
    community: community(value),
    service,
    // The routing page marks exactly these "Authorization required from Microsoft" in the public
    // cloud (confirmed by AUTHORIZED_SET_CONFIRMATION).
    requiresAuthorization: true,
    source: ROUTING_REQUIREMENTS,
  };
}

/**
 * Microsoft's national-cloud table marks no community "Authorization required": that the US
 * Government Microsoft 365 values need one is an assumption, made to fail closed.
 */
function assumedM365(value: string, service: string): ServiceCommunity {
  return {
    ...m365(value, service),
    source: US_GOVERNMENT_AUTHORIZATION_ASSUMED,
    assumption: "authorization required by the pack's assumption, made to fail closed: Microsoft's national-cloud table does not say",
  };
}

function open(value: string, service: string, source = ROUTING_REQUIREMENTS): ServiceCommunity {
  return { community: community(value), service, requiresAuthorization: false, source };
}

/** Service communities of Microsoft peering, per cloud, as the routing requirements page lists them. */
const SERVICE_COMMUNITIES: Record<CloudName, readonly ServiceCommunity[]> = {
  AzureCloud: [
    m365("12076:5010", "Exchange Online"),
    m365("12076:5020", "SharePoint Online"),
    m365("12076:5030", "Skype for Business Online (also the routes Microsoft Teams needs)"),
    m365("12076:5100", "Other Office 365 Online services"),
    open("12076:5040", "CRM Online (Dynamics v8.2 and earlier)"),
    open("12076:5050", "Azure Global Services (Azure DevOps)"),
    open("12076:5060", "Microsoft Entra ID"),
    open("12076:5070", "Azure Resource Manager"),
    open("12076:5220", "Microsoft Defender for Identity"),
    open("12076:5250", "Microsoft PSTN services"),
  ],
  AzureUSGovernment: [
    assumedM365("12076:5110", "Exchange Online (US Government)"),
    assumedM365("12076:5120", "SharePoint Online (US Government)"),
    assumedM365("12076:5130", "Skype for Business Online (US Government)"),
    assumedM365("12076:5200", "Other Office 365 Online services (US Government)"),
    open("12076:5160", "Microsoft Entra ID (US Government)"),
    // Listed until 2019; a filter written then may still carry it.
    open("12076:5140", "Dynamics 365 (US Government, listed in 2018)", US_GOVERNMENT_DYNAMICS_2018),
  ],
  // Azure operated by 21Vianet carries no Office 365 service communities over Microsoft peering.
  AzureChinaCloud: [],
};

const MICROSOFT_ASN = 12076;
// Azure regional prefixes, never Microsoft 365 ones (all clouds): 51xxx Microsoft peering per
// region, 52xxx storage, 53xxx SQL, 54xxx Cosmos DB, 55xxx backup; and 50xxx, the same regions'
// communities on private peering, which a route filter has no use for but which name nothing gated.
export const REGIONAL_RANGES = [
  { from: 50000, to: 50999, source: PRIVATE_PEERING_REGIONAL },
  { from: 51000, to: 55999, source: ROUTING_REQUIREMENTS },
];

export interface AdditionalCommunity {
  readonly community: Community;
  readonly service: string;
  readonly requiresAuthorization: boolean;
}

const ADDITION_SOURCE: Source = {
  document: "policy pack config: additionalCommunities of m365-advertisement-requires-exception",
  url: "",
  read: "",
};

export function builtInCommunities(cloud: CloudName): readonly ServiceCommunity[] {
  return SERVICE_COMMUNITIES[cloud];
}

export class CommunityCatalog {
  private readonly byValue = new Map<Community, ServiceCommunity>();

  constructor(
    readonly cloud: CloudName,
    additions: readonly AdditionalCommunity[] = [],
  ) {
    for (const entry of SERVICE_COMMUNITIES[cloud]) this.byValue.set(entry.community, entry);
    for (const added of additions) {
      // Settings validation refuses additions that redefine a built-in value, so this never weakens one.
      if (!this.byValue.has(added.community)) this.byValue.set(added.community, { ...added, source: ADDITION_SOURCE });
    }
  }

  classify(value: Community): Classification {
    const entry = this.byValue.get(value);
    if (entry) return { kind: "service", entry };
    const [asn, local] = value.split(":").map(Number);
    const range = REGIONAL_RANGES.find((r) => asn === MICROSOFT_ASN && local >= r.from && local <= r.to);
    return range ? { kind: "regional", source: range.source } : { kind: "unrecognised" };
  }

  /** Every service community of the cloud, built-in and added. */
  entries(): readonly ServiceCommunity[] {
    return [...this.byValue.values()];
  }

  isGated(value: Community): boolean {
    return this.byValue.get(value)?.requiresAuthorization === true;
  }

  /** The service, and the assumption behind its gate where there is one. */
  serviceOf(value: Community): string {
    const entry = this.byValue.get(value);
    if (!entry) return "unrecognised community";
    return entry.assumption ? `${entry.service} [${entry.assumption}]` : entry.service;
  }
}
