/**
 * `npm run bench [-- --note "text"]`: the pack against a no-op pack of the same shape, both driven through
 * the real policy runtime (run-policy-pack over gRPC) the way the engine drives two packs in one preview:
 * per resource, Remediate then Analyze on each pack in turn, then one stack analysis each. Two stacks
 * ("mixed": a general stack, 4% ExpressRoute; "hub": all ExpressRoute, with a 1,000-entry register).
 *
 * Ratios are paired: each pair is one whole analysis by each pack, interleaved resource by resource (as
 * the engine does) so that both see the same load; the figure is the median of the pairs' ratios, printed
 * with their spread. The machine may be shared: only ratios taken within a pair are trusted, absolute
 * times are for the record. Last, bench/preview.ts times a real `pulumi preview` of the demo with each pack
 * and with none. bench/RESULTS.md says how each figure is taken.
 */
import { execFileSync } from "child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { type Diagnostic, PACK_DIR, type PackConfig, PolicyRuntime, REPO_ROOT, type StackResource } from "../harness/policy-runtime";
import { describeSpread, fixed, ms, now, since, type Spread, spreadOf, verdict } from "./figures";
import { levelsOnly, NOOP_DIR, policiesOf, shapeDifferences, shapeOf } from "./pack-shape";
import { ensureCli } from "../harness/pulumi-cli";
import { measurePreviews, PREVIEW_RATIO_TARGET, PREVIEW_ROUNDS, type PreviewFigures, previewLine, previewVerdict } from "./preview";
import { hubStack, type Mix, MIXES } from "./synthetic";

const SIZES = [1_000, 10_000];
const PAIRS: Record<number, number> = { 1_000: 9, 10_000: 7 };
const SCAN_SIZES = [3_000, 30_000];
const SCAN_RUNS: Record<number, number> = { 3_000: 5, 30_000: 3 };
const SCAN_BUDGET_MS = 60_000;
const TARGETS = { ratio: 1.1, growth: 11, memoryRatio: 1.05, scan30kMs: 3_000, scanGrowth: 11 };
const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** One pack's side of a pair: wall times (ms) and the CPU time (ms) its analyzer process used, per phase. */
interface Side {
  readonly perResource: number;
  readonly stack: number;
  readonly perResourceCpu: number;
  readonly stackCpu: number;
  /** High-water mark of the analyzer process after one whole analysis. */
  readonly peakMemoryMB: number;
  readonly findings: Diagnostic[];
}
interface Pair {
  readonly pack: Side;
  readonly noop: Side;
}
const total = (s: Side) => s.perResource + s.stack;
const totalCpu = (s: Side) => s.perResourceCpu + s.stackCpu;

const count = (n: number) => n.toLocaleString("en");

