/**
 * The register and the catalog as Azure Policy documents, so that Azure itself refuses route
 * filters that no Pulumi stack manages (portal, az CLI, Terraform...). Pure data in, plain JSON out:
 * front ends write it as ARM JSON, Bicep or Pulumi resources.
 *
 * One definition, assigned twice:
 * - "register": a community that needs Microsoft's authorization must be on record for that filter,
 *   i.e. its "<filter id lower>|<community>" pair is in `allowedPairs` (the register's communities,
 *   exactly; a waiver never lets a filter take more than its entry lists);
 * - "waivers": the same rule with no pair allowed, from which each register entry that names a filter
 *   by resource ID exempts that filter until the entry's expiry (category Waiver). When the exemption
 *   expires, Azure denies the filter again without anyone regenerating anything.
 *
 * Azure Policy behaviour relied on is Microsoft's documentation ("Azure Policy definition structure
 * policy rule", "Azure Policy limits", "Azure Policy exemption structure"). The aliases are those
 * `Get-AzPolicyAlias` lists for Microsoft.Network (checked in a published dump of that list, not in
 * Azure itself). The rule has not been run against Azure here.
 */
import { type CloudName, REGIONAL_RANGES } from "./catalog";
import { type Community } from "./community";
import { filterNameOf } from "./coverage";
import { parseRouteFilterId } from "./identity";
import { type ExceptionEntry, type PackSettings } from "./register";

export type PolicyEffect = "Deny" | "Audit" | "Disabled";
export const POLICY_EFFECTS: readonly PolicyEffect[] = ["Deny", "Audit", "Disabled"];

export const DEFINITION_NAME = "m365-advertisement-requires-exception";
export const REGISTER_ASSIGNMENT = "m365-guard-register";
export const WAIVER_ASSIGNMENT = "m365-guard-waivers";

// API versions of Microsoft.Authorization the documents are written for (exemptions have only preview versions).
export const API_VERSIONS = {
  policyDefinitions: "2023-04-01",
  policyAssignments: "2023-04-01",
  policyExemptions: "2022-07-01-preview",
} as const;

/**
 * Microsoft's documented limits the generated documents must respect:
 * - "Azure Policy limits": a definition or assignment request body is at most 1,048,576 bytes; a
 *   definition has at most 20 parameters; at most 1000 exemptions per scope; 512 nested conditionals.
 * - "Policy rule limits" (definition structure): at most 4096 condition expressions in `if`; a function
 *   is given complex objects of at most 32,768 nodes (`parameters('allowedPairs')` is one: the list and
 *   its members); a `value count` iterates at most 100 times, which is why the rule tests membership
 *   with `notIn` instead of counting over the pairs.
 */
export const LIMITS = {
  requestBodyBytes: 1_048_576,
  definitionParameters: 20,
  exemptionsPerScope: 1000,
  ifConditions: 4096,
  functionArgumentNodes: 32_768,
} as const;

const ROUTE_FILTERS = "Microsoft.Network/routeFilters";
const RULES = `${ROUTE_FILTERS}/rules[*]`;
const RULE_ACCESS = `${ROUTE_FILTERS}/rules[*].access`;
const RULE_COMMUNITY = `${ROUTE_FILTERS}/rules[*].communities[*]`;
const CHILD_RULES = `${ROUTE_FILTERS}/routeFilterRules`;
const CHILD_ACCESS = `${CHILD_RULES}/access`;
const CHILD_COMMUNITY = `${CHILD_RULES}/communities[*]`;
const CIRCUITS = "Microsoft.Network/expressRouteCircuits";
const PEERINGS = `${CIRCUITS}/peerings`;

/** Every alias the rule reads: the tests' evaluator must resolve each of them. */
export const ALIASES_USED = [
  RULES,
  RULE_ACCESS,
  RULE_COMMUNITY,
  CHILD_ACCESS,
  CHILD_COMMUNITY,
  `${PEERINGS}/peeringType`,
  `${PEERINGS}/routeFilter.id`,
  `${CIRCUITS}/peerings[*]`,
  `${CIRCUITS}/peerings[*].peeringType`,
  `${CIRCUITS}/peerings[*].routeFilter.id`,
] as const;

export interface AzurePolicyRequest {
  readonly settings: PackSettings;
  readonly cloud: CloudName;
  /** YYYY-MM-DD: entries expired before this day are not carried. */
  readonly today: string;
  /** The subscription the assignments go to; only filters in it get exemptions. */
  readonly subscriptionId: string;
  readonly effect: PolicyEffect;
  /** Also judge Microsoft peerings with no route filter (they advertise every prefix on old circuits). */
  readonly peeringsWithoutFilter: boolean;
}

