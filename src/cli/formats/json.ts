import { checkedResources, locationOf, resourceOf, ScanReport, tally } from "../report";

/** For scripts: every finding with its policy's metadata, and the counts that decide the exit code. */
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
  const summary = {
    blocked,
    findings: report.findings.length,
    mandatory,
    advisory,
    resources: report.resources.length,
    expressRouteResources: checkedResources(report).length,
    policies: Object.fromEntries(
      report.policies.map(({ policy, level }) => [
        policy.name,
        { enforcementLevel: level, findings: report.findings.filter((f) => f.policy === policy).length },
      ]),
    ),
  };
  return JSON.stringify({ tool: report.tool, date: report.date, inputs: report.inputs, findings, summary }, null, 2) + "\n";
}
