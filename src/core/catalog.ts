import { Community, community } from "./community";
import { ROUTING_REQUIREMENTS, Source } from "./sources";

export const CLOUDS = ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"] as const;
export type CloudName = (typeof CLOUDS)[number];

export interface ServiceCommunity {
  readonly community: Community;
  readonly service: string;
  /** Microsoft gates it behind a per-subscription authorization: the Microsoft 365 communities. */
  readonly requiresAuthorization: boolean;
  readonly source: Source;
}

export type Classification =
  | { kind: "service"; entry: ServiceCommunity }
  | { kind: "regional" }
  | { kind: "unrecognised" };

function m365(value: string, service: string): ServiceCommunity {
  return {
    community: community(value),
    service,
    // The routing page marks exactly these "Authorization required from Microsoft"
    // (confirmed by AUTHORIZED_SET_CONFIRMATION; the US Government table lists the same services).
    requiresAuthorization: true,
    source: ROUTING_REQUIREMENTS,
  };
}

function open(value: string, service: string): ServiceCommunity {
  return { community: community(value), service, requiresAuthorization: false, source: ROUTING_REQUIREMENTS };
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
    m365("12076:5110", "Exchange Online (US Government)"),
    m365("12076:5120", "SharePoint Online (US Government)"),
    m365("12076:5130", "Skype for Business Online (US Government)"),
    m365("12076:5200", "Other Office 365 Online services (US Government)"),
    open("12076:5160", "Microsoft Entra ID (US Government)"),
  ],
  // Azure operated by 21Vianet carries no Office 365 service communities over Microsoft peering.
  AzureChinaCloud: [],
};

const MICROSOFT_ASN = 12076;
// 51xxx Microsoft peering per region, 52xxx storage, 53xxx SQL, 54xxx Cosmos DB, 55xxx backup (all clouds):
// Azure regional prefixes, never Microsoft 365 ones.
const REGIONAL_RANGE = { from: 51000, to: 55999 };

export interface AdditionalCommunity {
  readonly community: Community;
  readonly service: string;
  readonly requiresAuthorization: boolean;
}

export const ADDITION_SOURCE: Source = {
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
    if (asn === MICROSOFT_ASN && local >= REGIONAL_RANGE.from && local <= REGIONAL_RANGE.to) return { kind: "regional" };
    return { kind: "unrecognised" };
  }

  isGated(value: Community): boolean {
    return this.byValue.get(value)?.requiresAuthorization === true;
  }

  serviceOf(value: Community): string {
    return this.byValue.get(value)?.service ?? "unrecognised community";
  }
}
