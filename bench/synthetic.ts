/**
 * Synthetic stacks for the benchmark, deterministic per size.
 * - "mixed": a general stack, mostly unrelated resources, 4% ExpressRoute (circuits, Microsoft peerings,
 *   route filters, standalone rules), some filters carrying Microsoft 365 communities, half of those
 *   covered by an exception.
 * - "hub": what a central network team keeps, only ExpressRoute: per site a route filter, a standalone
 *   rule, a circuit and its Microsoft peering, as they stand in state; 40% of the filters carry
 *   Microsoft 365 communities, each with a register entry.
 */
import { type PackConfig, type StackResource, UNKNOWN } from "../harness/policy-runtime";
import { circuit, daysFromToday, exception, filterId, peering, routeFilter, routeFilterRule, SUBSCRIPTION, urnOf } from "../harness/stack";

export interface SyntheticStack {
  readonly resources: StackResource[];
  readonly config: PackConfig;
}

export type Mix = "mixed" | "hub";

export const MIXES: Record<Mix, (size: number) => SyntheticStack> = {
  mixed: syntheticStack,
  hub: (size) => hubStack(size),
};

const UNRELATED_TYPES = [
  "azure-native:network:VirtualNetwork",
  "azure-native:storage:StorageAccount",
  "azure-native:network:NetworkSecurityGroup",
  "azure-native:compute:VirtualMachine",
  "azure-native:keyvault:Vault",
];

const COMMUNITY_SETS = [
  ["12076:51004", "12076:52006"],
  ["12076:5010", "12076:51004"],
  ["12076:5060", "12076:5070"],
  ["12076:5020", "12076:5100", "12076:53001"],
];

