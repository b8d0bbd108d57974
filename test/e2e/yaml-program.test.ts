/**
 * A program not written in TypeScript is guarded the same way: examples-yaml/m365-route-filter, the program of
 * examples/m365-without-exception in Pulumi YAML, previewed with the pack through the real Pulumi CLI and the real
 * `pulumi-language-yaml` (which scripts/ensure-pulumi.sh places next to the CLI), next to the TypeScript program.
 * Without an exception both are blocked with the same findings, word for word; with the register of
 * examples/m365-with-exception both pass.
 *
 * The providers are the stand-ins of test/e2e/providers (see harness.ts). A YAML program asks its providers for
 * their schema: they answer with the STAND-IN schema of test/e2e/providers/stand-in-schema.js.
 */
import * as fs from "fs";
import * as path from "path";
import {
  Cli,
  REPO,
  RunResult,
  Workspace,
  ensureCli,
  explain,
  jsonEvents,
  packConfigOf,
  policyAndErrorEvents,
  policyEvents,
  scratchRoot,
  standInPluginsYaml,
} from "./harness";

const YAML_PROGRAM = path.join(REPO, "examples-yaml", "m365-route-filter", "Pulumi.yaml");
const TS_EXAMPLE = "m365-without-exception";
const STAND_INS = path.join(REPO, "test", "e2e", "providers");
/** The register that covers the TypeScript program's route filter; the YAML program has the same filter. */
const REGISTER = packConfigOf("m365-with-exception")!;

let cli: Cli;
let root: string;

beforeAll(async () => {
  cli = await ensureCli();
  if (!fs.existsSync(path.join(cli.dir, "pulumi-language-yaml"))) {
    throw new Error(`no pulumi-language-yaml next to pulumi in ${cli.dir}: scripts/ensure-pulumi.sh must provide it`);
  }
  root = scratchRoot("yaml");
}, 30 * 60_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/**
 * A workspace (hermetic environment and stack) whose program is the YAML one. Its stand-in providers are
 * copies of their launch scripts in the scratch root, beside a link to stand-in-provider.js: the YAML host
 * caches a provider's schema beside the provider's directory, which must not be in the repository (a cache
 * there would outlive changes to the stand-in schema).
 */
async function yamlWorkspace(label: string): Promise<Workspace> {
  const ws = await Workspace.create(cli, root, label, TS_EXAMPLE);
  for (const file of ["index.ts", "package.json", "node_modules"]) fs.rmSync(path.join(ws.dir, file), { recursive: true });
  const providers = path.join(root, `${label}-providers`);
  fs.mkdirSync(providers);
  fs.symlinkSync(path.join(STAND_INS, "stand-in-provider.js"), path.join(providers, "stand-in-provider.js"));
  let plugins = standInPluginsYaml();
  for (const pkg of ["azure-native", "azure"]) {
    fs.mkdirSync(path.join(providers, pkg));
    fs.copyFileSync(path.join(STAND_INS, pkg, `pulumi-resource-${pkg}`), path.join(providers, pkg, `pulumi-resource-${pkg}`));
    plugins = plugins.replace(`path: ${path.join(STAND_INS, pkg)}\n`, `path: ${path.join(providers, pkg)}\n`);
  }
  expect(plugins).not.toContain(STAND_INS);
  fs.writeFileSync(path.join(ws.dir, "Pulumi.yaml"), `${fs.readFileSync(YAML_PROGRAM, "utf8").trimEnd()}\n${plugins}`);
  // Another project now: its own stack.
  const init = await ws.pulumi(["stack", "init", "e2e"]);
  explain(init, () => expect(init.code).toBe(0));
  return ws;
}

/** {policy, level, resource, message} of every policy event, in a stable order. */
function findings(preview: RunResult) {
  return policyEvents(jsonEvents(preview.stdout))
    .map(({ policy, enforcementLevel, resource, message }) => ({ policy, enforcementLevel, resource, message }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

test.each([
  ["without an exception: blocked", undefined],
  ["with the exception on record: passes", REGISTER],
])("the YAML program %s, with the findings of the TypeScript program", async (_outcome, register) => {
  const slug = register ? "covered" : "blocked";
  const [typescript, yamlProgram] = await Promise.all([
    Workspace.create(cli, root, `ts-${slug}`, TS_EXAMPLE),
    yamlWorkspace(`yaml-${slug}`),
  ]);
  const [expected, actual] = await Promise.all([typescript.previewJson(register), yamlProgram.previewJson(register)]);
  explain(expected, () => expect(expected.code !== 0).toBe(!register), policyAndErrorEvents);
  explain(
    actual,
    () => {
      expect(actual.code !== 0).toBe(!register);
      // The YAML program registered its resources (not an error before the engine saw them).
      const registered = jsonEvents(actual.stdout).filter((e) => e.resourcePreEvent).map((e) => e.resourcePreEvent.metadata.type);
      expect(registered).toEqual(expect.arrayContaining(["azure-native:network:RouteFilter", "azure-native:network:ExpressRouteCircuitPeering"]));
      expect(findings(actual)).toEqual(findings(expected));
      expect(findings(actual).map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`)).toEqual(
        register ? [] : ["mandatory m365-advertisement-requires-exception rf-m365"],
      );
    },
    policyAndErrorEvents,
  );
}, 15 * 60_000);
