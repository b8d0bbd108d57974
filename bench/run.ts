/**
 * `npm run bench`: the pack against a no-op pack of the same shape, both driven through the real
 * policy runtime (run-policy-pack over gRPC, as the engine drives it): per-resource analysis of
 * every resource, then one stack analysis. Alternates the two packs, repeats, reports medians.
 */
import { execFileSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { PACK_DIR, PackConfig, PolicyRuntime, REPO_ROOT, StackResource } from "../test/support/policy-runtime";
import { syntheticStack } from "./synthetic";

const NOOP_DIR = path.join(REPO_ROOT, "bench", "noop-pack");
const SIZES = [100, 1_000, 10_000];
const REPETITIONS: Record<number, number> = { 100: 7, 1_000: 5, 10_000: 5 };
const TARGETS = { ratioAt10k: 1.1, growth1kTo10k: 12, peakMemoryMB: 300 };

interface Sample {
  readonly pack: number;
  readonly noop: number;
}

async function analyseAll(runtime: PolicyRuntime, resources: StackResource[]): Promise<number> {
  const start = process.hrtime.bigint();
  for (const resource of resources) await runtime.analyze(resource);
  await runtime.analyzeStack(resources);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function peakMemoryMB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function peakMemoryOfOneAnalysis(dir: string, resources: StackResource[], config: PackConfig): Promise<number> {
  const runtime = await PolicyRuntime.start(dir);
  try {
    await runtime.configure(config);
    await analyseAll(runtime, resources);
    return peakMemoryMB(runtime.pid);
  } finally {
    await runtime.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const pack = await PolicyRuntime.start(PACK_DIR);
  const noop = await PolicyRuntime.start(NOOP_DIR);
  const rows: { size: number; pack: number; noop: number; ratio: number; findings: number }[] = [];
  for (const size of SIZES) {
    const { resources, config } = syntheticStack(size);
    await pack.configure(config);
    await noop.configure({});
    const findings = (await pack.analyzeStack(resources)).length;
    await analyseAll(noop, resources); // warm-up, both sides
    await analyseAll(pack, resources);
    const samples: Sample[] = [];
    for (let r = 0; r < REPETITIONS[size]; r++) {
      // Alternate which goes first so neither always runs on a warmer machine.
      if (r % 2 === 0) samples.push({ pack: await analyseAll(pack, resources), noop: await analyseAll(noop, resources) });
      else {
        const noopMs = await analyseAll(noop, resources);
        samples.push({ pack: await analyseAll(pack, resources), noop: noopMs });
      }
    }
    const row = { size, pack: median(samples.map((s) => s.pack)), noop: median(samples.map((s) => s.noop)), ratio: 0, findings };
    row.ratio = row.pack / row.noop;
    rows.push(row);
    console.log(`${size} resources: pack ${row.pack.toFixed(1)} ms, no-op ${row.noop.toFixed(1)} ms, ratio ${row.ratio.toFixed(2)} (${findings} findings, ${REPETITIONS[size]} repetitions)`);
  }
  await pack.close();
  await noop.close();
  // In fresh processes: after a long run the high-water mark mostly shows how lazily V8 collected.
  const { resources, config } = syntheticStack(10_000);
  const memory = await peakMemoryOfOneAnalysis(PACK_DIR, resources, config);
  const noopMemory = await peakMemoryOfOneAnalysis(NOOP_DIR, resources, {});

  const at = (size: number) => rows.find((r) => r.size === size)!;
  const ratio = at(10_000).ratio;
  const growth = at(10_000).pack / at(1_000).pack;
  const scan = scanTiming();
  const lines = [
    `ratio at 10,000 resources: ${ratio.toFixed(2)}`,
    `growth from 1,000 to 10,000 resources: ${growth.toFixed(2)}x (target <= ${TARGETS.growth1kTo10k}x)`,
    `peak memory of the pack's process, one analysis of 10,000 resources: ${memory.toFixed(0)} MB (no-op pack: ${noopMemory.toFixed(0)} MB; target < ${TARGETS.peakMemoryMB} MB)`,
    scan,
  ];
  for (const line of lines) console.log(line);
  const verdict = [
    ratio <= TARGETS.ratioAt10k ? "ratio: met" : `ratio: MISSED (${ratio.toFixed(2)} > ${TARGETS.ratioAt10k})`,
    growth <= TARGETS.growth1kTo10k ? "growth: met" : "growth: MISSED",
    memory < TARGETS.peakMemoryMB ? "memory: met" : `memory: MISSED (as is the no-op pack's: ${noopMemory.toFixed(0)} MB)`,
  ].join(", ");
  console.log(verdict);
  writeResults(rows, lines, verdict);
}

/** `scan` over a 10,000-resource stack export, when the command is built (target < 2 s). */
function scanTiming(): string {
  const cli = path.join(REPO_ROOT, "dist", "src", "cli", "main.js");
  const { resources, config } = syntheticStack(10_000);
  const dir = os.tmpdir();
  const exportFile = path.join(dir, "er-guard-bench-export.json");
  const configFile = path.join(dir, "er-guard-bench-config.json");
  writeFileSync(
    exportFile,
    JSON.stringify({
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
    }),
  );
  writeFileSync(configFile, JSON.stringify(config));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, [cli, "scan", exportFile, "--config", configFile, "--format", "json"], { stdio: "pipe" });
    } catch (e) {
      // Exit code 1 means mandatory findings, which this stack has on purpose.
      if ((e as { status?: number }).status !== 1) throw e;
    }
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return `scan of a 10,000-resource stack export: median ${median(times).toFixed(0)} ms over 5 runs (target < 2000 ms)`;
}

function writeResults(rows: { size: number; pack: number; noop: number; ratio: number; findings: number }[], lines: string[], verdict: string) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const table = rows
    .map((r) => `| ${r.size.toLocaleString("en")} | ${r.pack.toFixed(1)} | ${r.noop.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.findings} |`)
    .join("\n");
  const text = `# Benchmark results

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.
Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node.js ${process.versions.node}.

Both packs run in the real policy runtime (\`@pulumi/pulumi/cmd/run-policy-pack\`), driven over its gRPC
analyzer interface as the Pulumi engine drives it: one per-resource analysis per resource, then one stack
analysis. The no-op pack has the same policies (names, kinds, levels), each doing nothing. Times are the
median wall time of one whole analysis (milliseconds), the two packs alternating. Peak memory is the
high-water mark (VmHWM) of a fresh pack process after one analysis; the runtime gives each stack policy
its own deserialized copy of every resource, so the no-op pack's figure is the runtime's cost alone.

| resources | pack (ms) | no-op pack (ms) | ratio | findings |
| --- | --- | --- | --- | --- |
${table}

${lines.map((l) => `- ${l}`).join("\n")}

Targets: ratio <= ${TARGETS.ratioAt10k} at 10,000 resources; growth from 1,000 to 10,000 <= ${TARGETS.growth1kTo10k}x; peak memory < ${TARGETS.peakMemoryMB} MB; scan < 2 s. Result: ${verdict}.
`;
  writeFileSync(path.join(REPO_ROOT, "bench", "RESULTS.md"), text);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
