import { factsOf } from "../adapters";
import { type AcceptedRisk, acceptedRisks } from "../core/accepted-risk";
import { evaluatePack, type Finding, levelOf, optionsOf } from "../core/evaluate";
import { readSettings } from "../core/settings";
import { buildStack } from "../core/stack";
import { PACK, POLICIES, REGISTER_OWNER } from "../policies";
import { environmentsWarnings, loadPackConfig, type LoadedConfig, nativeExceptionMessage } from "./config";
import { readAzureEstate } from "./azure-estate";
import { CliError } from "./errors";
import { readInput } from "./inputs";
import { packageInfo } from "./package-info";
import { type ScanReport } from "./report";

export interface ScanRequest {
  readonly files: readonly string[];
  readonly configFile?: string;
  readonly date: string;
  /** The files are Azure's own JSON (`scan --azure`): together, one estate. */
  readonly azure?: boolean;
}

/**
 * Runs the pack over each input as stack analysis would over that stack: each file is one stack,
 * so a peering in one is never linked to a filter in another. What the files share (the config's
 * own findings) is reported once.
 */
export function scan(request: ScanRequest): { report: ScanReport; notes: string[] } {
  const loaded = loadPackConfig(request.configFile);
  const problems = loaded.problems;
  if (problems.length > 0) throw new CliError(firstProblem(problems, request.configFile!));
  const inputs = request.azure ? [readAzureEstate(request.files)] : request.files.map(readInput);

  const findings: Finding[] = [...nativeExceptionFindings(loaded)];
  const accepted: AcceptedRisk[] = [];
  const seen = new Set<string>();
  const firstTime = (...key: unknown[]) => {
    const text = JSON.stringify(key);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  };
  // A disabled register owner (the main policy) takes the register out of force: then nothing is accepted either.
  const settings =
    levelOf(loaded.policies, REGISTER_OWNER) === "disabled"
      ? undefined
      : readSettings(REGISTER_OWNER, optionsOf(loaded.policies, REGISTER_OWNER.name));
  for (const input of inputs) {
    const resources = input.resources.map(({ record }) => ({
      resource: { urn: record.urn, name: record.name, type: record.type },
      facts: factsOf(record),
    }));
    for (const finding of evaluatePack(POLICIES, resources, loaded.policies, request.date)) {
      if (firstTime(finding.policy.name, finding.urn, finding.message)) findings.push(finding);
    }
    if (!settings) continue;
    for (const risk of acceptedRisks(buildStack(resources.flatMap((r) => r.facts)), settings, request.date)) {
      // One resource (a template deployment) may make several filters: each is listed.
      if (firstTime("accepted", risk.urn, risk.property, risk.exception.id)) accepted.push(risk);
    }
  }
  return {
    report: {
      tool: { name: PACK.name, ...packageInfo() },
      date: request.date,
      inputs: inputs.map(({ file, kind }) => ({ file, kind })),
      configFile: request.configFile,
      resources: inputs.flatMap((i) => i.resources),
      policies: POLICIES.map((policy) => ({ policy, level: levelOf(loaded.policies, policy) })),
      findings,
      acceptedRisks: accepted,
    },
    notes: [...environmentsWarnings(loaded, request.configFile ?? ""), ...inputs.flatMap((i) => i.notes)],
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
