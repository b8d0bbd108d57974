import { checkedResources, locationOf, resourceOf, ScanReport, tally } from "../report";

/**
 * The version of the JSON report's shape, described by schemas/report.schema.json. The major
 * number changes when a field is removed or changes meaning; the minor when one is added.
 */
export const REPORT_SCHEMA_VERSION = "1.0";

/** For scripts: every finding with its policy's metadata, the accepted risks, and the counts that decide the exit code. */
export function formatJson(report: ScanReport): string {
  const { mandatory, advisory, blocked } = tally(report);
  const findings = report.findings.map((finding) => ({
    policy: finding.policy.name,
    enforcementLevel: finding.enforcementLevel,
    severity: finding.policy.severity,
    urn: finding.urn ?? null,
    resourceType: finding.resourceType ?? null,
    resourceName: resourceOf(report, finding.urn)?.record.name ?? null,
    message: finding.message,
    location: locationOf(report, finding),
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
    location: locationOf(report, risk),
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
