/**
 * Inputs a user (or an attacker) may hand `scan`: standard input, a byte order mark, hostile
 * nesting, property names that are special in JavaScript; and the new resource shapes (ARM
 * template deployments, AzAPI) in a stack export and a preview stream.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { assertBuilt, BIN, runCli } from "./run-cli";
import { previewStream, provider, routeFilter, stackExport, UNKNOWN, urnOf, workDir } from "./fixtures";

beforeAll(assertBuilt);

const NOW = ["--now", "2026-11-26"];
const SUB = "11111111-2222-3333-4444-555555555555";

const armFilter = (name: string, communities: unknown) => ({
  type: "Microsoft.Network/routeFilters",
  apiVersion: "2023-09-01",
  name,
  properties: { rules: [{ name: "allow", properties: { access: "Allow", routeFilterRuleType: "Community", communities } }] },
});
const template = (resources: unknown[], parameters: Record<string, unknown> = {}) => ({ contentVersion: "1.0.0.0", parameters, resources });

/** An azure-native Deployment as `pulumi stack export` writes one that exists: outputs hold no template, `__inputs` is encrypted. */
function deployment(name: string, tmpl: unknown, parameters: Record<string, unknown> = {}) {
  const id = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Resources/deployments/${name}`;
  const inputs = { deploymentName: name, resourceGroupName: "rg-hub", properties: { mode: "Incremental", template: tmpl, parameters } };
  return {
    urn: urnOf("azure-native:resources:Deployment", name),
    custom: true,
    type: "azure-native:resources:Deployment",
    id,
    inputs,
    outputs: {
      __inputs: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:AAAA" },
      id,
      name,
      properties: { mode: "Incremental", provisioningState: "Succeeded", templateHash: "1" },
    },
    provider: `${provider().urn}::${provider().id}`,
    propertyDependencies: {},
  };
}

describe("reading the input", () => {
  test("`-` reads standard input", () => {
    const dir = workDir({});
    const exported = JSON.stringify(stackExport([routeFilter("rf-m365", ["12076:5010"])]));
    const result = spawnSync(process.execPath, [BIN, "scan", "-", "--format", "json", ...NOW], {
      cwd: dir,
      input: exported,
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.inputs).toEqual([{ file: "(standard input)", kind: "stack export" }]);
    expect(report.findings[0].message).toContain("12076:5010 Exchange Online");
  });

  test("empty standard input is refused, naming it", () => {
    const result = spawnSync(process.execPath, [BIN, "scan", "-", ...NOW], { input: "", encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: \(standard input\): is empty/);
  });

  test("a UTF-8 byte order mark is accepted, in an export and in a stream", () => {
    const dir = workDir({
      "state.json": "\ufeff" + JSON.stringify(stackExport([routeFilter("rf-m365", ["12076:5010"])])),
      "preview.jsonl": "\ufeff" + previewStream([{ op: "create", state: routeFilter("rf-m365", ["12076:5020"], { planned: true }) }]),
    });
    const state = runCli(["scan", "state.json", ...NOW], dir);
    expect(state.stderr).toBe("");
    expect(state.stdout).toContain("12076:5010 Exchange Online");
    const preview = runCli(["scan", "preview.jsonl", ...NOW], dir);
    expect(preview.stderr).toBe("");
    expect(preview.stdout).toContain("12076:5020 SharePoint Online");
  });

  test.each([
    ["arrays", (n: number) => "[".repeat(n) + "]".repeat(n)],
    ["objects", (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n)],
  ])("100,000 levels of nested %s are a clear exit 2 naming the file", (_kind, nest) => {
    const state = JSON.stringify(stackExport([routeFilter("rf", ["12076:51002"])])).replace(
      '"location":"westeurope"',
      `"location":${nest(100_000)}`,
    );
    const dir = workDir({
      "deep.json": state,
      "deep.jsonl": previewStream([]).replace('"isPreview":true', `"isPreview":${nest(100_000)}`),
    });
    for (const file of ["deep.json", "deep.jsonl"]) {
      const { code, stderr } = runCli(["scan", file, ...NOW], dir);
      expect(code).toBe(2);
      expect(stderr).not.toContain("internal error");
      expect(stderr).toMatch(new RegExp(`^error: ${file.replace(".", "\\.")}: (line \\d+ )?nests values more than 1000 levels deep`));
    }
  });

  test("__proto__ and constructor are plain keys: a rule written under them is no rule of the filter", () => {
    // JSON.parse keeps them as own keys, and a spread copies them as such: no prototype is set.
    const hidden = JSON.parse(
      '{"__proto__": {"rules": [{"access": "Allow", "communities": ["12076:5010"]}]}, "constructor": {"rules": 1}}',
    );
    const filter = routeFilter("rf-m365", ["12076:51002"]);
    const strip = (state: Record<string, unknown>) => {
      const { rules: _rules, ...rest } = state;
      return { ...rest, ...hidden };
    };
    const tampered = {
      ...filter,
      inputs: strip(filter.inputs as Record<string, unknown>),
      outputs: strip(filter.outputs as Record<string, unknown>),
    };
    const exported = stackExport([tampered]);
    const dir = workDir({
      "state.json": JSON.stringify(exported).replace('"propertyDependencies":{}', '"propertyDependencies":{"__proto__":["urn:x"]}'),
    });
    expect(JSON.stringify(exported)).toContain('"__proto__":{"rules"');
    const { code, stdout, stderr } = runCli(["scan", "state.json", "--format", "json", ...NOW], dir);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).not.toContain("12076:5010");
  });
});

describe("the new shapes through scan", () => {
  test("an existing template deployment: the template is read from the inputs behind the encrypted __inputs", () => {
    const dir = workDir({ "state.json": stackExport([deployment("hub-filters", template([armFilter("rf-tpl", ["12076:5010"])]))]) });
    const { code, stdout } = runCli(["scan", "state.json", ...NOW], dir);
    expect(code).toBe(1);
    expect(stdout).toContain("Route filter rf-tpl allows Microsoft 365 communities");
    expect(stdout).toContain("12076:5010 Exchange Online (properties.template.resources[0].properties.rules[0].properties.communities[0])");
  });

  test("a template's parameter given at preview time as an unknown is a mandatory 'cannot verify'", () => {
    const planned = deployment("hub-filters", template([armFilter("rf-tpl", ["[parameters('c')]"])], { c: { type: "string" } }), {
      c: { value: UNKNOWN },
    });
    const dir = workDir({ "preview.jsonl": previewStream([{ op: "create", state: { ...planned, id: "", outputs: {} } }]) });
    const { code, stdout } = runCli(["scan", "preview.jsonl", "--format", "json", ...NOW], dir);
    expect(code).toBe(1);
    const [finding] = JSON.parse(stdout).findings;
    expect(finding).toMatchObject({ enforcementLevel: "mandatory", resourceName: "hub-filters" });
    expect(finding.message).toContain(
      "properties.template.resources[0].properties.rules[0].properties.communities[0] is not known until the update runs",
    );
  });

  test("the AzAPI stack-export fixture (test/cli/azapi-stack-export.json) is blocked on both AzAPI route filters", () => {
    const fixture = path.join(__dirname, "azapi-stack-export.json");
    const { code, stdout } = runCli(["scan", fixture, "--format", "json", ...NOW], workDir({}));
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings as { resourceName: string; message: string; policy: string }[];
    const main = findings.filter((f) => f.policy === "m365-advertisement-requires-exception");
    expect(main.map((f) => f.resourceName).sort()).toEqual(["exo-rule", "rf-api"]);
    expect(main.find((f) => f.resourceName === "rf-api")!.message).toContain(
      "12076:5020 SharePoint Online (body.properties.rules[0].properties.communities[0])",
    );
    expect(main.find((f) => f.resourceName === "exo-rule")!.message).toContain("12076:5010 Exchange Online");
  });
});
