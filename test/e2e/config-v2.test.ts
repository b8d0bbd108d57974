/**
 * Policy pack config version 2 through the real CLI (read since Pulumi CLI 3.271; see harness.ts for what is real
 * and what is a stand-in):
 * - every example with a policy-config.json previews the same in both forms, version 1 and `{"version": 2,
 *   "policies": <the same content>}` (the example's file may be either; the other is written beside it): same
 *   exit code, same findings word for word, same remediations;
 * - a native policy exception in a version 2 file (`"exceptions"`, applied by the engine, never seen by the pack)
 *   exempts the main policy's violation on examples/m365-without-exception and the preview passes. That is the
 *   platform's behaviour, asserted here so that a change in the CLI is noticed: it is why the project refuses such
 *   files in `exceptions check` rather than relying on the engine.
 */
import * as fs from "fs";
import * as path from "path";
import {
  type Cli,
  EXAMPLES,
  type EngineEvent,
  PARALLEL_RUNS,
  type RunResult,
  Workspace,
  cliBanner,
  ensureCli,
  explain,
  jsonEvents,
  packConfigOf,
  policyAndErrorEvents,
  policyEvents,
  pool,
  remediationEvents,
  scratchRoot,
  textPolicyLines,
} from "../../harness/pulumi-cli";

const MAIN = "m365-advertisement-requires-exception";
const WITH_CONFIG = EXAMPLES.filter((name) => packConfigOf(name));
const EXEMPTED_EXAMPLE = "m365-without-exception";
const NATIVE_EXCEPTION = { id: "CHG-4711", reason: "Approved by the network team in change CHG-4711" };

/** The version 2 form of a version 1 policy pack config: the same policy config under "policies". */
function asVersion2(v1: Record<string, unknown>, exceptions?: Record<string, unknown>): Record<string, unknown> {
  return { version: 2, policies: v1, ...(exceptions && { exceptions }) };
}