function cpuMs(pid: number | undefined): number {
  // Fields 14 and 15 of /proc/PID/stat (user and system time); the command name before them may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

function peakMemoryMB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

interface PackUnderTest {
  readonly dir: string;
  readonly config: PackConfig;
}

/**
 * One whole analysis by each of two packs, each in a fresh analyzer process as in a real preview (so that
 * what one process happens to be like, its heap or its core, does not weigh on every pair). Per resource
 * the two in turn as the engine does with several packs, the order alternating per resource so that
 * neither is always second. The stack analysis, one long call, runs in the order A B B A and counts the
 * mean of each pack's two calls, so that a load that rises or falls steadily costs both the same; the
 * peak memory is read after each pack's first stack analysis, the end of one whole analysis.
 */
async function analysePair(packs: readonly PackUnderTest[], resources: readonly StackResource[]): Promise<Side[]> {
  const runtimes = await Promise.all(packs.map((p) => PolicyRuntime.start(p.dir)));
  try {
    for (const [i, runtime] of runtimes.entries()) await runtime.configure(packs[i].config);
    const sides = runtimes.map(() => ({
      perResource: 0,
      stack: 0,
      perResourceCpu: 0,
      stackCpu: 0,
      peakMemoryMB: 0,
      findings: [] as Diagnostic[],
    }));
    const cpuBefore = runtimes.map((r) => cpuMs(r.pid));
    for (const [n, resource] of resources.entries()) {
      for (const i of n % 2 === 0 ? [0, 1] : [1, 0]) {
        const start = now();
        await runtimes[i].remediate(resource);
        const diagnostics = await runtimes[i].analyze(resource);
        sides[i].perResource += since(start);
        sides[i].findings.push(...diagnostics);
      }
    }
    runtimes.forEach((r, i) => (sides[i].perResourceCpu = cpuMs(r.pid) - cpuBefore[i]));
    const stackFindings: Diagnostic[][] = [];
    for (const i of [0, 1, 1, 0]) {
      const [start, cpuStart] = [now(), cpuMs(runtimes[i].pid)];
      const diagnostics = await runtimes[i].analyzeStack(resources);
      sides[i].stack += since(start) / 2;
      sides[i].stackCpu += (cpuMs(runtimes[i].pid) - cpuStart) / 2;
      if (!stackFindings[i]) {
        stackFindings[i] = diagnostics;
        sides[i].peakMemoryMB = peakMemoryMB(runtimes[i].pid);
      }
    }
    return sides.map((side, i) => ({ ...side, findings: [...side.findings, ...stackFindings[i]] }));
  } finally {
    await Promise.all(runtimes.map((r) => r.close()));
  }
}

interface Row {
  readonly mix: Mix;
  readonly size: number;
  readonly pairs: Pair[];
  readonly ratio: Spread;
  readonly perResourceRatio: Spread;
  readonly cpuRatio: Spread;
  readonly perResourceCpuRatio: Spread;
  readonly pack: Spread;
  readonly noop: Spread;
  readonly memoryRatio: Spread;
}

/**
 * What the runtime's decoding of the register alone does to a process's peak: the no-op pack configured with
 * the levels only, and with the hub's whole config (its 1,000-entry register), in fresh processes; nothing
 * analysed. It is the runtime's work for any pack given that config; in the pairs both packs are given it.
 */
async function registerDecodingMB(): Promise<{ levelsOnly: number; withRegister: number }> {
  const { config } = hubStack(10_000);
  const peaks = { levelsOnly: [] as number[], withRegister: [] as number[] };
  for (let round = 0; round < 3; round++) {
    for (const [key, given] of [
      ["levelsOnly", levelsOnly(config)],
      ["withRegister", config],
    ] as const) {
      const runtime = await PolicyRuntime.start(NOOP_DIR);
      try {
        await runtime.configure(given);
        peaks[key].push(peakMemoryMB(runtime.pid));
      } finally {
        await runtime.close();
      }
    }
  }
  return { levelsOnly: spreadOf(peaks.levelsOnly).median, withRegister: spreadOf(peaks.withRegister).median };
}

/**
 * The sizes' pairs in one sequence, the smaller size's spread between the larger's, so that every size
 * samples the same stretch of the run's load and growth compares like with like.
 */
function schedule(): number[] {
  const slots = SIZES.flatMap((size) => Array.from({ length: PAIRS[size] }, (_, k) => ({ size, at: (k + 0.5) / PAIRS[size] })));
  return slots.sort((a, b) => a.at - b.at).map((slot) => slot.size);
}

async function measureMix(mix: Mix): Promise<Row[]> {
  const stacks = new Map(SIZES.map((size) => [size, MIXES[mix](size)]));
  const pairs = new Map<number, Pair[]>(SIZES.map((size) => [size, []]));
  for (const size of schedule()) {
    const { resources, config } = stacks.get(size)!;
    // The same config for both: the runtime decodes a register for any pack it is given to (a figure of its own below).
    const packs = { pack: { dir: PACK_DIR, config }, noop: { dir: NOOP_DIR, config } };
    const done = pairs.get(size)!;
    // Alternate which pack starts (on the first resource and in the stack analyses).
    const packFirst = done.length % 2 === 0;
    const [first, second] = await analysePair(packFirst ? [packs.pack, packs.noop] : [packs.noop, packs.pack], resources);
    const pair = packFirst ? { pack: first, noop: second } : { pack: second, noop: first };
    done.push(pair);
    process.stderr.write(
      `  ${mix} ${count(size)}, pair ${done.length} of ${PAIRS[size]}: ratio ${fixed(total(pair.pack) / total(pair.noop))}\n`,
    );
  }
  return SIZES.map((size) => summarise(mix, size, pairs.get(size)!));
}

function summarise(mix: Mix, size: number, pairs: Pair[]): Row {
  if (pairs.some((pair) => pair.noop.findings.length > 0)) throw new Error(`the no-op pack reported findings on the ${mix} stack`);
  const row: Row = {
    mix,
    size,
    pairs,
    ratio: spreadOf(pairs.map((p) => total(p.pack) / total(p.noop))),
    perResourceRatio: spreadOf(pairs.map((p) => p.pack.perResource / p.noop.perResource)),
    cpuRatio: spreadOf(pairs.map((p) => totalCpu(p.pack) / totalCpu(p.noop))),
    perResourceCpuRatio: spreadOf(pairs.map((p) => p.pack.perResourceCpu / p.noop.perResourceCpu)),
    pack: spreadOf(pairs.map((p) => total(p.pack))),
    noop: spreadOf(pairs.map((p) => total(p.noop))),
    memoryRatio: spreadOf(pairs.map((p) => p.pack.peakMemoryMB / p.noop.peakMemoryMB)),
  };
  const phase = (side: "pack" | "noop", part: "perResource" | "stack") => ms(phaseMedian(pairs, side, part));
  console.log(
    [
      `${mix} stack, ${count(size)} resources, ${pairs.length} pairs:`,
      `  whole analysis: pack ${ms(row.pack.median)}, no-op ${ms(row.noop.median)}; ratio ${fixed(row.ratio.median)} (${describeSpread(row.ratio)}); analyzer CPU ratio ${fixed(row.cpuRatio.median)}`,
      `  per-resource path (Remediate + Analyze): pack ${phase("pack", "perResource")}, no-op ${phase("noop", "perResource")}; ratio ${fixed(row.perResourceRatio.median)} (${describeSpread(row.perResourceRatio)}); analyzer CPU ratio ${fixed(row.perResourceCpuRatio.median)}`,
      `  stack analysis: pack ${phase("pack", "stack")}, no-op ${phase("noop", "stack")}`,
      `  findings of the pack: ${findingsSummary(pairs[0].pack.findings)}`,
    ].join("\n"),
  );
  return row;
}

const phaseMedian = (pairs: readonly Pair[], side: "pack" | "noop", part: "perResource" | "stack") =>
  spreadOf(pairs.map((p) => p[side][part])).median;

function findingsSummary(findings: readonly Diagnostic[]): string {
  const byPolicy = new Map<string, number>();
  for (const f of findings)
    byPolicy.set(`${f.policyName} (${f.enforcementLevel})`, (byPolicy.get(`${f.policyName} (${f.enforcementLevel})`) ?? 0) + 1);
  return byPolicy.size === 0 ? "none" : [...byPolicy].map(([k, n]) => `${n} ${k}`).join(", ");
}

/** `expressroute-m365-guard scan` of hub stack exports (filters, rules, peerings: no circuits), in a fresh process per run. */
function scanTimings(): Map<number, number> {
  const cli = path.join(REPO_ROOT, "dist", "src", "cli", "main.js");
  const dir = mkdtempSync(path.join(os.tmpdir(), "er-guard-bench-"));
  const medians = new Map<number, number>();
  try {
    for (const size of SCAN_SIZES) {
      const { resources, config } = hubStack(size, { circuits: false });
      const exportFile = path.join(dir, `hub-${size}.json`);
      const configFile = path.join(dir, `hub-${size}-config.json`);
      writeFileSync(exportFile, JSON.stringify(stackExport(resources)));
      writeFileSync(configFile, JSON.stringify(config));
      const times: number[] = [];
      // A slow scan (linking not linear) gets fewer runs: one that takes a minute is far off its target anyway.
      while (times.length < SCAN_RUNS[size] && (times.length === 0 || times.reduce((a, b) => a + b) < SCAN_BUDGET_MS)) {
        const start = now();
        try {
          execFileSync(process.execPath, [cli, "scan", exportFile, "--config", configFile, "--format", "json"], {
            stdio: "pipe",
            maxBuffer: 1 << 30,
          });
        } catch (e) {
          // Exit code 1 means mandatory findings, which this stack has on purpose.
          if ((e as { status?: number }).status !== 1) throw e;
        }
        times.push(since(start));
      }
      medians.set(size, spreadOf(times).median);
      console.log(`scan of a ${count(size)}-resource hub export: median ${ms(spreadOf(times).median)} over ${times.length} runs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return medians;
}

/** A `pulumi stack export` document (deployment version 3) holding the resources as state. */
function stackExport(resources: readonly StackResource[]) {
  return {
    version: 3,
    deployment: {
      manifest: { time: new Date().toISOString(), magic: "", version: "v3.274.1" },
      resources: resources.map((r) => ({
        urn: r.urn,
        custom: true,
        type: r.type,
        inputs: r.props,
        outputs: r.props,
        propertyDependencies: r.propertyDependencies ?? {},
      })),
    },
  };
}

function checkNoopShape() {
  const differences = shapeDifferences(shapeOf(policiesOf(PACK_DIR)), shapeOf(policiesOf(NOOP_DIR)));
  if (differences.length > 0) {
    throw new Error(
      `bench/noop-pack must have the pack's shape (same policies, levels and hooks, each doing nothing), ` +
        `or the runtime does different work for each:\n- ${differences.join("\n- ")}\nUpdate bench/noop-pack/index.js.`,
    );
  }
}

function codeMeasured(): string {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  // The benchmark's own outputs do not make the code measured any different.
  const changes = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/RESULTS.md", ":!bench/RUNS.md");
  const dirty = changes === "" ? "" : ", with uncommitted changes";
  return `${git("log", "-1", "--format=%h of %cs")} (branch ${git("rev-parse", "--abbrev-ref", "HEAD")}${dirty})`;
}

async function main() {
  const note = process.argv.includes("--note") ? process.argv[process.argv.indexOf("--note") + 1] : undefined;
  const started = now();
  const loadAtStart = os.loadavg()[0];
  const code = codeMeasured();
  checkNoopShape();
  // The demo preview comes last; a missing CLI should fail the run now, and building one (on a fresh machine) not overlap a measurement.
  const cli = await ensureCli();

  const rows: Row[] = [];
  for (const mix of Object.keys(MIXES) as Mix[]) rows.push(...(await measureMix(mix)));

  const scan = scanTimings();
  const registerPeak = await registerDecodingMB();
  const preview = await measurePreviews(cli);

  const at = (mix: Mix, size: number) => rows.find((r) => r.mix === mix && r.size === size)!;
  const growth = (mix: Mix, side: "pack" | "noop") => at(mix, 10_000)[side].median / at(mix, 1_000)[side].median;
  const phaseGrowth = (mix: Mix, part: "perResource" | "stack") =>
    phaseMedian(at(mix, 10_000).pairs, "pack", part) / phaseMedian(at(mix, 1_000).pairs, "pack", part);
  const memoryRatio = (mix: Mix) => at(mix, 10_000).memoryRatio.median;
  const peakMB = (mix: Mix, side: "pack" | "noop") => spreadOf(at(mix, 10_000).pairs.map((p) => p[side].peakMemoryMB)).median.toFixed(0);
  const scanGrowth = scan.get(30_000)! / scan.get(3_000)!;
  const lines = [
    `ratio at 10,000 resources: ${headline(at("mixed", 10_000))}`,
    `hub ratio at 10,000 resources: ${headline(at("hub", 10_000))}`,
    ...(["mixed", "hub"] as Mix[]).map(
      (mix) =>
        `${mix} per-resource path (Remediate + Analyze per resource) ratio at 10,000 resources: ${fixed(at(mix, 10_000).perResourceRatio.median)} ` +
        `(${describeSpread(at(mix, 10_000).perResourceRatio)}; analyzer CPU ratio ${fixed(at(mix, 10_000).perResourceCpuRatio.median)})`,
    ),
    ...(["mixed", "hub"] as Mix[]).map(
      (mix) =>
        `${mix} growth from 1,000 to 10,000 resources: ${fixed(growth(mix, "pack"))}x (per-resource path ${fixed(phaseGrowth(mix, "perResource"))}x, ` +
        `stack analysis ${fixed(phaseGrowth(mix, "stack"))}x; the no-op pack's, the runtime's own: ${fixed(growth(mix, "noop"))}x)`,
    ),
    ...(["mixed", "hub"] as Mix[]).map(
      (mix) =>
        `${mix} peak memory, one analysis of 10,000 resources in a fresh process: pack ${peakMB(mix, "pack")} MB, ` +
        `no-op pack ${peakMB(mix, "noop")} MB, ratio ${fixed(memoryRatio(mix))} (${describeSpread(at(mix, 10_000).memoryRatio)})`,
    ),
    `the runtime decoding the hub's 1,000-entry register, nothing analysed: no-op pack peak ${registerPeak.withRegister.toFixed(0)} MB ` +
      `configured with it, ${registerPeak.levelsOnly.toFixed(0)} MB with the levels only (median of 3 fresh processes each); ` +
      `in the pairs both packs are given it`,
    `scan of the 30,000-resource hub export: ${ms(scan.get(30_000)!)} (3,000 resources: ${ms(scan.get(3_000)!)}; growth ${scanGrowth.toFixed(2)}x)`,
    previewLine(preview),
  ];
  const verdicts = [
    ...(["mixed", "hub"] as Mix[]).flatMap((mix) => [
      verdict(`${mix} ratio`, at(mix, 10_000).ratio.median, TARGETS.ratio, "<="),
      verdict(`${mix} growth`, growth(mix, "pack"), TARGETS.growth, "<="),
      // The per-resource path, linear by nature, dominates a whole analysis and can hide a quadratic stack pass.
      verdict(`${mix} stack analysis growth`, phaseGrowth(mix, "stack"), TARGETS.growth, "<="),
      verdict(`${mix} memory ratio`, memoryRatio(mix), TARGETS.memoryRatio, "<="),
    ]),
    verdict("scan 30k (ms)", scan.get(30_000)!, TARGETS.scan30kMs, "<"),
    verdict("scan growth", scanGrowth, TARGETS.scanGrowth, "<="),
    previewVerdict(preview),
  ];
  const runTime = `bench run time: ${(since(started) / 60_000).toFixed(1)} min; load average (1 min) ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end, on ${os.cpus().length} cores`;
  for (const line of [...lines, `targets: ${verdicts.join("; ")}`, runTime]) console.log(line);
  writeResults(rows, lines, verdicts, runTime, code, note);
  recordRun(rows, preview, code, (since(started) / 60_000).toFixed(1), loadAtStart, note);
}

/** The figure, then its spread and the CPU cross-check, after it on the same line. */
function headline(row: Row): string {
  return `${fixed(row.ratio.median)} (${describeSpread(row.ratio)}; analyzer CPU ratio ${fixed(row.cpuRatio.median)})`;
}

function writeResults(
  rows: readonly Row[],
  lines: readonly string[],
  verdicts: readonly string[],
  runTime: string,
  code: string,
  note: string | undefined,
) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const table = rows
    .map(
      (r) =>
        `| ${r.mix} | ${count(r.size)} | ${r.pairs.length} | ${count(Math.round(r.pack.median))} | ${count(Math.round(r.noop.median))} | ` +
        `${fixed(r.ratio.median)} | ${fixed(r.ratio.min)}-${fixed(r.ratio.max)} | ${fixed(r.perResourceRatio.median)} | ` +
        `${fixed(r.cpuRatio.median)} | ${fixed(r.perResourceCpuRatio.median)} | ${fixed(r.memoryRatio.median)} | ${findingsSummary(r.pairs[0].pack.findings)} |`,
    )
    .join("\n");
  const text = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.
Code measured: ${code}.
${note ? `Note: ${note}\n` : ""}Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node.js ${process.versions.node}.
${runTime}.

## How it is measured

Both packs run in the real policy runtime (\`@pulumi/pulumi/cmd/run-policy-pack\`), driven over its gRPC
analyzer interface as the Pulumi engine drives two packs in one preview: for each resource, Remediate then
Analyze on each pack in turn, then one AnalyzeStack each. The no-op pack has the pack's shape (same
policies, levels and hooks; checked before measuring), each hook doing nothing, and is given the same
config, the register included (it reads none of it).

Stacks: **mixed**, a general stack, 4% ExpressRoute (circuits, Microsoft peerings, route filters, standalone
rules; some filters allow Microsoft 365 communities, half of those under an exception); **hub**, all
ExpressRoute: per site a route filter (with its resource ID, as in state), a standalone rule naming it by name
and resource group, a circuit, and a Microsoft peering naming the filter by the resource ID taken from the
filter's output (as \`routeFilter: { id: filter.id }\` does, so the engine records the dependency and every
peering links to its filter in the stack); 40% of the filters
allow Microsoft 365 communities and each has a register entry (1,000 entries at 10,000 resources) naming the
filter by Azure name, resource ID or URN; on purpose 5% of the entries are short (a mandatory finding),
2.5% too broad and 2.5% expiring (advisory findings).

A pair is one whole analysis by each pack, each in a fresh analyzer process as every preview starts one: per
resource the two packs in turn, the order alternating per resource; then the stack analyses in the order
A B B A, each pack's two calls averaged; which pack is A alternates between pairs, and the two sizes' pairs
are interleaved in one sequence. The ratio is the median of the pairs' ratios (pack / no-op wall time) with
their spread; the per-resource path ratio is the same for the Remediate + Analyze calls alone. CPU ratios
compare the analyzer processes' own CPU time (/proc) over the same calls: the harness's work, identical for
both, is left out, so they are the stricter figure and the one least disturbed by other processes. Other
processes on the machine (see the load average above) inflate absolute times; judge the ratios, which are
taken within a pair. Times are medians over the pairs (milliseconds). Growth is the pack's median at 10,000
over its median at 1,000. Peak memory is the high-water mark (VmHWM) of each pair's analyzer processes after
one whole analysis (read before the second stack analysis), its ratio paired like the times. The runtime's decoding of
a 1,000-entry register raises a process's peak on its own, whichever pack it is given to: a separate figure measures
it (the no-op pack configured with and without it, nothing analysed). The runs in bench/RUNS.md up to
2026-11-27 20:40 gave the no-op pack the levels only, so the pack's peak alone included that decoding. \`scan\` runs
the built command in a fresh process on a hub export without circuits (a third each filters, rules,
peerings; one register entry per filter allowing Microsoft 365 communities), median of up to
${SCAN_RUNS[3_000]} runs (3,000 resources) and ${SCAN_RUNS[30_000]} (30,000), fewer once a minute is spent.

The demo preview is the whole of what a user waits for: a real \`pulumi preview\` of demo/index.ts (six
resources), run as the e2e suites run programs: the CLI and Node.js language host from
scripts/ensure-pulumi.sh, the stand-in providers, a throw-away file backend, ts-node only transpiling. Three
kinds: with the pack and demo/policy-config.json (its exception on record lets the preview pass, as a team's
previews normally do), with the no-op pack given only the enforcement levels that file sets, and with no pack.
Each preview is a fresh \`pulumi\` process timed from start to exit, and must exit 0, list the pack it was
given and plan the same changes as the others. After one untimed round (cold caches), ${PREVIEW_ROUNDS} rounds of one
preview of each kind, the order rotating so that each kind comes first, second and third equally often. The
ratio is the median of the rounds' pack / no-op ratios; "pack / no pack" is the same against no pack, so it
includes starting the policy runtime at all. With six resources these are the pack's fixed costs in a
preview (starting it, loading its code and config, its first calls); the stacks above measure its cost per
resource.

## Figures

| stack | resources | pairs | pack (ms) | no-op (ms) | ratio | pair ratios min-max | per-resource ratio | CPU ratio | per-resource CPU ratio | memory ratio | findings of the pack |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${table}

${lines.map((l) => `- ${l}`).join("\n")}

Targets: ratio <= ${TARGETS.ratio} and growth <= ${TARGETS.growth}x for both stacks (of the whole analysis, and of the stack
analysis alone, which the per-resource path would otherwise hide); memory ratio <= ${TARGETS.memoryRatio};
scan of 30,000 resources < ${TARGETS.scan30kMs} ms and its growth from 3,000 <= ${TARGETS.scanGrowth}x; demo preview ratio
(pack / no-op) <= ${PREVIEW_RATIO_TARGET}.
Result: ${verdicts.join("; ")}.
`;
  writeFileSync(path.join(REPO_ROOT, "bench", "RESULTS.md"), text);
}

/**
 * One line per run in bench/RUNS.md: whether the figures are stable can only be seen across runs
 * (the target: three consecutive runs agree within 0.05).
 */
function recordRun(
  rows: readonly Row[],
  preview: PreviewFigures,
  code: string,
  minutes: string,
  loadAtStart: number,
  note: string | undefined,
) {
  const file = path.join(REPO_ROOT, "bench", "RUNS.md");
  if (!existsSync(file)) {
    writeFileSync(
      file,
      "# Benchmark runs\n\nOne line per `npm run bench` (ratios at 10,000 resources: median of the pair ratios [min-max]; CPU: analyzer CPU ratio; demo preview ratio: pack / no-op, median of the round ratios [min-max]; memory: peak memory ratio at 10,000 resources; the last two measured since they were added).\n\n" +
        "| date (UTC) | code | ratio | hub ratio | CPU | hub CPU | per-resource ratio, mixed / hub | minutes | load at start | note | demo preview ratio | memory ratio, mixed / hub |\n" +
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
  }
  const row = (mix: Mix) => rows.find((r) => r.mix === mix && r.size === 10_000)!;
  const ratio = (s: Spread) => `${fixed(s.median)} [${fixed(s.min)}-${fixed(s.max)}]`;
  const cells = [
    new Date().toISOString().slice(0, 16).replace("T", " "),
    code,
    ratio(row("mixed").ratio),
    ratio(row("hub").ratio),
    fixed(row("mixed").cpuRatio.median),
    fixed(row("hub").cpuRatio.median),
    `${fixed(row("mixed").perResourceRatio.median)} / ${fixed(row("hub").perResourceRatio.median)}`,
    minutes,
    loadAtStart.toFixed(1),
    note ?? "",
    ratio(preview.ratio),
    `${fixed(row("mixed").memoryRatio.median)} / ${fixed(row("hub").memoryRatio.median)}`,
  ];
  appendFileSync(file, `| ${cells.join(" | ")} |\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
