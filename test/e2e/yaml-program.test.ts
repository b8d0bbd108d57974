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
import {
  type Cli,
  type RunResult,
  Workspace,
  ensureCli,
  explain,
  jsonEvents,
  packConfigOf,
  policyAndErrorEvents,
  policyEvents,
  scratchRoot,
} from "../../harness/pulumi-cli";
import { TS_EXAMPLE, assertYamlHost, yamlWorkspace } from "./yaml-workspace";

/** The register that covers the TypeScript program's route filter; the YAML program has the same filter. */
const REGISTER = packConfigOf("m365-with-exception")!;

let cli: Cli;
let root: string;

beforeAll(async () => {
  cli = await ensureCli();
  assertYamlHost(cli);
  root = scratchRoot("yaml");
}, 30 * 60_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** {policy, level, resource, message} of every policy event, in a stable order. */
function findings(preview: RunResult) {
  return policyEvents(jsonEvents(preview.stdout))
    .map(({ policy, enforcementLevel, resource, message }) => ({ policy, enforcementLevel, resource, message }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

test.each([
  ["without an exception: blocked", undefined],
  ["with the exception on record: passes", REGISTER],
])(
  "the YAML program %s, with the findings of the TypeScript program",
  async (_outcome, register) => {
    const slug = register ? "covered" : "blocked";
    const [typescript, yamlProgram] = await Promise.all([
      Workspace.create(cli, root, `ts-${slug}`, TS_EXAMPLE),
      yamlWorkspace(cli, root, `yaml-${slug}`),
    ]);
    const [expected, actual] = await Promise.all([typescript.previewJson(register), yamlProgram.previewJson(register)]);
    explain(expected, () => expect(expected.code !== 0).toBe(!register), policyAndErrorEvents);
    explain(
      actual,
      () => {
        expect(actual.code !== 0).toBe(!register);
        // The YAML program registered its resources (not an error before the engine saw them).
        const registered = jsonEvents(actual.stdout)
          .filter((e) => e.resourcePreEvent)
          .map((e) => e.resourcePreEvent.metadata.type);
        expect(registered).toEqual(
          expect.arrayContaining(["azure-native:network:RouteFilter", "azure-native:network:ExpressRouteCircuitPeering"]),
        );
        expect(findings(actual)).toEqual(findings(expected));
        expect(findings(actual).map((f) => `${f.enforcementLevel} ${f.policy} ${f.resource}`)).toEqual(
          register ? [] : ["mandatory m365-advertisement-requires-exception rf-m365"],
        );
      },
      policyAndErrorEvents,
    );
  },
  15 * 60_000,
);
