/**
 * The Pulumi CLI reads a version 2 config file's struct keys as Go's encoding/json does, without regard to
 * case: a native exception written `Exceptions`/`Reason`/`Match`/`Policies`/`Targets` (or with a long s,
 * which Go folds to "s") exempts the main policy on examples/m365-without-exception, through the real CLI.
 * `exceptions check` must refuse the same files. See harness.ts for what is real and what is a stand-in.
 */
import * as fs from "fs";
import * as path from "path";
import {
  type Cli,
  type RunResult,
  Workspace,
  cliBanner,
  ensureCli,
  explain,
  jsonEvents,
  policyEvents,
  runCommand,
  scratchRoot,
} from "../../harness/pulumi-cli";

const MAIN = "m365-advertisement-requires-exception";
const capitalised = (f: string) => f[0].toUpperCase() + f.slice(1);
const SPELLINGS: Record<string, (field: string) => string> = {
  // The case: "exceptions" as documented, the keys inside it capitalised.
  "inside capitalised": (f) => (f === "exceptions" ? f : capitalised(f)),
  capitalised,
  "with a long s": (f) => f.replace(/s/g, "\u017f"),
};

let cli: Cli;
let root: string;
let runs: Promise<Record<string, { file: string; preview: RunResult; check: RunResult }>>;

beforeAll(async () => {
  cli = await ensureCli();
  console.log(cliBanner(cli));
  root = scratchRoot("native-exception-keys");
  runs = (async () => {
    const ws = await Workspace.create(cli, root, "native-exception-keys", "m365-without-exception");
    const baseline = await ws.previewJson();
    const targets = policyEvents(jsonEvents(baseline.stdout))
      .filter((f) => f.policy === MAIN && f.urn)
      .map((f) => f.urn);
    if (targets.length === 0)
      throw new Error(`the baseline preview reported no ${MAIN} violation:\n${baseline.stdout}\n${baseline.stderr}`);
    const result: Record<string, { file: string; preview: RunResult; check: RunResult }> = {};
    for (const [name, key] of Object.entries(SPELLINGS)) {
      const file = path.join(ws.dir, "..", `policy-config.${name.replace(/ /g, "-")}.json`);
      const exception = { [key("reason")]: "change board", [key("match")]: [{ [key("policies")]: [MAIN], [key("targets")]: targets }] };
      fs.writeFileSync(file, JSON.stringify({ version: 2, [key("exceptions")]: { "CHG-1": exception } }, null, 2));
      result[name] = { file, preview: await ws.previewText(file), check: await runCommand(["exceptions", "check", file], ws.dir) };
    }
    return result;
  })();
}, 20 * 60_000);

afterAll(async () => {
  await Promise.allSettled([runs]);
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test.each(Object.keys(SPELLINGS))(
  "keys %s: the CLI honours the native exception, and exceptions check refuses it",
  async (name) => {
    const { file, preview, check } = (await runs)[name];
    explain(
      preview,
      () => {
        expect(preview.code).toBe(0);
        expect(preview.stdout).toMatch(new RegExp(`^\\s*· \\[exempted\\]\\s+${MAIN}\\s+\\(1 violation\\)\\s*$`, "m"));
      },
      undefined,
      `pulumi preview --policy-pack-config ${path.basename(file)}`,
    );
    explain(
      check,
      () => {
        expect(check.code).toBe(1);
        expect(check.stdout).toContain(`Native policy exception "CHG-1" of the config file names ${MAIN}`);
      },
      undefined,
      "expressroute-m365-guard exceptions check",
    );
  },
  20 * 60_000,
);
