import { factsOf } from "../adapters";
import { evaluatePack, Finding, levelOf } from "../core/evaluate";
import { PACK, POLICIES } from "../policies";
import { loadPackConfig, LoadedConfig, nativeExceptionMessage } from "./config";
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
 * so a peering in one is never linked to a filter in another. What the files share (the config's
 * own findings) is reported once.
 */
export function scan(request: ScanRequest): { report: ScanReport; notes: string[] } {
  const loaded = loadPackConfig(request.configFile);
  if (loaded.problems.length > 0) throw new CliError(firstProblem(loaded.problems, request.configFile!));
  const inputs = request.files.map(readInput);

  const findings: Finding[] = [...nativeExceptionFindings(loaded)];
  const seen = new Set<string>();
  for (const input of inputs) {
    const resources = input.resources.map(({ record }) => ({
      resource: { urn: record.urn, name: record.name, type: record.type },
      facts: factsOf(record),
    }));
    for (const finding of evaluatePack(POLICIES, resources, loaded.policies, request.date)) {
      const key = JSON.stringify([finding.policy.name, finding.urn, finding.message]);
      if (!seen.has(key)) findings.push(finding);
      seen.add(key);
    }
  }
  return {
    report: {
      tool: { name: PACK.name, version: packageVersion() },
      date: request.date,
      inputs: inputs.map(({ file, kind }) => ({ file, kind })),
      configFile: request.configFile,
      resources: inputs.flatMap((i) => i.resources),
      policies: POLICIES.map((policy) => ({ policy, level: levelOf(loaded.policies, policy) })),
      findings,
    },
    notes: inputs.flatMap((i) => i.notes),
  };
}

/** Native exceptions naming this pack's policies: mandatory whatever the policy's level, since they bypass the register. */
export function nativeExceptionFindings(loaded: LoadedConfig): Finding[] {
  return loaded.nativeExceptions.flatMap((exception) =>
    exception.policies.map((name) => ({
      policy: POLICIES.find((p) => p.name === name)!,
      enforcementLevel: "mandatory" as const,
      message: nativeExceptionMessage(exception, name),
    })),
  );
}

/** One line, as a CI log shows best; `exceptions check` lists them all. */
export function firstProblem(problems: readonly string[], configFile: string): string {
  const more = problems.length - 1;
  return more === 0
    ? problems[0]
    : `${problems[0]} (and ${more} more; \`expressroute-m365-guard exceptions check ${configFile}\` lists them all)`;
}
