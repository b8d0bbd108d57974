/**
 * A real `pulumi preview` of the demo hub (demo/index.ts), timed three ways: with the pack (and
 * demo/policy-config.json, whose exception lets the preview pass), with bench/noop-pack at the same
 * enforcement levels, and with no policy pack. Everything runs as in the e2e suites (harness/pulumi-cli.ts):
 * the real CLI and Node.js language host from scripts/ensure-pulumi.sh, the real program and policy
 * runtimes, the STAND-IN providers of test/e2e/providers, a throw-away file backend.
 *
 * Each preview is a fresh `pulumi preview` process, timed from start to exit. A round is one preview of
 * each kind, the order rotating from round to round so that each kind is first, second and third equally
 * often; the figure is the median of the rounds' pack / no-op ratios.
 *
 * Part of `npm run bench` (bench/run.ts); run alone, it prints its figures and writes nothing:
 *   npm run build && npx tsc -p bench/tsconfig.json && node dist/bench/preview.js
 */
import * as fs from "fs";
import * as path from "path";
import { type Cli, ensureCli, PACK_DIR, REPO, type RunResult, scratchRoot, Workspace } from "../harness/pulumi-cli";
import { describeSpread, fixed, ms, now, since, type Spread, spreadOf, verdict } from "./figures";
import { levelsOnly, NOOP_DIR } from "./pack-shape";

/** A multiple of the three kinds, so that the rotation puts each kind in each place equally often. */
export const PREVIEW_ROUNDS = 9;
/** Target: the demo's preview with the pack within 5% of the same preview with the no-op pack. */
export const PREVIEW_RATIO_TARGET = 1.05;

const DEMO_CONFIG = path.join(REPO, "demo", "policy-config.json");
const KINDS = ["pack", "noop", "none"] as const;
type Kind = (typeof KINDS)[number];
const KIND_NAMES: Record<Kind, string> = { pack: "pack", noop: "no-op pack", none: "no pack" };

export interface PreviewFigures {
  readonly rounds: number;
  /** Wall time of one preview (ms), over the rounds. */
  readonly times: Record<Kind, Spread>;
  /** pack / no-op, one per round. */
  readonly ratio: Spread;
  /** pack / no pack, one per round: what the pack costs a preview in all, its runtime included. */
  readonly overNoPack: Spread;
  readonly cli: Cli;
  readonly minutes: number;
}

/**
 * The demo's project (name, runtime, description of the root Pulumi.yaml) in a workspace of its own: the
 * root Pulumi.yaml's `main` and `plugins` point into the repository, and a stack there would leave its
 * Pulumi.<stack>.yaml beside it.
 */
function demoProjectYaml(): string {
  const rootYaml = fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8");
  return rootYaml
    .split("\n")
    .filter((line) => /^(name|runtime|description):/.test(line))
    .join("\n");
}

/** The no-op pack's config: only the levels the demo's config sets (a version 2 file keeps them under "policies"). */
function noopConfig(): Record<string, unknown> {
  const demo = JSON.parse(fs.readFileSync(DEMO_CONFIG, "utf8"));
  return levelsOnly(demo.version === 2 ? (demo.policies ?? {}) : demo);
}

/** "+ 6 to create" and the like: what the preview would do, which must be the same with or without a pack. */
function plannedChanges(stdout: string): string {
  return [...stdout.matchAll(/^\s+([+~-]|\+-) (\d+) to (\w+)/gm)].map((m) => `${m[1]} ${m[2]} to ${m[3]}`).join(", ");
}

