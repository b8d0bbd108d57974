import {
  checkedResources,
  DEFAULT_RENDER,
  inputLocationOf,
  locationOf,
  type RenderContext,
  resourceOf,
  type ScanReport,
  tally,
} from "../report";

/**
 * The version of the JSON report's shape, described by schemas/report.schema.json. The major
 * number changes when a field is removed or changes meaning; the minor when one is added.
 * 1.1: `programLocation` and `sourcePosition`; input kind "preview summary".
 */
export const REPORT_SCHEMA_VERSION = "1.1";

/** For scripts: every finding with its policy's metadata, the accepted risks, and the counts that decide the exit code. */
export function formatJson(report: ScanReport, context: RenderContext = DEFAULT_RENDER): string {
  const { mandatory, advisory, blocked } = tally(report);
  // `location` stays the entry in the scanned file (or the config), as in 1.0; the program's line is added beside it.
  const where = (about: { readonly urn?: string }) => {
    const program = locationOf(report, about, context.paths);
    return {
      location: inputLocationOf(report, about),
      sourcePosition: resourceOf(report, about.urn)?.sourcePosition ?? null,
      programLocation:
        program.kind === "program"
          ? { file: program.file, line: program.line, ...(program.column ? { column: program.column } : {}) }
          : null,
    };
  };
  const findings = report.findings.map((finding) => ({
    policy: finding.policy.name,
    enforcementLevel: finding.enforcementLevel,
    severity: finding.policy.severity,
    urn: finding.urn ?? null,
    resourceType: finding.resourceType ?? null,
    resourceName: resourceOf(report, finding.urn)?.record.name ?? null,
    message: finding.message,
    ...where(finding),
  }));
  const acceptedRisks = report.acceptedRisks.map((risk) => ({
    urn: risk.urn,
    routeFilter: risk.filter,
    communities: risk.communities,
    exception: {
      id: risk.exception.id,
      microsoftAuthorization: risk.exception.microsoftAuthorization,
      approvedBy: risk.exception.approvedBy,
      expires: risk.exception.expires,
    },
    ...where(risk),
  }));
  const summary = {
    blocked,
    findings: report.findings.length,
    mandatory,
    advisory,
    acceptedRisks: report.acceptedRisks.length,
    resources: report.resources.length,
    expressRouteResources: checkedResources(report).length,
    policies: Object.fromEntries(
      report.policies.map(({ policy, level }) => [
        policy.name,
        { enforcementLevel: level, findings: report.findings.filter((f) => f.policy === policy).length },
      ]),
    ),
  };
  const doc = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: report.tool,
    date: report.date,
    inputs: report.inputs,
    configFile: report.configFile ?? null,
    findings,
    acceptedRisks,
    summary,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
