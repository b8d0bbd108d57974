/** A URN names one route filter resource: what `scan` and `exceptions check` make of a template deployment's. */
import { exceptionEntry, packConfig, routeFilter, stackExport, urnOf, workDir } from "./fixtures";
import { runCli } from "./run-cli";

const NOW = ["--now", "2026-11-26"];
const TYPE = "azure-native:resources:Deployment";

/** A deployment in state whose inline template makes a route filter per name, each allowing 12076:5010. */
function deployment(name: string, filters: string[]) {
  const rule = { name: "m365", properties: { access: "Allow", routeFilterRuleType: "Community", communities: ["12076:5010"] } };
  const resources = filters.map((f) => ({
    type: "Microsoft.Network/routeFilters",
    apiVersion: "2023-09-01",
    name: f,
    location: "westeurope",
    properties: { rules: [rule] },
  }));
  const inputs = {
    resourceGroupName: "rg-hub",
    deploymentName: name,
    properties: { mode: "Incremental", template: { contentVersion: "1.0.0.0", resources } },
  };
  const id = `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hub/providers/Microsoft.Resources/deployments/${name}`;
  return { ...routeFilter(name, []), urn: urnOf(TYPE, name), type: TYPE, id, inputs, outputs: { ...inputs, id } };
}
const STATE = { "state.json": stackExport([deployment("hub-filters", ["rf-a", "rf-b"])]) };

test("scan lists every filter a deployment makes that the register covers, not only the first", () => {
  const dir = workDir({ ...STATE, "cfg.json": packConfig([exceptionEntry({ routeFilters: ["rf-a", "rf-b"] })]) });
  const result = runCli(["scan", "state.json", "--config", "cfg.json", "--format", "json", ...NOW], dir);
  expect(result.code).toBe(0);
  const risks = JSON.parse(result.stdout).acceptedRisks as { urn: string; routeFilter: string }[];
  expect(risks.map((r) => [r.urn, r.routeFilter])).toEqual([
    [urnOf(TYPE, "hub-filters"), "rf-a"],
    [urnOf(TYPE, "hub-filters"), "rf-b"],
  ]);
});

test("scan blocks both filters when the exception names the deployment's URN, saying why", () => {
  const dir = workDir({ ...STATE, "cfg.json": packConfig([exceptionEntry({ routeFilters: [urnOf(TYPE, "hub-filters")] })]) });
  const result = runCli(["scan", "state.json", "--config", "cfg.json", "--format", "json", ...NOW], dir);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report.acceptedRisks).toEqual([]);
  const main = (report.findings as { policy: string; message: string }[]).filter(
    (f) => f.policy === "m365-advertisement-requires-exception",
  );
  expect(main).toHaveLength(2);
  for (const f of main) expect(f.message).toContain("a URN covers only the route filter resource it names");
});

describe("exceptions check --state", () => {
  const checkWith = (routeFilters: string[]) =>
    runCli(
      ["exceptions", "check", "cfg.json", "--state", "state.json", ...NOW],
      workDir({ ...STATE, "cfg.json": packConfig([exceptionEntry({ routeFilters })]) }),
    );

  test("an entry naming the deployment's URN names no route filter: stale", () => {
    const result = checkWith([urnOf(TYPE, "hub-filters")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Naming no route filter in state.json:\n  - ER365-2026-007 names ${urnOf(TYPE, "hub-filters")}`);
  });

  test("an entry naming the deployment's logical name is told to name each filter by Azure name or ID, not by URN", () => {
    const result = checkWith(["hub-filters"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'ER365-2026-007 names "hub-filters", the Pulumi logical name of a resource that makes route filters (a template deployment or AzAPI resource)',
    );
    expect(result.stdout).not.toContain("resource ID or URN");
  });
});
