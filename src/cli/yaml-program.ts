/**
 * Where a Pulumi YAML program declares its resources. The YAML language host records no position of
 * the program: through the Go SDK it records its own interpreter's frame (pulumi-yaml v1.25.0:
 * `project:///../../github.com/pulumi/pulumi-yaml@v1.25.0/pkg/pulumiyaml/run.go#1391`, seen with the
 * real CLI in test/e2e/source-positions.test.ts). So for a YAML project the command finds each
 * resource's key under `resources:` in Pulumi.yaml itself, as a block mapping is written; a resource
 * it cannot find there keeps no program position.
 */
import * as fs from "fs";
import * as path from "path";
import { parseUrn } from "../core/urn";

/** The line of each resource key (its logical name) of the YAML program in `projectDir`, if that is a YAML project. */
export function yamlDeclarations(projectDir: string): { project: string; lines: Map<string, number> } | undefined {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((name) => path.join(projectDir, name)).find((f) => fs.existsSync(f));
  if (!file) return undefined;
  const text = fs.readFileSync(file, "utf8").split(/\r?\n/);
  const topLevel = (key: string) => text.findIndex((line) => new RegExp(`^${key}:\\s*(#.*)?$`).test(line));
  const runtime = text.find((line) => /^runtime:/.test(line));
  const runtimeName = text[topLevel("runtime") + 1];
  const isYaml =
    /^runtime:\s*["']?yaml["']?\s*(#.*)?$/.test(runtime ?? "") ||
    (runtime !== undefined && /^\s+name:\s*["']?yaml["']?\s*$/.test(runtimeName ?? ""));
  const project = /^name:\s*["']?([^"'\s#]+)/m.exec(text.join("\n"))?.[1];
  if (!isYaml || !project) return undefined;

  const lines = new Map<string, number>();
  const start = topLevel("resources");
  if (start < 0) return { project, lines };
  let indent: string | undefined;
  for (let i = start + 1; i < text.length && !/^\S/.test(text[i]); i++) {
    const key = /^(\s+)(?:"([^"]+)"|'([^']+)'|([^\s#"'][^:#]*?)):\s*(#.*)?$/.exec(text[i]);
    if (!key) continue;
    // The resources are the keys at the first indentation under `resources:`; deeper ones are their fields.
    indent ??= key[1];
    if (key[1] !== indent) continue;
    const name = key[2] ?? key[3] ?? key[4];
    if (!lines.has(name)) lines.set(name, i + 1);
  }
  return { project, lines };
}

/** The resources of the YAML project in `projectDir` with the position of their key in Pulumi.yaml (`project:///Pulumi.yaml#<line>`). */
export function withYamlPositions<
  R extends { readonly record: { readonly urn: string; readonly name: string }; readonly sourcePosition?: string },
>(resources: readonly R[], projectDir: string): readonly R[] {
  const program = yamlDeclarations(projectDir);
  if (!program) return resources;
  const file = fs.existsSync(path.join(projectDir, "Pulumi.yaml")) ? "Pulumi.yaml" : "Pulumi.yml";
  return resources.map((resource) => {
    // Only this project's resources are declared there.
    const line = parseUrn(resource.record.urn)?.project === program.project ? program.lines.get(resource.record.name) : undefined;
    return line === undefined ? resource : { ...resource, sourcePosition: `project:///${file}#${line}` };
  });
}
