/**
 * `scan --azure` on Azure's own JSON, in the shapes Azure returns it: Resource Graph (`az graph query`,
 * Resource Manager's nesting under `properties`) and the Azure CLI's lists (`properties` flattened).
 * The same filters as a stack must get the same verdicts.
 */
import { exceptionEntry, filterId as filterIdOf, packConfig, routeFilter, stackExport, workDir } from "./fixtures";
import { runCli } from "./run-cli";

const SUB = "11111111-2222-3333-4444-555555555555";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-er`;
const FILTER = `${RG}/providers/Microsoft.Network/routeFilters/rf-m365`;
const OTHER = `${RG}/providers/Microsoft.Network/routeFilters/rf-azure`;

/** A route filter as Resource Graph returns it. */
const graphFilter = (id: string, communities: string[]) => ({
  id,
  name: id.split("/").pop(),
  type: "microsoft.network/routefilters",
  tenantId: "00000000-0000-0000-0000-000000000000",
  kind: "",
  location: "westeurope",
  resourceGroup: "rg-er",
  subscriptionId: SUB,
  properties: {
    provisioningState: "Succeeded",
    rules: [
      { name: "allow", id: `${id}/routeFilterRules/allow`, properties: { access: "Allow", communities, routeFilterRuleType: "Community" } },
    ],
    peerings: [],
  },
  tags: {},
});

/** A circuit as `az network express-route list` returns it (flattened). */
const cliCircuit = (routeFilterId: string | undefined) => ({
  id: `${RG}/providers/Microsoft.Network/expressRouteCircuits/er-1`,
  name: "er-1",
  type: "Microsoft.Network/expressRouteCircuits",
  resourceGroup: "rg-er",
  location: "westeurope",
  provisioningState: "Succeeded",
  serviceProviderProperties: { bandwidthInMbps: 1000, peeringLocation: "Amsterdam", serviceProviderName: "Equinix" },
  peerings: [
    {
      id: `${RG}/providers/Microsoft.Network/expressRouteCircuits/er-1/peerings/MicrosoftPeering`,
      name: "MicrosoftPeering",
      peeringType: "MicrosoftPeering",
      state: "Enabled",
      microsoftPeeringConfig: { advertisedPublicPrefixes: ["203.0.113.0/30"] },
      ...(routeFilterId ? { routeFilter: { id: routeFilterId } } : {}),
    },
  ],
});

/** A route filter as `az network route-filter list` returns it (flattened, rules too). */
const cliFilter = (id: string, communities: string[]) => ({
  id,
  name: id.split("/").pop(),
  type: "Microsoft.Network/routeFilters",
  resourceGroup: "rg-er",
  location: "westeurope",
  provisioningState: "Succeeded",
  rules: [{ name: "allow", access: "Allow", communities, routeFilterRuleType: "Community" }],
});

function scan(files: Record<string, unknown>, args: string[] = [], config?: Record<string, unknown>) {
  const dir = workDir({ ...files, ...(config ? { "policy-config.json": config } : {}) });
  const result = runCli(
    [
      "scan",
      "--azure",
      ...Object.keys(files),
      ...(config ? ["--config", "policy-config.json"] : []),
      "--now",
      "2026-12-04",
      "--format",
      "json",
      ...args,
    ],
    dir,
  );
  return { ...result, report: result.stdout && args.length === 0 ? JSON.parse(result.stdout) : undefined };
}

const findingsOf = (report: any) => report.findings.map((f: any) => `${f.policy} ${f.enforcementLevel} ${f.resourceName ?? "-"}`);

test("a Resource Graph result: a filter allowing Microsoft 365 without an exception is blocked, one with only Azure communities is not", () => {
  const { code, report } = scan({
    "estate.json": {
      count: 2,
      data: [graphFilter(FILTER, ["12076:5010"]), graphFilter(OTHER, ["12076:5060"])],
      skip_token: null,
      total_records: 2,
    },
  });
  expect(code).toBe(1);
  expect(report.inputs).toEqual([{ file: "estate.json", kind: "Azure estate" }]);
  expect(findingsOf(report)).toEqual([`m365-advertisement-requires-exception mandatory ${FILTER}`]);
  expect(report.findings[0].message).toContain("12076:5010 Exchange Online (rules[0].communities[0])");
});

test("the register covers a live filter named by resource ID or by Azure name", () => {
  for (const name of [FILTER, "rf-m365"]) {
    const { code, report } = scan(
      { "estate.json": { data: [graphFilter(FILTER, ["12076:5010"])] } },
      [],
      packConfig([exceptionEntry({ routeFilters: [name] })]),
    );
    expect([name, code]).toEqual([name, 0]);
    expect(report.acceptedRisks).toEqual([expect.objectContaining({ exception: expect.objectContaining({ id: "ER365-2026-007" }) })]);
  }
});

test("an entry limited to stacks does not cover a filter of the estate, and says why", () => {
  const { code, report } = scan(
    { "estate.json": { data: [graphFilter(FILTER, ["12076:5010"])] } },
    [],
    packConfig([exceptionEntry({ routeFilters: [FILTER], stacks: ["hub/prod"] })]),
  );
  expect(code).toBe(1);
  expect(report.findings[0].message).toContain("ER365-2026-007 is limited to stacks hub/prod");
});

test("the Azure CLI's lists, in two files, are one estate: the peering's filter is found in the other file", () => {
  const { code, report } = scan({
    "filters.json": [cliFilter(FILTER, ["12076:5010", "12076:5100"])],
    "circuits.json": [cliCircuit(FILTER)],
  });
  expect(code).toBe(1);
  expect(report.inputs).toEqual([{ file: "filters.json, circuits.json", kind: "Azure estate" }]);
  expect(findingsOf(report)).toEqual([`m365-advertisement-requires-exception mandatory ${FILTER}`]);
  expect(report.findings[0].message).toContain("12076:5100");
});

test("a Microsoft peering without a route filter, and one whose filter is not listed, are reported as for a stack", () => {
  const bare = scan({ "circuits.json": [cliCircuit(undefined)] });
  expect(findingsOf(bare.report)).toEqual([
    `m365-microsoft-peering-without-route-filter advisory ${RG}/providers/Microsoft.Network/expressRouteCircuits/er-1`,
  ]);
  const elsewhere = scan({ "circuits.json": [cliCircuit(FILTER)] });
  expect(findingsOf(elsewhere.report)).toEqual([
    `m365-route-filter-not-in-stack advisory ${RG}/providers/Microsoft.Network/expressRouteCircuits/er-1`,
  ]);
});

test("a Resource Graph page with a skip token is judged, with a note that the other pages are not", () => {
  const { stderr } = scan({ "estate.json": { data: [graphFilter(OTHER, ["12076:5060"])], skip_token: "ew0KICAiJGlkIjogIjEiLA0K" } }, [
    "--format",
    "text",
  ]);
  expect(stderr).toContain("note: estate.json: Azure Resource Graph returned one page of the results (skip_token)");
});

test("input that is not Azure's JSON is refused, naming the file and entry", () => {
  expect(scan({ "x.json": { value: [] } }).stderr).toContain("x.json: is not Azure's JSON that --azure reads");
  expect(scan({ "x.json": [{ name: "rf" }] }).stderr).toContain("x.json: [0] is not an Azure resource (it needs a string id and type)");
  expect(scan({ "x.json": { data: [] } }).code).toBe(2);
});

test("the same filters give the same verdicts from the estate as from a stack export", () => {
  const id = filterIdOf("rf-m365");
  const config = packConfig([exceptionEntry({ communities: ["12076:5010"], routeFilters: [id] })]);
  const messages = (report: any) => report.findings.map((f: any) => `${f.policy} ${f.enforcementLevel} ${f.message}`);
  const dir = workDir({
    "policy-config.json": config,
    "state.json": stackExport([routeFilter("rf-m365", ["12076:5010", "12076:5020"]), routeFilter("rf-azure", ["12076:5060"])]),
  });
  const fromStack = JSON.parse(
    runCli(["scan", "state.json", "--config", "policy-config.json", "--now", "2026-12-04", "--format", "json"], dir).stdout,
  );
  const fromAzure = scan(
    { "estate.json": { data: [graphFilter(id, ["12076:5010", "12076:5020"]), graphFilter(filterIdOf("rf-azure"), ["12076:5060"])] } },
    [],
    config,
  ).report;
  expect(messages(fromAzure)).toEqual(messages(fromStack));
  expect(messages(fromAzure)).toHaveLength(1);
});
