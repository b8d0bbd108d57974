/**
 * The benchmark's stacks are what bench/RESULTS.md says they are, and its no-op baseline has the real
 * pack's shape. Checked on the generated data itself, in-process (the pack's shape is read from dist/).
 */
import * as path from "path";
import { policiesOf, shapeDifferences, shapeOf } from "../../bench/pack-shape";
import { hubStack, syntheticStack } from "../../bench/synthetic";
import { PACK_DIR, REPO_ROOT, type StackResource } from "../../harness/policy-runtime";
import { NATIVE } from "../../harness/stack";

const M365 = /^12076:5(010|020|030|100)$/;
const typeCounts = (resources: readonly StackResource[]) => {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
};
const registerOf = (config: Record<string, unknown>) =>
  (config["m365-advertisement-requires-exception"] as { exceptions: Record<string, string[] | string>[] }).exceptions;
const communitiesOf = (filter: StackResource) => (filter.props.rules as { communities: string[] }[]).flatMap((r) => r.communities);

/** Compares each register entry with what its filter and the filter's standalone rules allow. */
function entryKinds(resources: readonly StackResource[], register: Record<string, string[] | string>[]) {
  const filterNamed = new Map<unknown, StackResource>();
  const ruleCommunities = new Map<string, string[]>();
  const place = (r: StackResource) => `${r.props.resourceGroupName}/${r.props.routeFilterName}`;
  for (const r of resources) {
    if (r.type === NATIVE.routeFilter) for (const name of [r.urn, r.props.id, r.props.routeFilterName]) filterNamed.set(name, r);
    if (r.type === NATIVE.routeFilterRule)
      ruleCommunities.set(place(r), [...(ruleCommunities.get(place(r)) ?? []), ...(r.props.communities as string[])]);
  }
  const kinds: Record<string, number> = {};
  const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  for (const entry of register) {
    const filter = filterNamed.get((entry.routeFilters as string[])[0])!;
    const used = new Set([...communitiesOf(filter), ...(ruleCommunities.get(place(filter)) ?? [])].filter((c) => M365.test(c)));
    const listed = new Set(entry.communities as string[]);
    const kind = [...used].some((c) => !listed.has(c)) ? "short" : [...listed].some((c) => !used.has(c)) ? "broad" : "exact";
    const key = (entry.expires as string) <= soon ? `${kind}, expiring` : kind;
    kinds[key] = (kinds[key] ?? 0) + 1;
  }
  return kinds;
}

describe("the hub stack", () => {
  const { resources, config } = hubStack(40);
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const filters = ofType(NATIVE.routeFilter);

  test("per site a route filter, a standalone rule, a circuit and a Microsoft peering", () => {
    expect(resources).toHaveLength(40);
    expect(typeCounts(resources)).toEqual({
      [NATIVE.routeFilter]: 10,
      [NATIVE.routeFilterRule]: 10,
      [NATIVE.circuit]: 10,
      [NATIVE.peering]: 10,
    });
    expect(new Set(resources.map((r) => r.urn)).size).toBe(40);
    expect(typeCounts(hubStack(30, { circuits: false }).resources)).toEqual({
      [NATIVE.routeFilter]: 10,
      [NATIVE.routeFilterRule]: 10,
      [NATIVE.peering]: 10,
    });
  });

  test("peerings name an existing filter by resource ID; rules by name and resource group, with no dependencies to lean on", () => {
    const ids = new Set(filters.map((f) => f.props.id));
    const nameAndGroup = new Set(filters.map((f) => `${f.props.resourceGroupName}/${f.props.routeFilterName}`));
    for (const p of ofType(NATIVE.peering)) {
      expect(ids).toContain((p.props.routeFilter as { id: string }).id);
      expect(p.props.peeringType).toBe("MicrosoftPeering");
    }
    for (const rule of ofType(NATIVE.routeFilterRule)) {
      expect(nameAndGroup).toContain(`${rule.props.resourceGroupName}/${rule.props.routeFilterName}`);
      expect(rule.propertyDependencies).toBeUndefined();
    }
    expect(new Set(filters.map((f) => f.props.resourceGroupName)).size).toBeGreaterThan(1);
  });

  test("40% of the filters allow Microsoft 365 communities, each named by one register entry in one of three forms", () => {
    const m365 = filters.filter((f) => communitiesOf(f).some((c) => M365.test(c)));
    expect(m365).toHaveLength(4);
    const register = registerOf(config);
    expect(register).toHaveLength(4);
    const forms = new Set<string>();
    for (const entry of register) {
      const [named] = entry.routeFilters as string[];
      const filter = m365.find((f) => [f.urn, f.props.id, f.props.routeFilterName].includes(named))!;
      expect(filter).toBeDefined();
      forms.add(named === filter.urn ? "urn" : named === filter.props.id ? "id" : "name");
    }
    expect(forms).toEqual(new Set(["urn", "id", "name"]));
  });

  test("at 10,000 resources: 2,500 of each kind, 1,000 register entries, of which 50 short, 25 too broad, 25 expiring", () => {
    const big = hubStack(10_000);
    expect(typeCounts(big.resources)[NATIVE.routeFilter]).toBe(2_500);
    const register = registerOf(big.config);
    expect(register).toHaveLength(1_000);
    expect(entryKinds(big.resources, register)).toEqual({ exact: 900, short: 50, broad: 25, "exact, expiring": 25 });
  });

  test("a size that is not a whole number of sites is refused", () => {
    expect(() => hubStack(1_001)).toThrow("hub stack: size 1001 is not a positive multiple of 4 (resources per site)");
  });
});

test("the mixed stack is 4% ExpressRoute", () => {
  const counts = typeCounts(syntheticStack(1_000).resources);
  const expressRoute = Object.values(NATIVE).reduce((sum, type) => sum + (counts[type] ?? 0), 0);
  expect(Object.values(counts).reduce((a, b) => a + b)).toBe(1_000);
  expect(expressRoute).toBe(40);
});

describe("the no-op pack", () => {
  test("has the real pack's shape: policies, levels and hooks", () => {
    const noop = shapeOf(policiesOf(path.join(REPO_ROOT, "bench", "noop-pack")));
    expect(shapeDifferences(shapeOf(policiesOf(PACK_DIR)), noop)).toEqual([]);
  });

  test("a difference in hooks or order is reported", () => {
    const real = ["a mandatory validateResource remediateResource", "b advisory validateStack"];
    expect(shapeDifferences(real, ["a mandatory validateStack remediateResource", "b advisory validateStack"])).toEqual([
      'the pack has "a mandatory validateResource remediateResource", the no-op pack has not',
      'the no-op pack has "a mandatory validateStack remediateResource", the pack has not',
    ]);
    expect(shapeDifferences(real, [...real].reverse())).toEqual(["the policies come in another order"]);
  });
});