export interface PolicyExemptionDocument {
  readonly name: string;
  /** The route filter's resource ID, as written in the register. */
  readonly scope: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly filterName: string;
  readonly properties: {
    readonly policyAssignmentId: string;
    readonly exemptionCategory: "Waiver";
    readonly expiresOn: string;
    readonly displayName: string;
    readonly description: string;
    readonly metadata: Record<string, unknown>;
  };
}

export interface PolicyAssignmentDocument {
  readonly name: string;
  readonly properties: {
    readonly displayName: string;
    readonly description: string;
    readonly enforcementMode: "Default";
    readonly parameters: Record<string, { value: unknown }>;
    readonly nonComplianceMessages: readonly { message: string }[];
  };
}

export interface AzurePolicyDocuments {
  readonly subscriptionId: string;
  readonly definition: { readonly name: string; readonly properties: Record<string, unknown> };
  readonly assignments: readonly [PolicyAssignmentDocument, PolicyAssignmentDocument];
  readonly exemptions: readonly PolicyExemptionDocument[];
  readonly allowedPairs: readonly string[];
  /** Register entries, or parts of them, Azure Policy cannot carry, and why. */
  readonly notes: readonly string[];
}

/** Thrown when the register cannot be expressed within Azure Policy's documented limits. */
export class AzurePolicyLimitError extends Error {}

/** The communities Azure may carry without an exception: the catalog's that need no authorization. */
function freeCommunities(settings: PackSettings, cloud: CloudName): Community[] {
  return settings
    .catalogOf(cloud)
    .entries()
    .filter((e) => !e.requiresAuthorization)
    .map((e) => e.community)
    .sort();
}

/**
 * The regional ranges as `match` patterns ('#' is one digit): 12076:50### to 12076:55###. Regional
 * communities are never gated, in any cloud.
 */
export function regionalPatterns(): string[] {
  const patterns: string[] = [];
  for (const range of REGIONAL_RANGES) {
    for (let thousand = range.from / 1000; thousand <= range.to / 1000; thousand++) patterns.push(`12076:${thousand}###`);
  }
  return patterns;
}

/**
 * A community of a rule that allows routes needs an exception unless the catalog says it needs no
 * authorization (or it is regional). Anything else, an unrecognised value or one written with spaces
 * or leading zeros included, is denied unless its exact pair is on record: Azure Policy compares
 * strings, so what the pack reads by meaning fails closed here.
 */
function needsException(communityAlias: string, filterIdExpression: string): Record<string, unknown> {
  return {
    allOf: [
      { not: { field: communityAlias, in: "[parameters('communitiesWithoutAuthorization')]" } },
      { not: { anyOf: regionalPatterns().map((pattern) => ({ field: communityAlias, match: pattern })) } },
      { value: `[concat(${filterIdExpression}, '|', current('${communityAlias}'))]`, notIn: "[parameters('allowedPairs')]" },
    ],
  };
}

