import { POLICIES } from "../../policies/all";
import { evaluatePack, Finding, levelOf } from "../core/evaluate";
import { loadPackConfig } from "./config";
import { CliError } from "./errors";
import { readInput } from "./inputs";
import { packageVersion } from "./package-info";
import { ScanReport } from "./report";

export interface ScanRequest {
  readonly files: readonly string[];
  readonly configFile?: string;
  readonly date: string;
}

/**
 * Runs the pack over each input as stack analysis would over that stack: each file is one stack,
 * so a peering in one is never linked to a filter in another. What the files share (the register's
 * own findings) is reported once.
 */
export function scan(request: ScanRequest): { report: ScanReport; notes: string[] } {
  const { config, problems } = loadPackConfig(request.configFile);
  if (problems.length > 0) throw new CliError(firstProblem(problems, request.configFile!));
  const inputs = request.files.map(readInput);

  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    for (const finding of evaluatePack(POLICIES, input.resources.map((r) => r.record), config, request.date)) {
      const key = JSON.stringify([finding.policy.name, finding.urn, finding.message]);
      if (!seen.has(key)) findings.push(finding);
      seen.add(key);
    }
  }
  return {
    report: {
      date: request.date,
      toolVersion: packageVersion(),
      inputs: inputs.map(({ file, kind }) => ({ file, kind })),
      configFile: request.configFile,
      resources: inputs.flatMap((i) => i.resources),
      policies: POLICIES.map((policy) => ({ policy, level: levelOf(config, policy) })),
      findings,
    },
    notes: inputs.flatMap((i) => i.notes),
  };
}

/** One line, as a CI log shows best; `exceptions check` lists them all. */
export function firstProblem(problems: readonly string[], configFile: string): string {
  const more = problems.length - 1;
  return more === 0
    ? problems[0]
    : `${problems[0]} (and ${more} more; \`expressroute-m365-guard exceptions check ${configFile}\` lists them all)`;
}
