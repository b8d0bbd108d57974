/**
 * Every program in examples/ through a real `pulumi preview` with the pack (see harness.ts for what is real
 * and what is a stand-in). The exit code, the policy lines of the text output and the policy events of the
 * streaming JSON output must all match the example's expected.json.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import {
  EXAMPLES,
  EXAMPLES_DIR,
  ExampleRuns,
  type Finding,
  REPO,
  type RunResult,
  communitiesOf,
  explain,
  jsonEvents,
  policyAndErrorEvents,
  policyEvents,
  remediationEvents,
  sortedKeys,
  textPolicyLines,
} from "../../harness/pulumi-cli";

interface Expected {
  readonly blocked: boolean;
  /** `mentions`: text the finding's message must contain. */
  readonly violations: Array<Finding & { readonly mentions?: string[] }>;
  /** `communities`: what the route filter allows after the remediation. */
  readonly remediations?: Array<{ policy: string; resource: string; communities: string[] }>;
}

interface Outcome {
  readonly text: RunResult;
  readonly json: RunResult;
}

const examples = EXAMPLES;

// expected.json is shared with test/examples, whose mocks know every output. A preview does not: with azure-native
// the circuit's `name` is an output that stays unknown until the circuit exists (the classic provider's `name` is
// an input, known at preview), so there the message names the peering alone.
const PREVIEW_WORDING: Record<string, Record<string, string>> = {
  "m365-without-exception": {
    "attached to the IPv4 Microsoft peering of circuit er-hub-ams (er-hub-microsoft)":
      "attached to the IPv4 Microsoft peering (er-hub-microsoft)",
  },
};

const runs = new ExampleRuns("examples", examples, async (ws, config): Promise<Outcome> => ({
  text: await ws.previewText(config),
  json: await ws.previewJson(config),
}));
beforeAll(() => runs.start(), 30 * 60_000);
afterAll(() => runs.cleanUp());

test(
  "the examples type-check (the previews only transpile them)",
  async () => {
    const tsc = path.join(REPO, "node_modules", ".bin", "tsc");
    for (const project of ["examples/tsconfig.json", "demo/tsconfig.json"]) {
      await promisify(execFile)(tsc, ["-p", project], { cwd: REPO }).catch((e) => {
        throw new Error(`tsc -p ${project} failed:\n${e.stdout}${e.stderr}`);
      });
    }
  },
  5 * 60_000,
);

test("examples exist", () => {
  expect(examples.length).toBeGreaterThanOrEqual(9);
});

test.each(examples)(
  "%s",
  async (name) => {
    const expected: Expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, name, "expected.json"), "utf8"));
    const { text, json } = await runs.outcome(name);
    const violations = sortedKeys(expected.violations);

    explain(text, () => {
      expect(text.code !== 0).toBe(expected.blocked);
      const lines = textPolicyLines(text.stdout);
      expect(sortedKeys(lines.filter((l) => l.enforcementLevel !== "remediate"))).toEqual(violations);
      const remediated = lines.filter((l) => l.enforcementLevel === "remediate").map((l) => l.policy);
      expect(remediated.sort()).toEqual([...new Set((expected.remediations ?? []).map((r) => r.policy))].sort());
    });

    explain(
      json,
      () => {
        expect(json.code !== 0).toBe(expected.blocked);
        const events = jsonEvents(json.stdout);
        const findings = policyEvents(events);
        expect(sortedKeys(findings)).toEqual(violations);
        // The right findings for the right reasons.
        for (const violation of expected.violations) {
          const key = JSON.stringify(sortedKeys([violation]));
          const messages = findings.filter((f) => JSON.stringify(sortedKeys([f])) === key).map((f) => f.message);
          for (const mention of violation.mentions ?? []) {
            expect({ violation: key, messages }).toEqual({
              violation: key,
              messages: expect.arrayContaining([expect.stringContaining(PREVIEW_WORDING[name]?.[mention] ?? mention)]),
            });
          }
        }
        const remediations = remediationEvents(events);
        expect(remediations.map((r) => ({ policy: r.policy, resource: r.resource, communities: communitiesOf(r.after) }))).toEqual(
          expected.remediations ?? [],
        );
        // A remediation that removes nothing would be a no-op the engine still reports.
        for (const r of remediations) {
          const kept = new Set(communitiesOf(r.after));
          expect(communitiesOf(r.before).filter((c) => !kept.has(c)).length).toBeGreaterThan(0);
        }
      },
      policyAndErrorEvents,
    );
  },
  15 * 60_000,
);
