/**
 * A URN in an exception covers the one route filter resource it names, in the real policy runtime and in
 * `scan` alike: the URN of a template deployment covers none of the filters it makes.
 */
import { packAndScan } from "../support/agreement";
import { PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { exception, nativeProvider, routeFilter, SUBSCRIPTION, urnOf } from "../../harness/stack";

const MAIN = "m365-advertisement-requires-exception";
let runtime: PolicyRuntime;

beforeAll(async () => {
  runtime = await PolicyRuntime.start();
});
afterAll(() => runtime.close());

const templateFilter = (name: string) => ({
  type: "Microsoft.Network/routeFilters",
  apiVersion: "2023-09-01",
  name,
  location: "westeurope",
  properties: { rules: [{ name: "m365", properties: { access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] } }] },
});
const TYPE = "azure-native:resources:Deployment";
const deployment: StackResource = {
  urn: urnOf(TYPE, "hub-filters"),
  type: TYPE,
  name: "hub-filters",
  props: {
    resourceGroupName: "rg-hub",
    properties: {
      mode: "Incremental",
      template: { $schema: "x", contentVersion: "1.0.0.0", resources: [templateFilter("rf-a"), templateFilter("rf-b")] },
    },
  },
  provider: nativeProvider({ subscriptionId: SUBSCRIPTION }),
};
const config = (routeFilters: string[]) => ({ [MAIN]: { exceptions: [exception({ routeFilters, communities: ["12076:5010"] })] } });

test("the deployment's URN covers neither filter it makes: blocked, saying why, and the pack and scan agree", async () => {
  const { byPack, byScan } = await packAndScan(runtime, [deployment], config([deployment.urn]));
  expect(byPack).toEqual(byScan);
  const main = byPack.filter((line) => line.startsWith(`${MAIN}|mandatory|${deployment.urn}|`));
  expect(main).toHaveLength(2);
  for (const line of main) expect(line).toContain(`names ${deployment.urn}, the URN of a resource that is not itself this route filter`);
});

test("each filter named by its Azure name is covered, in the pack and in scan", async () => {
  const { byPack, byScan } = await packAndScan(runtime, [deployment], config(["rf-a", "rf-b"]));
  expect(byPack).toEqual(byScan);
  expect(byPack.filter((line) => line.startsWith(`${MAIN}|`))).toEqual([]);
});

test("a route filter resource's own URN covers it, in the pack and in scan", async () => {
  const filter = routeFilter("rf-m365", ["12076:5010"]);
  const { byPack, byScan } = await packAndScan(runtime, [filter], config([filter.urn]));
  expect(byPack).toEqual(byScan);
  expect(byPack.filter((line) => line.startsWith(`${MAIN}|`))).toEqual([]);
});
