/**
 * The config file read as the Pulumi CLI reads it (pkg/resource/analyzer/config.go and exceptions.go of
 * v3.274.1): the struct levels of a version 2 file through Go's encoding/json, which matches keys without
 * regard to case; the main policy's level, which `exceptions check` refuses to see weakened unless told;
 * and ESC environments, which bring config from outside the file.
 */
import { exceptionEntry, packConfig, routeFilter, stackExport, urnOf, workDir } from "./fixtures";
import { runCli } from "./run-cli";

const MAIN = "m365-advertisement-requires-exception";
const NOW = ["--now", "2026-11-26"];
const URN = urnOf("azure-native:network:RouteFilter", "rf-m365");
const check = (text: string, args: string[] = []) =>
  runCli(["exceptions", "check", "cfg.json", ...NOW, ...args], workDir({ "cfg.json": text }));
const json = (value: unknown) => JSON.stringify(value, null, 2);
/** A native exception for the main policy, its keys spelt by `key`. */
const nativeFor = (key: (field: string) => string, policies = [MAIN]) => ({
  "EXC-1": { [key("reason")]: "change board", [key("match")]: [{ [key("policies")]: policies, [key("targets")]: [URN] }] },
});

describe("a version 2 file's struct keys in any case, as Go's encoding/json matches them", () => {
  const upper = (f: string) => f[0].toUpperCase() + f.slice(1);
  test.each([
    ["Capitalised", upper],
    ["UPPER CASE", (f: string) => f.toUpperCase()],
    // U+017F LATIN SMALL LETTER LONG S folds to "s" in Go (bytes.EqualFold), and so is the same key.
    ["with a long s", (f: string) => f.replace(/s/g, "\u017f")],
  ])("%s keys: the native exception is found and refused", (_how, key) => {
    const result = check(json({ version: 2, [key("policies")]: packConfig([exceptionEntry()]), [key("exceptions")]: nativeFor(key) }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Native policy exception "EXC-1" of the config file names ${MAIN} for ${URN}`);
  });

  test('"Policies" holds the register the CLI gives the pack', () => {
    const result = check(json({ version: 2, Policies: packConfig([exceptionEntry({ expires: "2026-01-01" })]) }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("ER365-2026-007 expired on 2026-01-01");
  });

  test("\"policies\" twice, in two spellings: Go adds the second object's policies to the first's", () => {
    const text = `{"version": 2,
      "policies": ${JSON.stringify(packConfig([exceptionEntry({ expires: "2026-01-01" })]))},
      "Policies": {"all": "advisory"}}`;
    const result = check(text);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("ER365-2026-007 expired on 2026-01-01");
    expect(result.stdout).toContain(`cfg.json:3: Policies.all sets ${MAIN} to "advisory"`);
  });

  test.each([
    ["ours last: refused", ["other-pack-policy"], [MAIN], 1],
    ["another pack's last: none of ours", [MAIN], ["other-pack-policy"], 0],
  ])('"match" and "Match" in one exception: the last is the one the CLI takes (%s)', (_name, first, last, code) => {
    const match = (policies: string[]) => JSON.stringify([{ policies, targets: [URN] }]);
    const text = `{"version": 2, "exceptions": {"EXC-1": {"reason": "r", "match": ${match(first)}, "Match": ${match(last)}}}}`;
    expect(check(text).code).toBe(code);
  });

  test("policy names are compared exactly, as the engine compares them: another case names no policy of the pack", () => {
    expect(check(json({ version: 2, exceptions: nativeFor((f) => f, [MAIN.toUpperCase()]) })).code).toBe(0);
  });

  test('a version 1 file\'s keys are exact: "Environments" and "Version" are policy names there', () => {
    const result = check(json({ Environments: ["a"], Version: 2 }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cfg.json: Environments: not a policy of this pack");
    expect(result.stderr).toContain("cfg.json: Version: not a policy of this pack");
  });

  test('"Version" is no key of a version 2 file', () => {
    expect(check(json({ version: 2, Version: 3 })).stderr).toContain("cfg.json: Version: not a key of a version 2 config file");
  });
});

describe("the main policy set to advisory or disabled is a finding of exceptions check, naming the line", () => {
  test.each([
    ["v1, its own level", `{\n  "${MAIN}": "advisory"\n}`, 2, MAIN, "advisory"],
    [
      "v1, enforcementLevel",
      `{\n  "${MAIN}": {\n    "exceptions": [],\n    "enforcementLevel": "disabled"\n  }\n}`,
      4,
      `${MAIN}.enforcementLevel`,
      "disabled",
    ],
    ["v1, all", `{\n  "${MAIN}": { "exceptions": [] },\n  "all": "advisory"\n}`, 3, "all", "advisory"],
    ["v1, all as an object", `{\n  "all": {\n    "enforcementLevel": "disabled"\n  }\n}`, 3, "all.enforcementLevel", "disabled"],
    ["v2, its own level", `{\n  "version": 2,\n  "policies": {\n    "${MAIN}": "disabled"\n  }\n}`, 4, `policies.${MAIN}`, "disabled"],
    [
      "v2, all, spelt POLICIES",
      `{\n  "version": 2,\n  "POLICIES": {\n    "all": { "enforcementLevel": "advisory" }\n  }\n}`,
      4,
      "POLICIES.all.enforcementLevel",
      "advisory",
    ],
    ["v1, the later of two entries", `{\n  "${MAIN}": "mandatory",\n  "${MAIN}": "advisory"\n}`, 3, MAIN, "advisory"],
  ])("%s", (_name, text, line, key, level) => {
    const result = check(text);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Level of ${MAIN}:\n  - cfg.json:${line}: ${key} sets ${MAIN} to "${level}": `);
    expect(result.stdout).toContain(`exceptions check --allow-level ${level}`);
    expect(result.stdout).toContain("Action needed");

    const allowed = check(text, ["--allow-level", level]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(`${MAIN} is "${level}" (cfg.json:${line}: ${key}), as --allow-level ${level} allows.`);
    expect(allowed.stdout).toContain("The register is in order.");

    const other = level === "advisory" ? "disabled" : "advisory";
    expect(check(text, ["--allow-level", other]).code).toBe(1);
  });

  test.each([
    ["mandatory over all advisory", { [MAIN]: "mandatory", all: "advisory" }],
    ["remediate", { [MAIN]: { enforcementLevel: "remediate", exceptions: [] } }],
    ["the later of two entries mandatory", `{"${MAIN}": "disabled", "${MAIN}": "mandatory"}`],
  ])("no finding: %s", (_name, content) => {
    const result = check(typeof content === "string" ? content : json(content));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(`Level of ${MAIN}`);
  });

  test("--allow-level takes only a level that weakens the guard", () => {
    const result = check(json({}), ["--allow-level", "mandatory"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "option '--allow-level <level>' argument 'mandatory' is invalid. Allowed choices are advisory, disabled",
    );
  });
});

describe("ESC environments bring config from outside the file: a warning", () => {
  const says = (line: number, key: string) =>
    `cfg.json:${line}: "${key}" names Pulumi ESC environments (networking/prod): the Pulumi CLI takes from them`;

  test.each([
    ["version 1", `{\n  "environments": ["networking/prod"]\n}`, 2, "environments"],
    ["version 2, spelt Environments", `{\n  "version": 2,\n  "Environments": ["networking/prod"]\n}`, 3, "Environments"],
  ])("exceptions check, %s", (_name, text, line, key) => {
    const result = check(text);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`warning: ${says(line, key)}`);
  });

  test("scan --config notes it", () => {
    const dir = workDir({
      "cfg.json": `{\n  "environments": ["networking/prod"]\n}`,
      "state.json": stackExport([routeFilter("rf-ok", ["12076:51004"])]),
    });
    const result = runCli(["scan", "state.json", "--config", "cfg.json", ...NOW], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`note: ${says(2, "environments")}`);
  });

  test("none named: no warning", () => {
    expect(check(json({ environments: [] })).stdout).not.toContain("Warning");
  });
});
