/**
 * Issue 17, classes 7, 9 and 16 through the real policy runtime, with `scan`'s engine beside it:
 * names in another case, equals() by value, and a long chain of variables give the same verdict.
 */
import { concatChain } from "../adapters/shapes";
import { packAndScan } from "../support/agreement";
import { PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { resource } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
let runtime: PolicyRuntime;
beforeAll(async () => (runtime = await PolicyRuntime.start()));
afterAll(() => runtime.close());

const deployment = (template: Record<string, unknown> | string) =>
  resource("azure-native:resources:Deployment", "tpl", { resourceGroupName: "rg-hub", properties: { mode: "Incremental", template } });
const armFilter = (communities: unknown) => ({
  type: "Microsoft.Network/routeFilters",
  name: "rf",
  properties: { rules: [{ name: "r", properties: { access: "Allow", communities } }] },
});

/** The main policy's one finding on the resource, after checking that the pack and scan agree on everything. */
async function verdict(resources: StackResource[]): Promise<{ enforcementLevel: string; message: string }> {
  const { byPack, byScan } = await packAndScan(runtime, resources, {});
  expect(byPack).toEqual(byScan);
  const [v, ...rest] = await runtime.violationsOf(MAIN, resources);
  expect(rest).toEqual([]);
  return v;
}

test("class 7: a template filter written Properties, Rules, Communities is blocked", async () => {
  const shouted = {
    Type: "Microsoft.Network/routeFilters",
    Name: "rf-upper",
    Properties: { Rules: [{ Name: "r", Properties: { Access: "Allow", Communities: ["12076:5010"] } }] },
  };
  const v = await verdict([deployment({ resources: [shouted] })]);
  expect(v.enforcementLevel).toBe("mandatory");
  expect(v.message).toContain("Route filter rf-upper allows Microsoft 365 communities");
  // Paths name properties as Azure documents them.
  expect(v.message).toContain(
    "12076:5010 Exchange Online (properties.template.resources[0].properties.rules[0].properties.communities[0])",
  );
});

test("class 7: an AzAPI body written Properties is blocked; rules and Rules with different values cannot be verified", async () => {
  const azapi = (body: unknown) =>
    resource("azapi:index/resource:Resource", "rf-api", {
      type: "Microsoft.Network/routeFilters@2023-09-01",
      name: "rf-api",
      parentId: "/subscriptions/x/resourceGroups/rg",
      body,
    });
  const rule = { name: "r", properties: { access: "Allow", communities: ["12076:5020"] } };
  expect((await verdict([azapi({ Properties: { Rules: [rule] } })])).message).toContain("12076:5020 SharePoint Online");
  const twice = await verdict([azapi({ properties: { rules: [], Rules: [rule] } })]);
  expect(twice.enforcementLevel).toBe("mandatory");
  expect(twice.message).toMatch(/Cannot verify what route filter/);
  expect(twice.message).toContain('body.properties.rules is written twice, as "Rules" and "rules", with different values');
});

test("class 9: equals() of objects written in another order is true, as ARM has it (a template given as JSON text, whose keys the engine cannot hide)", async () => {
  const template = {
    // Built in another order by the template itself (the runtime hands a policy object members sorted).
    variables: { a: { x: 1, y: ["p"] }, b: "[createObject('y', createArray('p'), 'x', 1)]" },
    resources: [armFilter(["[if(equals(variables('a'), variables('b')), '12076:5030', '12076:51002')]"])],
  };
  expect((await verdict([deployment(JSON.stringify(template))])).message).toContain("12076:5030");
});

test("class 16: 100 variables, each wrapping the next in 20 nested concat()s, give the verdict", async () => {
  const template = { variables: concatChain(100, 20, "12076:5100"), resources: [armFilter(["[variables('v0')]"])] };
  expect(JSON.stringify(template).length).toBeGreaterThan(20_000);
  const v = await verdict([deployment(template)]);
  expect(v.enforcementLevel).toBe("mandatory");
  expect(v.message).toContain(
    "12076:5100 Other Office 365 Online services (properties.template.resources[0].properties.rules[0].properties.communities[0])",
  );
});
