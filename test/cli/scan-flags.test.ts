/**
 * The flags CI users expect on `scan`, through the real command in this process (`main`): exit
 * codes, what goes to stdout, stderr and files.
 */
import * as fs from "fs";
import * as path from "path";
import { runCli, type Terminal } from "./run-cli";
import { exceptionEntry, packConfig, previewStream, routeFilter, stackExport, workDir } from "./fixtures";

const NOW = ["--now", "2026-11-26"];
const blockedState = () => workDir({ "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"])]) });
const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

describe("--soft-fail", () => {
  test("a mandatory finding is reported in full, and the exit code is 0", () => {
    const dir = blockedState();
    const plain = runCli(["scan", "state.json", ...NOW], dir);
    const soft = runCli(["scan", "state.json", "--soft-fail", ...NOW], dir);
    expect(plain.code).toBe(1);
    expect(soft.code).toBe(0);
    expect(soft.stdout).toBe(plain.stdout);
    expect(soft.stdout).toContain("BLOCKED: 1 mandatory finding");
    expect(soft.stderr).toBe("note: --soft-fail: exit code 0, although a mandatory finding would block `pulumi up`\n");
  });

  test("the JSON report still says blocked", () => {
    const { code, stdout } = runCli(["scan", "state.json", "--soft-fail", "--format", "json", ...NOW], blockedState());
    expect(code).toBe(0);
    expect(JSON.parse(stdout).summary.blocked).toBe(true);
  });

  test.each([
    ["an unreadable input", ["scan", "missing.json", "--soft-fail"], /^error: missing\.json: no such file$/],
    [
      "an invalid config",
      ["scan", "state.json", "--soft-fail", "--config", "bad.json"],
      /^error: bad\.json: m365-advertisement-requires-exception: enforcement level/,
    ],
    ["a usage error", ["scan", "state.json", "--soft-fail", "--format", "html"], /argument 'html' is invalid/],
    [
      "an output that cannot be written",
      ["scan", "state.json", "--soft-fail", "--output", "sarif=state.json/r.sarif"],
      /^error: state\.json\/r\.sarif: the report cannot be written \(EEXIST\)$/,
    ],
  ])("%s still exits 2", (_what, args, message) => {
    const dir = blockedState();
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ "m365-advertisement-requires-exception": "block" }));
    const { code, stderr } = runCli([...args, ...NOW], dir);
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toMatch(message);
  });
});

describe("--quiet", () => {
  const stream = previewStream([{ op: "create", state: routeFilter("rf-m365", ["12076:5010"]) }], { result: "failed" });

  test("only the findings and the verdict line: no header, no notes", () => {
    const dir = workDir({ "preview.jsonl": stream });
    const loud = runCli(["scan", "preview.jsonl", ...NOW], dir);
    const quiet = runCli(["scan", "preview.jsonl", "--quiet", ...NOW], dir);
    expect(loud.stderr).toMatch(/^note: preview\.jsonl: the preview reports it failed/);
    expect(loud.stdout).toMatch(/^Policies:\n/);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toMatch(/^ {8}- \[mandatory\] \[severity: critical\] {2}m365-advertisement-requires-exception/);
    expect(quiet.stdout).toMatch(/\n\nBLOCKED: 1 mandatory finding, 0 advisory findings; [^\n]*\n$/);
    expect(quiet.stdout).toBe(loud.stdout.split("\n").slice(2).join("\n"));
  });

  test("with nothing to report, one line", () => {
    const { code, stdout } = runCli(
      ["scan", "state.json", "-q", ...NOW],
      workDir({ "state.json": stackExport([routeFilter("rf-azure", ["12076:51004"])]) }),
    );
    expect(code).toBe(0);
    expect(stdout).toBe("passed: 0 mandatory findings, 0 advisory findings; 1 ExpressRoute resource checked of 3 resources.\n");
  });

  test("with the report in files and stdout quiet, the files are not listed; with no report on stdout the verdict still is", () => {
    const dir = blockedState();
    const withStdout = runCli(["scan", "state.json", "-q", "--output", "json=r.json", ...NOW], dir);
    expect(withStdout.stderr).toBe("");
    const fileOnly = runCli(["scan", "state.json", "-q", "--output", "r.txt", ...NOW], dir);
    expect(fileOnly.stdout).toBe("");
    expect(fileOnly.stderr).toBe(
      "expressroute-m365-guard: BLOCKED, 1 mandatory finding, 0 advisory findings; text report written to r.txt\n",
    );
  });
});