function writeJson(file: string, content: unknown): string {
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

interface Exempted {
  /** `pulumi preview --json` with no config: blocked, and the filter's URN for the exception. */
  readonly baseline: RunResult;
  readonly json: RunResult;
  readonly text: RunResult;
}

let cli: Cli;
let root: string;
const previews = new Map<string, Promise<Record<"v1" | "v2", RunResult>>>();
let exempted: Promise<Exempted>;

beforeAll(async () => {
  cli = await ensureCli();
  console.log(cliBanner(cli));
  root = scratchRoot("config-v2");
  const runs = pool<unknown>(PARALLEL_RUNS, [
    ...WITH_CONFIG.map((name) => async () => {
      const ws = await Workspace.create(cli, root, name, name);
      // The example's file is of either version; the other form is written beside it.
      const given = packConfigOf(name)!;
      const content = JSON.parse(fs.readFileSync(given, "utf8"));
      const isV2 = content.version === 2;
      const other = writeJson(path.join(ws.dir, "..", "policy-config.other.json"), isV2 ? content.policies : asVersion2(content));
      const [v1, v2] = isV2 ? [other, given] : [given, other];
      return { v1: await ws.previewJson(v1), v2: await ws.previewJson(v2) };
    }),
    async (): Promise<Exempted> => {
      const ws = await Workspace.create(cli, root, "native-exception", EXEMPTED_EXAMPLE);
      const baseline = await ws.previewJson();
      const targets = policyEvents(jsonEvents(baseline.stdout))
        .filter((f) => f.policy === MAIN && f.urn)
        .map((f) => f.urn);
      const file = writeJson(
        path.join(ws.dir, "..", "policy-config.v2.json"),
        asVersion2({}, { [NATIVE_EXCEPTION.id]: { reason: NATIVE_EXCEPTION.reason, match: [{ policies: [MAIN], targets }] } }),
      );
      return { baseline, json: await ws.previewJson(file), text: await ws.previewText(file) };
    },
  ]);
  WITH_CONFIG.forEach((name, i) => previews.set(name, runs[i] as Promise<Record<"v1" | "v2", RunResult>>));
  exempted = runs[WITH_CONFIG.length] as Promise<Exempted>;
}, 30 * 60_000);

afterAll(async () => {
  await Promise.allSettled([...previews.values(), exempted]);
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const order = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** What a preview decided: its exit code, every finding with its message, every remediation. */
function decided(events: EngineEvent[], code: number) {
  return {
    blocked: code !== 0,
    findings: policyEvents(events).sort(order),
    remediations: remediationEvents(events).sort(order),
  };
}

/** The policy packs the preview's summary lists. */
const packsRun = (events: EngineEvent[]): string[] => Object.keys(events.find((e) => e.summaryEvent)?.summaryEvent.PolicyPacks ?? {});

test(
  "examples with a config exist, with findings or remediations to compare",
  async () => {
    expect(WITH_CONFIG.length).toBeGreaterThanOrEqual(3);
    const decisions = await Promise.all(WITH_CONFIG.map(async (name) => (await previews.get(name)!).v1));
    // A config that is ignored would change these: not all of them pass silently.
    expect(decisions.some((d) => d.code !== 0)).toBe(true);
    expect(decisions.some((d) => remediationEvents(jsonEvents(d.stdout)).length > 0)).toBe(true);
  },
  15 * 60_000,
);

test.each(WITH_CONFIG)(
  "%s: its config in version 2 form previews exactly as the version 1 file",
  async (name) => {
    const { v1, v2 } = await previews.get(name)!;
    const events = { v1: jsonEvents(v1.stdout), v2: jsonEvents(v2.stdout) };
    // Both previews got as far as running the pack ...
    explain(v1, () => expect(packsRun(events.v1)).toHaveLength(1), policyAndErrorEvents, "pulumi preview (version 1)");
    explain(
      v2,
      () => {
        expect(packsRun(events.v2)).toEqual(packsRun(events.v1));
        // ... and decided the same.
        expect(decided(events.v2, v2.code)).toEqual(decided(events.v1, v1.code));
      },
      policyAndErrorEvents,
      "pulumi preview (version 2)",
    );
  },
  15 * 60_000,
);

test(
  `a native exception in a version 2 file exempts ${MAIN} on ${EXEMPTED_EXAMPLE}: the preview passes`,
  async () => {
    const { baseline, json, text } = await exempted;
    const before = policyEvents(jsonEvents(baseline.stdout));
    explain(
      baseline,
      () => {
        expect(baseline.code).not.toBe(0);
        expect(before.filter((f) => f.policy === MAIN).map((f) => f.enforcementLevel)).toEqual(["mandatory"]);
      },
      policyAndErrorEvents,
      "pulumi preview without config",
    );

    const events = jsonEvents(json.stdout);
    explain(
      json,
      () => {
        expect(json.code).toBe(0);
        // The pack still reports the same violations, mandatory; the engine marks the main one exempted by the
        // native exception, and nothing else.
        expect(policyEvents(events).sort(order)).toEqual(before.sort(order));
        const marked = events.filter((e) => e.policyEvent).map((e) => [e.policyEvent.policyName, e.policyEvent.exceptions ?? []]);
        for (const [policy, exceptions] of marked) expect(exceptions).toEqual(policy === MAIN ? [NATIVE_EXCEPTION] : []);
      },
      policyAndErrorEvents,
      "pulumi preview --json (version 2 with a native exception)",
    );

    explain(
      text,
      () => {
        expect(text.code).toBe(0);
        expect(text.stdout).toMatch(new RegExp(`^\\s*· \\[exempted\\]\\s+${MAIN}\\s+\\(1 violation\\)\\s*$`, "m"));
        expect(textPolicyLines(text.stdout).filter((f) => f.policy === MAIN)).toEqual([]);
      },
      undefined,
      "pulumi preview (version 2 with a native exception)",
    );
  },
  15 * 60_000,
);
