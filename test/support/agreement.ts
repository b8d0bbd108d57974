/** The pack in the real policy runtime and the scan engine, side by side on the same resources and config. */
import { evaluatePack } from "../../src/core/evaluate";
import { todayUtc } from "../../src/core/dates";
import { POLICIES } from "../../src/policies";
import { type PackConfig, type PolicyRuntime, type StackResource } from "../../harness/policy-runtime";
import { analysed, asRuntimeSees } from "./runtime-view";

/** Each side's findings as sorted `policy|level|urn|message` lines; the runtime puts a policy's description before its message. */
export async function packAndScan(
  runtime: PolicyRuntime,
  resources: readonly StackResource[],
  config: PackConfig,
): Promise<{ byPack: string[]; byScan: string[] }> {
  await runtime.configure(config);
  const byPack = (await runtime.analyzeAll(resources)).map((d) => `${d.policyName}|${d.enforcementLevel}|${d.urn}|${d.message}`);
  const byScan = evaluatePack(
    POLICIES,
    resources.map((r) => analysed(asRuntimeSees(r))),
    config,
    todayUtc(),
  ).map((f) => `${f.policy.name}|${f.enforcementLevel}|${f.urn ?? ""}|${f.policy.description}\n${f.message}`);
  return { byPack: byPack.sort(), byScan: byScan.sort() };
}