/** Fails unless the preview passed, ran the pack it was given (the CLI lists it as `(local: <dir>)`) and planned the same changes. */
function check(kind: Kind, packDir: string | undefined, result: RunResult, planned: string): void {
  const problems = [
    result.code !== 0 && `exit code ${result.code}`,
    packDir && !result.stdout.includes(`(local: ${packDir})`) && `no policy pack ${packDir} in the output`,
    !packDir && /^Policies:/m.test(result.stdout) && "a Policies section although no pack was given",
    plannedChanges(result.stdout) !== planned && `planned "${plannedChanges(result.stdout)}", not "${planned}" as the first preview`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(
      `demo preview with ${KIND_NAMES[kind]}: ${problems.join("; ")}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
}

/** `cli`: from `ensureCli()`, which the caller runs first (on a fresh machine it builds the CLI for minutes). */
export async function measurePreviews(cli: Cli): Promise<PreviewFigures> {
  if (!fs.existsSync(path.join(REPO, "dist", "policies", "index.js"))) throw new Error("the pack is not built: run `npm run build` first");
  const started = now();
  const root = scratchRoot("bench-preview");
  try {
    const ws = await Workspace.ofProgram(cli, root, "demo", {
      projectYaml: demoProjectYaml(),
      indexTs: path.join(REPO, "demo", "index.ts"),
    });
    const noopConfigFile = path.join(root, "noop-config.json");
    fs.writeFileSync(noopConfigFile, JSON.stringify(noopConfig()));
    const packs: Record<Kind, { dir: string; config: string } | undefined> = {
      pack: { dir: PACK_DIR, config: DEMO_CONFIG },
      noop: { dir: NOOP_DIR, config: noopConfigFile },
      none: undefined,
    };
    let planned: string | undefined;
    const preview = async (kind: Kind): Promise<number> => {
      const pack = packs[kind];
      const args = ["preview", "--color", "never", ...(pack ? ["--policy-pack", pack.dir, "--policy-pack-config", pack.config] : [])];
      const start = now();
      const result = await ws.pulumi(args);
      const took = since(start);
      planned ??= plannedChanges(result.stdout);
      check(kind, pack?.dir, result, planned);
      return took;
    };

    // One untimed round first: the first preview of a run pays for cold disk caches and the ts-node cache.
    for (const kind of KINDS) await preview(kind);
    const times: Array<Record<Kind, number>> = [];
    for (let r = 0; r < PREVIEW_ROUNDS; r++) {
      const round = {} as Record<Kind, number>;
      for (let i = 0; i < KINDS.length; i++) {
        const kind = KINDS[(i + r) % KINDS.length];
        round[kind] = await preview(kind);
      }
      times.push(round);
      const each = KINDS.map((kind) => `${KIND_NAMES[kind]} ${ms(round[kind])}`).join(", ");
      process.stderr.write(`  demo preview, round ${r + 1} of ${PREVIEW_ROUNDS}: ${each}; ratio ${fixed(round.pack / round.noop)}\n`);
    }
    const over = (kind: Kind) => spreadOf(times.map((t) => t[kind]));
    return {
      rounds: PREVIEW_ROUNDS,
      times: { pack: over("pack"), noop: over("noop"), none: over("none") },
      ratio: spreadOf(times.map((t) => t.pack / t.noop)),
      overNoPack: spreadOf(times.map((t) => t.pack / t.none)),
      cli,
      minutes: since(started) / 60_000,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The figure, for RESULTS.md and the console. */
export function previewLine(f: PreviewFigures): string {
  return (
    `demo preview (real \`pulumi preview\`, ${f.rounds} rounds): pack ${ms(f.times.pack.median)}, no-op pack ${ms(f.times.noop.median)}, ` +
    `no pack ${ms(f.times.none.median)}; ratio pack / no-op ${fixed(f.ratio.median)} (${describeSpread(f.ratio, "round ratios")}); ` +
    `pack / no pack ${fixed(f.overNoPack.median)}; pulumi ${f.cli.version}, ${f.minutes.toFixed(1)} min`
  );
}

export const previewVerdict = (f: PreviewFigures) => verdict("demo preview ratio", f.ratio.median, PREVIEW_RATIO_TARGET, "<=");

if (require.main === module) {
  ensureCli()
    .then(measurePreviews)
    .then(
      (f) => console.log(`${previewLine(f)}\ntarget: ${previewVerdict(f)}`),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
}