function unrelated(i: number): StackResource {
  const type = UNRELATED_TYPES[i % UNRELATED_TYPES.length];
  const name = `res-${i}`;
  return {
    urn: urnOf(type, name),
    type,
    name,
    props: {
      resourceGroupName: "rg-workloads",
      location: "westeurope",
      tags: { owner: "platform", costCenter: `cc-${i % 17}`, env: "prod" },
      addressSpace: { addressPrefixes: [`10.${i % 250}.0.0/16`] },
      sku: { name: "Standard_LRS" },
      properties: { enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2", index: i },
    },
  };
}

/** Four resources: a route filter, a standalone rule, a circuit with private peering, a Microsoft peering. */
function expressRouteGroup(g: number, exceptions: Record<string, unknown>[]): StackResource[] {
  const communities = COMMUNITY_SETS[g % COMMUNITY_SETS.length];
  const name = `rf-${g}`;
  const filter = routeFilter(name, communities);
  if (communities.some((c) => /:5(010|020|100)$/.test(c)) && g % 2 === 0) {
    exceptions.push(
      exception({ id: `ER365-BENCH-${g}`, routeFilters: [name], communities: communities.filter((c) => /:5(010|020|100)$/.test(c)) }),
    );
  }
  const rule = routeFilterRule(`rule-${g}`, UNKNOWN, ["12076:51004"], { propertyDependencies: { routeFilterName: [filter.urn] } });
  const er = circuit(`er-${g}`, [{ name: "AzurePrivatePeering", peeringType: "AzurePrivatePeering", vlanId: 100 + (g % 3000) }]);
  const ms =
    g % 3 === 0
      ? peering(`er-${g}-ms`, filterId(name))
      : peering(`er-${g}-ms`, UNKNOWN, { propertyDependencies: { routeFilter: [filter.urn] } });
  return [filter, rule, er, ms];
}

/** The "mixed" stack: 4% ExpressRoute, the rest unrelated resources. */
export function syntheticStack(size: number): SyntheticStack {
  const groups = Math.max(1, Math.round((size * 0.04) / 4));
  const exceptions: Record<string, unknown>[] = [];
  const resources: StackResource[] = [];
  for (let g = 0; g < groups; g++) resources.push(...expressRouteGroup(g, exceptions));
  for (let i = resources.length; i < size; i++) resources.push(unrelated(i));
  return { resources, config: { "m365-advertisement-requires-exception": { exceptions } } };
}

/** One resource group per hub region, so that linking by name has to respect the resource group. */
const HUB_REGIONS = [
  { code: "weu", location: "westeurope" },
  { code: "neu", location: "northeurope" },
  { code: "eus", location: "eastus" },
  { code: "sea", location: "southeastasia" },
];
/** Stands for any Azure regional community (12076:51xxx): not Microsoft 365, never gated. */
const REGIONAL = "12076:51004";

/** Which Microsoft 365 communities a site's filter allows, and what the site's register entry gets wrong on purpose. */
interface HubSite {
  readonly m365: boolean;
  /** Allowed by the filter's own rule. */
  readonly filterCommunities: readonly string[];
  /** Allowed by the standalone rule that adds to the filter. */
  readonly ruleCommunities: readonly string[];
  /** The register entry lists one community fewer than the site uses: a mandatory finding. */
  readonly entryShort: boolean;
  /** The register entry lists one community the site does not use: an advisory finding. */
  readonly entryBroad: boolean;
  /** The register entry expires in 10 days: an advisory finding. */
  readonly entryExpiringSoon: boolean;
}

/** Site g's plan; 40% of the sites allow Microsoft 365 communities, some also through the standalone rule. */
function hubSite(g: number): HubSite {
  const m365 = g % 5 < 2;
  const gated = !m365
    ? []
    : g % 10 === 0
      ? ["12076:5010", "12076:5020"]
      : g % 10 === 1
        ? ["12076:5100"]
        : g % 10 === 5
          ? ["12076:5010"]
          : ["12076:5030"];
  return {
    m365,
    filterCommunities: [REGIONAL, ...gated, "12076:5060"],
    ruleCommunities: m365 && g % 20 === 1 ? ["12076:5010"] : ["12076:52006"],
    entryShort: g % 50 === 0,
    entryBroad: g % 100 === 1,
    entryExpiringSoon: g % 100 === 5,
  };
}

const HUB_GATED = /^12076:5(010|020|030|100)$/;

/**
 * The "hub" stack: `size` resources, all ExpressRoute. Per site a route filter (in state: with its
 * resource ID), a standalone rule naming its filter by name and resource group, and a Microsoft peering
 * naming the filter by the resource ID taken from the filter's output; with `circuits`, also the circuit
 * (private peering inline).
 * The register has one entry per site allowing Microsoft 365 communities, naming the filter by Azure
 * name, resource ID or Pulumi URN in turn.
 */
export function hubStack(size: number, { circuits = true } = {}): SyntheticStack {
  const perSite = circuits ? 4 : 3;
  if (!Number.isInteger(size / perSite) || size <= 0) {
    throw new Error(`hub stack: size ${size} is not a positive multiple of ${perSite} (resources per site)`);
  }
  const resources: StackResource[] = [];
  const exceptions: Record<string, unknown>[] = [];
  for (let g = 0; g < size / perSite; g++) {
    const region = HUB_REGIONS[g % HUB_REGIONS.length];
    const site = hubSite(g);
    const resourceGroupName = `rg-er-${region.code}`;
    const name = `rf-${region.code}-${g}`;
    const circuitName = `er-${region.code}-${g}`;
    const id = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/routeFilters/${name}`;
    const filter = routeFilter(name, site.filterCommunities, { props: { resourceGroupName, location: region.location, id } });
    resources.push(filter, routeFilterRule(`${name}-rule`, name, site.ruleCommunities, { props: { resourceGroupName } }));
    if (circuits) {
      resources.push(
        circuit(circuitName, [{ name: "AzurePrivatePeering", peeringType: "AzurePrivatePeering", vlanId: 100 + (g % 3000) }], {
          props: { resourceGroupName, location: region.location },
        }),
      );
    }
    // As a program writes it (routeFilter: { id: filter.id }): the ID is the filter's output, so the engine
    // records the dependency, which is how the pack links a filter whose provider declares no subscription.
    resources.push(
      peering(`${circuitName}-microsoft`, id, {
        props: { circuitName, resourceGroupName },
        propertyDependencies: { routeFilter: [filter.urn] },
      }),
    );
    if (!site.m365) continue;
    const used = [...site.filterCommunities, ...site.ruleCommunities].filter((c) => HUB_GATED.test(c));
    const listed = site.entryShort ? used.slice(0, -1) : site.entryBroad ? [...used, "12076:5020"] : used;
    exceptions.push(
      exception({
        id: `ER365-HUB-${g}`,
        routeFilters: [[name, id, filter.urn][g % 3]],
        communities: [...new Set(listed)],
        ...(site.entryExpiringSoon ? { expires: daysFromToday(10) } : {}),
      }),
    );
  }
  return { resources, config: { "m365-advertisement-requires-exception": { exceptions } } };
}