describe("colour", () => {
  const ESC = "\u001b[";
  const colours = (args: string[], terminal: Terminal) =>
    runCli(["scan", "state.json", ...args, ...NOW], blockedState(), terminal).stdout.includes(ESC);

  test.each([
    ["on a terminal", [], { isTTY: true }, true],
    ["not on a terminal (a CI log, a pipe)", [], { isTTY: false }, false],
    ["on a terminal with NO_COLOR set", [], { isTTY: true, env: { NO_COLOR: "1" } }, false],
    ["on a terminal with NO_COLOR empty (unset, by its definition)", [], { isTTY: true, env: { NO_COLOR: "" } }, true],
    ["on a dumb terminal", [], { isTTY: true, env: { TERM: "dumb" } }, false],
    ["with FORCE_COLOR, not on a terminal", [], { isTTY: false, env: { FORCE_COLOR: "1" } }, true],
    ["with FORCE_COLOR empty", [], { isTTY: false, env: { FORCE_COLOR: "" } }, true],
    ["with FORCE_COLOR=0 on a terminal", [], { isTTY: true, env: { FORCE_COLOR: "0" } }, false],
    ["with FORCE_COLOR=false on a terminal", [], { isTTY: true, env: { FORCE_COLOR: "false" } }, false],
    ["with FORCE_COLOR=3, not on a terminal", [], { isTTY: false, env: { FORCE_COLOR: "3" } }, true],
    [
      "with FORCE_COLOR and NO_COLOR both (FORCE_COLOR wins, as in Node.js)",
      [],
      { isTTY: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" } },
      true,
    ],
    ["with --no-color on a terminal", ["--no-color"], { isTTY: true }, false],
    ["with --no-color despite FORCE_COLOR", ["--no-color"], { isTTY: true, env: { FORCE_COLOR: "1" } }, false],
    ["with --color in a pipe", ["--color"], { isTTY: false, env: { NO_COLOR: "1" } }, true],
  ])("%s", (_when, args, terminal, expected) => {
    expect(colours(args, terminal)).toBe(expected);
  });

  test("only the text report is coloured; machine formats and files never are", () => {
    const dir = blockedState();
    const { stdout } = runCli(["scan", "state.json", "--format", "json", "--output", "text=r.txt", "--color", ...NOW], dir, {
      isTTY: true,
    });
    expect(JSON.parse(stdout).summary.blocked).toBe(true);
    expect(read(dir, "r.txt")).not.toContain(ESC);
    expect(read(dir, "r.txt")).toContain("BLOCKED");
  });
});

describe("several outputs in one run", () => {
  test("--output FORMAT=FILE writes each format to its file, and the text report still goes to stdout", () => {
    const dir = blockedState();
    const { code, stdout, stderr } = runCli(
      [
        "scan",
        "state.json",
        "--output",
        "sarif=guard.sarif",
        "--output",
        "junit=guard.xml",
        "--output",
        "markdown=summary.md",
        "--output",
        "json=r.json",
        ...NOW,
      ],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Policies:\n[^]*BLOCKED: 1 mandatory finding/);
    expect(JSON.parse(read(dir, "guard.sarif")).runs[0].results).toHaveLength(1);
    expect(read(dir, "guard.xml")).toMatch(/^<\?xml [^]*<failure type="mandatory"/);
    expect(read(dir, "summary.md")).toMatch(/^### ❌ expressroute-m365-guard: deployment blocked/);
    expect(JSON.parse(read(dir, "r.json")).summary.mandatory).toBe(1);
    // The text report states the verdict; stderr lists the files without saying it again.
    expect(stderr).toBe(
      "note: sarif report written to guard.sarif, junit report written to guard.xml, markdown report written to summary.md, json report written to r.json\n",
    );
    expect(`${stdout}${stderr}`.match(/BLOCKED/g)).toHaveLength(1);
  });

  test("with a report on stdout that does not state the verdict (json), stderr states it once", () => {
    const { stderr } = runCli(["scan", "state.json", "--format", "json", "--output", "sarif=guard.sarif", ...NOW], blockedState());
    expect(stderr).toBe(
      "expressroute-m365-guard: BLOCKED, 1 mandatory finding, 0 advisory findings; sarif report written to guard.sarif\n",
    );
  });

  test("--format github states the verdict once: the workflow commands' last line", () => {
    const { stdout, stderr } = runCli(
      ["scan", "state.json", "--format", "github", "--output", "sarif=guard.sarif", ...NOW],
      blockedState(),
    );
    expect(stderr).toBe("note: sarif report written to guard.sarif\n");
    expect(`${stdout}${stderr}`.match(/BLOCKED/g)).toHaveLength(1);
  });

  test("--format picks the report on stdout", () => {
    const dir = blockedState();
    const { stdout } = runCli(["scan", "state.json", "--format", "github", "--output", "sarif=guard.sarif", ...NOW], dir);
    expect(stdout).toMatch(/^::error file=state\.json,line=\d+,title=/);
    expect(fs.existsSync(path.join(dir, "guard.sarif"))).toBe(true);
  });

  test("a bare --output FILE keeps its meaning: the --format report goes there instead of stdout", () => {
    const dir = blockedState();
    const { code, stdout, stderr } = runCli(
      ["scan", "state.json", "--format", "sarif", "--output", "results.sarif", "--output", "junit=r.xml", ...NOW],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(JSON.parse(read(dir, "results.sarif")).version).toBe("2.1.0");
    expect(read(dir, "r.xml")).toContain("<testsuites");
    expect(stderr).toBe(
      "expressroute-m365-guard: BLOCKED, 1 mandatory finding, 0 advisory findings; sarif report written to results.sarif, junit report written to r.xml\n",
    );
  });

  test("a file name with = in it is given with a path", () => {
    const dir = blockedState();
    expect(runCli(["scan", "state.json", "--format", "json", "--output", "./json=x.json", ...NOW], dir).code).toBe(1);
    expect(JSON.parse(read(dir, "json=x.json")).schemaVersion).toBe("1.1");
  });

  test.each([
    [
      ["--output", "html=r.html"],
      /--output html=r\.html: "html" is not a format \(text, json, sarif, junit, markdown, github\); a file whose name has "=" in it can be given as \.\/html=r\.html/,
    ],
    [["--output", "sarif="], /--output sarif=: give the file to write the sarif report to/],
    [
      ["--output", "a.txt", "--output", "b.txt"],
      /give one --output FILE for the --format report; name the format of each other file, as in --output sarif=FILE/,
    ],
    [["--output", "sarif=r.out", "--output", "junit=r.out"], /--output names r\.out twice/],
  ])("%j is a usage error, exit 2, nothing written", (args, message) => {
    const dir = blockedState();
    const { code, stdout, stderr } = runCli(["scan", "state.json", ...args, ...NOW], dir);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(new RegExp(`^error: scan: ${message.source} \\(see --help\\)\\n$`));
    expect(fs.readdirSync(dir)).toEqual(["state.json"]);
  });
});

describe("--format github through the command", () => {
  test("annotations for each finding; exit codes as for any format", () => {
    const dir = workDir({
      "state.json": stackExport([routeFilter("rf-m365", ["12076:5010"]), routeFilter("rf-ok", ["12076:5020"])]),
      "policy-config.json": packConfig([exceptionEntry({ routeFilters: ["rf-ok"], communities: ["12076:5020"], expires: "2026-12-10" })]),
    });
    const { code, stdout } = runCli(["scan", "state.json", "--config", "policy-config.json", "--format", "github", ...NOW], dir);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["::error", "::warning", "expressroute-m365-guard:"]);
    expect(lines[1]).toMatch(/^::warning file=state\.json,line=\d+,title=m365-exception-expiring%3A rf-ok /);
    const advisoryOnly = runCli(
      ["scan", "state.json", "--config", "policy-config.json", "--format", "github", "--now", "2026-01-01"],
      workDir({
        "state.json": stackExport([routeFilter("rf-ok", ["12076:5020"])]),
        "policy-config.json": packConfig([exceptionEntry({ routeFilters: ["rf-ok"], communities: ["12076:5020"], expires: "2026-01-20" })]),
      }),
    );
    expect(advisoryOnly.code).toBe(0);
    expect(advisoryOnly.stdout).toMatch(/^::warning /);
  });
});