export function policyRule(): Record<string, unknown> {
  return {
    if: {
      anyOf: [
        {
          // Inline rules of a route filter (the filter's own resource ID is its id).
          allOf: [
            { field: "type", equals: ROUTE_FILTERS },
            {
              count: {
                field: RULES,
                where: {
                  allOf: [
                    // As the pack reads it: any access other than Deny allows the communities.
                    { field: RULE_ACCESS, notEquals: "Deny" },
                    { count: { field: RULE_COMMUNITY, where: needsException(RULE_COMMUNITY, "toLower(field('id'))") }, greater: 0 },
                  ],
                },
              },
              greater: 0,
            },
          ],
        },
        {
          // A rule as its own resource: its filter is the part of its ID before /routeFilterRules/.
          // ASSUMED (not documented): field('id') of a rule being written is its full ID, and an
          // exemption on the filter reaches it as a child of its scope. If not, the rule is denied: closed.
          allOf: [
            { field: "type", equals: CHILD_RULES },
            { field: CHILD_ACCESS, notEquals: "Deny" },
            {
              count: {
                field: CHILD_COMMUNITY,
                where: needsException(CHILD_COMMUNITY, "first(split(toLower(field('id')), '/routefilterrules/'))"),
              },
              greater: 0,
            },
          ],
        },
        {
          allOf: [
            { value: "[parameters('requireRouteFilterOnMicrosoftPeering')]", equals: true },
            {
              anyOf: [
                {
                  allOf: [
                    { field: "type", equals: PEERINGS },
                    { field: `${PEERINGS}/peeringType`, equals: "MicrosoftPeering" },
                    { field: `${PEERINGS}/routeFilter.id`, exists: false },
                  ],
                },
                {
                  allOf: [
                    { field: "type", equals: CIRCUITS },
                    {
                      count: {
                        field: `${CIRCUITS}/peerings[*]`,
                        where: {
                          allOf: [
                            { field: `${CIRCUITS}/peerings[*].peeringType`, equals: "MicrosoftPeering" },
                            { field: `${CIRCUITS}/peerings[*].routeFilter.id`, exists: false },
                          ],
                        },
                      },
                      greater: 0,
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
    then: { effect: "[parameters('effect')]" },
  };
}

function definition(free: readonly Community[], cloud: CloudName): AzurePolicyDocuments["definition"] {
  return {
    name: DEFINITION_NAME,
    properties: {
      displayName: "ExpressRoute route filters may allow Microsoft 365 communities only with an exception on record",
      description:
        "Denies a route filter, or a route filter rule, that allows a BGP community needing Microsoft's authorization (the Microsoft 365 " +
        "communities) unless the pair of the filter's resource ID and the community is on record in allowedPairs. Generated by " +
        "expressroute-m365-guard from its exception register and community catalog.",
      mode: "All",
      metadata: { category: "Network", version: "1.0.0", cloud, generatedBy: "expressroute-m365-guard" },
      parameters: {
        effect: {
          type: "String",
          allowedValues: [...POLICY_EFFECTS],
          defaultValue: "Deny",
          metadata: { displayName: "Effect", description: "Deny blocks the write; Audit reports it as non-compliant." },
        },
        allowedPairs: {
          type: "Array",
          defaultValue: [],
          metadata: {
            displayName: "Communities on record, per route filter",
            description: '"<route filter resource ID, lower case>|<community>", one per community of a register entry.',
          },
        },
        communitiesWithoutAuthorization: {
          type: "Array",
          defaultValue: [...free],
          metadata: {
            displayName: "Service communities that need no authorization",
            description: `The catalog's communities of ${cloud} that Microsoft does not gate. Regional communities (12076:50000-55999) are free too.`,
          },
        },
        requireRouteFilterOnMicrosoftPeering: {
          type: "Boolean",
          defaultValue: false,
          metadata: {
            displayName: "Microsoft peerings need a route filter",
            description:
              "Also judge Microsoft peerings with no route filter: on circuits whose Microsoft peering predates 2017-08-01 they advertise every prefix.",
          },
        },
      },
      policyRule: policyRule(),
    },
  };
}

/** "<filter id lower>|<community>": how the rule builds the pair it looks up. */
export function allowedPair(filterId: string, community: Community): string {
  return `${filterId.toLowerCase()}|${community}`;
}

/** Exemption names allow letters, digits, '-' and '_' (at most 64 characters). */
function exemptionName(entry: ExceptionEntry, filterIndex: number, filters: number): string {
  const base = entry.id.replace(/[^A-Za-z0-9_-]/g, "-");
  const suffix = filters > 1 ? `-${filterIndex + 1}` : "";
  return `m365-${base}`.slice(0, 64 - suffix.length) + suffix;
}

export function assignmentId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/policyAssignments/${name}`;
}

/** Builds every document, or throws AzurePolicyLimitError naming the limit the register exceeds. */
export function azurePolicyDocuments(request: AzurePolicyRequest): AzurePolicyDocuments {
  const { settings, cloud, today, effect } = request;
  const subscriptionId = request.subscriptionId.toLowerCase();
  const notes: string[] = [];
  const pairs = new Set<string>();
  const exemptions: PolicyExemptionDocument[] = [];
  const gated = (c: Community) => settings.catalogOf(cloud).isGated(c);

  for (const entry of settings.exceptions) {
    if (entry.expires < today) {
      notes.push(`${entry.id}: expired on ${entry.expires}; not carried`);
      continue;
    }
    const communities = entry.communities.filter(gated);
    const byId = entry.routeFilters.filter((f) => filterNameOf(f).kind === "arm-id");
    for (const other of entry.routeFilters.filter((f) => filterNameOf(f).kind !== "arm-id")) {
      notes.push(
        `${entry.id}: names "${other}" by ${other.startsWith("urn:") ? "Pulumi URN" : "Azure name"} only; Azure Policy needs the filter's resource ID in routeFilters`,
      );
    }
    if (entry.stacks)
      notes.push(
        `${entry.id}: limited to stacks ${entry.stacks.join(", ")}, which Azure cannot see: in Azure it holds for the filter whoever changes it`,
      );
    byId.forEach((filterId, index) => {
      const id = parseRouteFilterId(filterId)!;
      if (entry.subscriptions && !entry.subscriptions.includes(id.subscriptionId)) {
        notes.push(`${entry.id}: ${filterId} is outside the entry's subscriptions (${entry.subscriptions.join(", ")}); not carried`);
        return;
      }
      for (const community of communities) pairs.add(allowedPair(filterId, community));
      if (id.subscriptionId !== subscriptionId) {
        notes.push(
          `${entry.id}: ${filterId} is in subscription ${id.subscriptionId}, not ${subscriptionId} the assignments go to: no exemption here`,
        );
        return;
      }
      exemptions.push({
        name: exemptionName(entry, index, byId.length),
        scope: filterId,
        subscriptionId: id.subscriptionId,
        resourceGroup: id.resourceGroup,
        filterName: id.azureName,
        properties: {
          policyAssignmentId: assignmentId(subscriptionId, WAIVER_ASSIGNMENT),
          exemptionCategory: "Waiver",
          // The register's expiry holds through that day (UTC).
          expiresOn: `${entry.expires}T23:59:59Z`,
          displayName: `${entry.id}: Microsoft 365 over ExpressRoute (${communities.join(", ")})`,
          description: entry.justification,
          metadata: {
            registerEntry: entry.id,
            microsoftAuthorization: entry.microsoftAuthorization,
            approvedBy: [...entry.approvedBy],
            communities: [...communities],
            expires: entry.expires,
          },
        },
      });
    });
  }

  const allowedPairs = [...pairs].sort();
  const free = freeCommunities(settings, cloud);
  const parameters = (allowed: readonly string[]) => ({
    effect: { value: effect },
    allowedPairs: { value: [...allowed] },
    communitiesWithoutAuthorization: { value: free },
    requireRouteFilterOnMicrosoftPeering: { value: request.peeringsWithoutFilter },
  });
  const documents: AzurePolicyDocuments = {
    subscriptionId,
    definition: definition(free, cloud),
    assignments: [
      {
        name: REGISTER_ASSIGNMENT,
        properties: {
          displayName: "Microsoft 365 communities on route filters: only those on the register",
          description: "A route filter may allow a Microsoft 365 community only where the register lists that community for that filter.",
          enforcementMode: "Default",
          parameters: parameters(allowedPairs),
          nonComplianceMessages: [
            { message: "This route filter allows a Microsoft 365 community that no exception of the register lists for it." },
          ],
        },
      },
      {
        name: WAIVER_ASSIGNMENT,
        properties: {
          displayName: "Microsoft 365 communities on route filters: only while a waiver is in force",
          description:
            "No route filter may allow a Microsoft 365 community unless an unexpired exemption (one per register entry) waives it.",
          enforcementMode: "Default",
          parameters: parameters([]),
          nonComplianceMessages: [
            { message: "This route filter allows a Microsoft 365 community and its waiver is missing or has expired." },
          ],
        },
      },
    ],
    exemptions,
    allowedPairs,
    notes,
  };
  checkLimits(documents);
  return documents;
}

function countConditions(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + countConditions(item), 0);
  if (typeof node !== "object" || node === null) return 0;
  const record = node as Record<string, unknown>;
  const own = "field" in record || "value" in record || "count" in record ? 1 : 0;
  return own + Object.values(record).reduce((n: number, v) => n + countConditions(v), 0);
}

function checkLimits(documents: AzurePolicyDocuments): void {
  const fail = (message: string) => {
    throw new AzurePolicyLimitError(message);
  };
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
  const properties = documents.definition.properties;
  if (Object.keys(properties.parameters as object).length > LIMITS.definitionParameters)
    fail("the definition has more parameters than Azure Policy allows (20)");
  if (countConditions((properties.policyRule as { if: unknown }).if) > LIMITS.ifConditions) fail("the rule has more than 4096 conditions");
  if (bytes(documents.definition) > LIMITS.requestBodyBytes)
    fail("the policy definition is larger than Azure Policy's 1,048,576-byte request limit");
  // The list and each member are nodes of the object handed to parameters().
  if (documents.allowedPairs.length + 1 > LIMITS.functionArgumentNodes) {
    fail(
      `the register has ${documents.allowedPairs.length} (filter, community) pairs; Azure Policy functions take at most ${LIMITS.functionArgumentNodes} nodes`,
    );
  }
  for (const assignment of documents.assignments) {
    if (bytes(assignment) > LIMITS.requestBodyBytes) {
      fail(
        `assignment ${assignment.name} is ${bytes(assignment)} bytes, above Azure Policy's 1,048,576-byte request limit: the register's pairs do not fit`,
      );
    }
  }
  const perScope = new Map<string, number>();
  for (const e of documents.exemptions) perScope.set(e.scope.toLowerCase(), (perScope.get(e.scope.toLowerCase()) ?? 0) + 1);
  for (const [scope, count] of perScope)
    if (count > LIMITS.exemptionsPerScope) fail(`${scope} would get ${count} exemptions; Azure Policy allows 1000 per scope`);
}
