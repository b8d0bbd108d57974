/**
 * The SARIF log as Microsoft's own validator judges it: `Sarif.Multitool validate` from
 * @microsoft/sarif-multitool (its Linux build, run as a child process), with the SARIF rules and
 * the rules GitHub code scanning applies on upload (GH*), at levels error and warning.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runCli } from "./run-cli";
import { exceptionEntry, filterId, packConfig, peering, routeFilter, stackExport, workDir } from "./fixtures";

const MULTITOOL = path.join(path.dirname(require.resolve("@microsoft/sarif-multitool-linux/package.json")), "Sarif.Multitool");

/** What the validator reports on a log, one line per result of the SARIF it writes ("GH2012 error: ..."). */
function validate(dir: string, log: string): string[] {
  const out = path.join(dir, "validation.sarif");
  const run = spawnSync(MULTITOOL, ["validate", "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", "--output", out, log], {
    cwd: dir,
    encoding: "utf8",
    // The .NET runtime inside needs no ICU for this; the switch lets it run where libicu is not installed.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" },
  });
  if (!fs.existsSync(out)) throw new Error(`Sarif.Multitool wrote no result (exit ${run.status}): ${run.stdout}${run.stderr}`);
  const results: { ruleId: string; level?: string; message: { id?: string; text?: string; arguments?: string[] } }[] = JSON.parse(
    fs.readFileSync(out, "utf8"),
  ).runs[0].results;
  return results.map(
    (r) => `${r.ruleId} ${r.level ?? "warning"}: ${r.message.text ?? `${r.message.id} ${JSON.stringify(r.message.arguments)}`}`,
  );
}

function scanToSarif(files: Record<string, unknown>, config: unknown): { dir: string; log: Record<string, any> } {
  const dir = workDir({ ...files, "policy-config.json": config });
  const scan = runCli(
    ["scan", ...Object.keys(files), "--config", "policy-config.json", "--now", "2026-11-26", "--output", "sarif=results.sarif"],
    dir,
  );
  expect(scan.code).toBe(1);
  return { dir, log: JSON.parse(fs.readFileSync(path.join(dir, "results.sarif"), "utf8")) };
}

const sample = () =>
  scanToSarif(
    {
      "state.json": stackExport([
        routeFilter("rf-m365", ["12076:5010", "12076:51004"]),
        routeFilter("rf-ok", ["12076:5020"]),
        peering("er-hub-microsoft", filterId("rf-elsewhere")),
      ]),
    },
    packConfig([exceptionEntry({ routeFilters: ["rf-ok"], communities: ["12076:5020"], expires: "2026-12-10" })]),
  );

test("a log with findings and an accepted risk passes Microsoft's validator with the GitHub rules", () => {
  const { dir, log } = sample();
  expect(log.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions)).toHaveLength(1);
  expect(validate(dir, "results.sarif")).toEqual([]);
});

test("the validator reports what GitHub would refuse: rules without a full description, a tool without an information URI", () => {
  const { dir, log } = sample();
  const driver = log.runs[0].tool.driver;
  delete driver.informationUri;
  for (const rule of driver.rules) delete rule.fullDescription;
  fs.writeFileSync(path.join(dir, "degraded.sarif"), JSON.stringify(log));
  const found = validate(dir, "degraded.sarif");
  expect(found.filter((line) => line.startsWith("GH2012 error"))).toHaveLength(driver.rules.length);
  expect(found.some((line) => line.startsWith("SARIF2005 warning"))).toBe(true);
});
