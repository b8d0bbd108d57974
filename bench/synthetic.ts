/**
 * Synthetic stacks for the benchmark: mostly unrelated resources, a few percent ExpressRoute
 * (circuits, Microsoft peerings, route filters, standalone rules), some filters carrying
 * Microsoft 365 communities, half of those covered by an exception. Deterministic per size.
 */
import { PackConfig, StackResource, UNKNOWN } from "../test/support/policy-runtime";
import { circuit, exception, filterId, peering, routeFilter, routeFilterRule, urnOf } from "../test/support/stack";

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
    exceptions.push(exception({ id: `ER365-BENCH-${g}`, routeFilters: [name], communities: communities.filter((c) => /:5(010|020|100)$/.test(c)) }));
  }
  const rule = routeFilterRule(`rule-${g}`, UNKNOWN, ["12076:51004"], { propertyDependencies: { routeFilterName: [filter.urn] } });
  const er = circuit(`er-${g}`, [{ name: "AzurePrivatePeering", peeringType: "AzurePrivatePeering", vlanId: 100 + (g % 3000) }]);
  const ms =
    g % 3 === 0
      ? peering(`er-${g}-ms`, filterId(name))
      : peering(`er-${g}-ms`, UNKNOWN, { propertyDependencies: { routeFilter: [filter.urn] } });
  return [filter, rule, er, ms];
}

export function syntheticStack(size: number): { resources: StackResource[]; config: PackConfig } {
  const groups = Math.max(1, Math.round((size * 0.04) / 4));
  const exceptions: Record<string, unknown>[] = [];
  const resources: StackResource[] = [];
  for (let g = 0; g < groups; g++) resources.push(...expressRouteGroup(g, exceptions));
  for (let i = resources.length; i < size; i++) resources.push(unrelated(i));
  return { resources, config: { "m365-advertisement-requires-exception": { exceptions } } };
}
