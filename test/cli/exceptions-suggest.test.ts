/**
 * `exceptions suggest` through the real command in this process: skeleton entries for the route
 * filters the pack blocks for want of an exception, which `exceptions check` and `scan` refuse
 * until a person has filled in every placeholder.
 */
import { suggestedEntry } from "../../src/core/suggested-entry";
import { runCli } from "./run-cli";
import { exceptionEntry, filterId, packConfig, peering, previewStream, routeFilter, stackExport, workDir } from "./fixtures";

const NOW = ["--now", "2026-11-26"];

const estate = () =>
  stackExport([
    routeFilter("rf-mail", ["12076:5010", "12076:51004"]),
    routeFilter("rf-sharepoint", ["12076:5020", "12076:5100"]),
    routeFilter("rf-azure", ["12076:51004"]),
    routeFilter("rf-covered", ["12076:5030"]),
    peering("er-hub-microsoft", filterId("rf-mail")),
  ]);
const covering = packConfig([exceptionEntry({ id: "ER365-2026-001", routeFilters: ["rf-covered"], communities: ["12076:5030"] })]);

function suggest(args: string[], files: Record<string, unknown>) {
  const dir = workDir(files);
  const result = runCli(["exceptions", "suggest", ...args, ...NOW], dir);
  return { ...result, dir, entries: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

test("one skeleton per filter that allows Microsoft 365 communities without an exception: the core's own skeleton", () => {
  const { code, entries, stderr } = suggest(["state.json", "--config", "policy-config.json"], {
    "state.json": estate(),
    "policy-config.json": covering,
  });
  expect(code).toBe(0);
  expect(entries).toEqual([
    suggestedEntry("rf-mail", ["12076:5010"] as never),
    suggestedEntry("rf-sharepoint", ["12076:5020", "12076:5100"] as never),
  ]);
  expect(Object.keys(entries[0])).toEqual([
    "id",
    "microsoftAuthorization",
    "justification",
    "approvedBy",
    "expires",
    "communities",
    "routeFilters",
  ]);
  expect(stderr).toMatch(
    /^note: 2 skeleton entries for "exceptions" under "m365-advertisement-requires-exception": replace every placeholder/,
  );
});

test("without a config nothing is covered, so the covered filter gets a skeleton too", () => {
  const { entries } = suggest(["state.json"], { "state.json": estate() });
  expect(entries.map((e: { routeFilters: string[] }) => e.routeFilters[0])).toEqual(["rf-mail", "rf-sharepoint", "rf-covered"]);
});

test("the skeleton does not pass `exceptions check`, which names every placeholder, and `scan` refuses it", () => {
  const { entries } = suggest(["state.json"], { "state.json": estate() });
  const config = packConfig(entries.slice(0, 1));
  const check = runCli(["exceptions", "check", "policy-config.json", ...NOW], workDir({ "policy-config.json": config }));
  expect(check.code).toBe(2);
  const at = "error: policy-config.json: m365-advertisement-requires-exception.exceptions[0] (ER365-YYYY-NNN), field";
  expect(check.stderr.trimEnd().split("\n")).toEqual([
    expect.stringMatching(/field expires: must be a calendar date written YYYY-MM-DD.*, got "YYYY-MM-DD"$/),
    `${at} id: "ER365-YYYY-NNN" is a placeholder of a suggested entry; replace it with the real value`,
    `${at} microsoftAuthorization: "<reference of Microsoft's authorization for the subscription>" is a placeholder of a suggested entry; replace it with the real value`,
    `${at} justification: "<why, e.g. the regulation that mandates private connectivity>" is a placeholder of a suggested entry; replace it with the real value`,
    `${at} approvedBy[0]: "<productivity team>" is a placeholder of a suggested entry; replace it with the real value`,
    `${at} approvedBy[1]: "<network team>" is a placeholder of a suggested entry; replace it with the real value`,
    `${at} approvedBy[2]: "<security team>" is a placeholder of a suggested entry; replace it with the real value`,
  ]);
  expect(check.stdout).toBe("");

  const scan = runCli(
    ["scan", "state.json", "--config", "policy-config.json", ...NOW],
    workDir({ "state.json": estate(), "policy-config.json": config }),
  );
  expect(scan.code).toBe(2);
  expect(scan.stderr).toMatch(
    /^error: policy-config\.json: .*exceptions\[0\] \(ER365-YYYY-NNN\), field expires: .* \(and 6 more; `expressroute-m365-guard exceptions check policy-config\.json` lists them all\)\n$/,
  );
});

test("a skeleton with only the date filled in is still refused: the pack's schema alone would take the placeholders as text", () => {
  const [entry] = suggest(["state.json"], { "state.json": estate() }).entries;
  const check = runCli(["exceptions", "check", "c.json", ...NOW], workDir({ "c.json": packConfig([{ ...entry, expires: "2027-06-30" }]) }));
  expect(check.code).toBe(2);
  expect(check.stderr.trimEnd().split("\n")).toHaveLength(6);
  expect(check.stderr).not.toContain("field expires");
});

test("filled in by a person, the entries pass `exceptions check` and the scan passes", () => {
  const { entries } = suggest(["state.json", "--config", "policy-config.json"], { "state.json": estate(), "policy-config.json": covering });
  const filled = entries.map((entry: Record<string, unknown>, i: number) => ({
    ...entry,
    id: `ER365-2026-10${i}`,
    microsoftAuthorization: "MSFT-ER365-AUTH-4411",
    justification: "Regulation mandates private connectivity",
    approvedBy: ["network-architecture", "security-office"],
    expires: "2027-06-30",
  }));
  const config = packConfig([
    ...((covering["m365-advertisement-requires-exception"] as { exceptions: unknown[] }).exceptions as Record<string, unknown>[]),
    ...filled,
  ]);
  const dir = workDir({ "state.json": estate(), "policy-config.json": config });
  expect(runCli(["exceptions", "check", "policy-config.json", ...NOW], dir).code).toBe(0);
  const scan = runCli(["scan", "state.json", "--config", "policy-config.json", "--format", "json", ...NOW], dir);
  expect(scan.code).toBe(0);
  expect(JSON.parse(scan.stdout).acceptedRisks.map((r: { routeFilter: string }) => r.routeFilter)).toEqual([
    "rf-mail",
    "rf-sharepoint",
    "rf-covered",
  ]);
  const again = runCli(["exceptions", "suggest", "state.json", "--config", "policy-config.json", ...NOW], dir);
  expect(again.stdout).toBe("[]\n");
  expect(again.stderr).toBe("note: No route filter allows a Microsoft 365 community without an exception: nothing to suggest.\n");
});

test("a value in angle brackets anywhere in the register is a placeholder too", () => {
  const check = runCli(
    ["exceptions", "check", "c.json", ...NOW],
    workDir({ "c.json": packConfig([exceptionEntry({ microsoftAuthorization: "<TBD>" })]) }),
  );
  expect(check.code).toBe(2);
  expect(check.stderr).toBe(
    'error: c.json: m365-advertisement-requires-exception.exceptions[0] (ER365-2026-007), field microsoftAuthorization: "<TBD>" is a placeholder of a suggested entry; replace it with the real value\n',
  );
});

test("several inputs: one skeleton per filter and set of communities; a preview stream works as an export does", () => {
  const stream = previewStream([{ op: "create", state: routeFilter("rf-new", ["12076:5100"], { planned: true }) }]);
  const { entries } = suggest(["a.json", "b.json", "preview.jsonl"], { "a.json": estate(), "b.json": estate(), "preview.jsonl": stream });
  expect(entries.map((e: { routeFilters: string[] }) => e.routeFilters[0])).toEqual(["rf-mail", "rf-sharepoint", "rf-covered", "rf-new"]);
});

test("a filter whose communities cannot be read gets no skeleton: the scan blocks it as cannot verify", () => {
  const { entries, stderr } = suggest(["state.json"], {
    "state.json": stackExport([
      routeFilter("rf-secret", [{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:x" }]),
    ]),
  });
  expect(entries).toEqual([]);
  expect(stderr).toMatch(/^note: No route filter allows/);
});

test.each([
  [["exceptions", "suggest"], /^error: exceptions suggest: missing required argument 'file' \(see --help\)\n$/],
  [["exceptions", "suggest", "missing.json"], /^error: missing\.json: no such file\n$/],
  [
    ["exceptions", "suggest", "state.json", "--config", "bad.json"],
    /^error: bad\.json: m365-exception-expiring, field warningDays: unknown option/,
  ],
])("%j: exit 2", (args, message) => {
  const dir = workDir({ "state.json": estate(), "bad.json": { "m365-exception-expiring": { warningDays: 5 } } });
  const { code, stdout, stderr } = runCli(args, dir);
  expect(code).toBe(2);
  expect(stdout).toBe("");
  expect(stderr).toMatch(message);
});
