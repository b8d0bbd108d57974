/**
 * A workspace whose program is examples-yaml/m365-route-filter (Pulumi YAML), for the suites that run it
 * through the real Pulumi CLI and `pulumi-language-yaml`. The YAML program asks its providers for their
 * schema: the stand-ins of test/e2e/providers answer with test/e2e/providers/stand-in-schema.js.
 */
import * as fs from "fs";
import * as path from "path";
import { type Cli, REPO, Workspace, explain, standInPluginsYaml } from "../../harness/pulumi-cli";

export const YAML_PROGRAM = path.join(REPO, "examples-yaml", "m365-route-filter", "Pulumi.yaml");
/** The TypeScript program the YAML one translates. */
export const TS_EXAMPLE = "m365-without-exception";
const STAND_INS = path.join(REPO, "test", "e2e", "providers");

/** Fails the suite early when the CLI directory has no YAML language host. */
export function assertYamlHost(cli: Cli): void {
  if (!fs.existsSync(path.join(cli.dir, "pulumi-language-yaml"))) {
    throw new Error(`no pulumi-language-yaml next to pulumi in ${cli.dir}: scripts/ensure-pulumi.sh must provide it`);
  }
}

/**
 * A workspace (hermetic environment and stack) whose program is the YAML one. Its stand-in providers are
 * copies of their launch scripts in the scratch root, beside a link to stand-in-provider.js: the YAML host
 * caches a provider's schema beside the provider's directory, which must not be in the repository (a cache
 * there would outlive changes to the stand-in schema).
 */
export async function yamlWorkspace(cli: Cli, root: string, label: string): Promise<Workspace> {
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
