import { createHash } from "crypto";
import * as path from "path";
import { pathToFileURL } from "url";
import { EnforcementLevel } from "../../core/evaluate";
import { GuardPolicy } from "../../core/guard-policy";
import { firstLine, locationOf, resourceOf, ScanReport } from "../report";

// GitHub code scanning ranks alerts by this score: >= 9 critical, >= 7 high, >= 4 medium, else low.
const SECURITY_SEVERITY: Record<GuardPolicy["severity"], string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** SARIF 2.1.0 for code scanning: one rule per policy of the pack, one result per finding. */
export function formatSarif(report: ScanReport): string {
  const rules = report.policies.map(({ policy, level }) => ({
    id: policy.name,
    shortDescription: { text: policy.description },
    help: { text: policy.remediationSteps },
    helpUri: policy.url,
    defaultConfiguration: { enabled: level !== "disabled", level: sarifLevel(level) },
    properties: { tags: ["security", "azure", "expressroute"], severity: policy.severity, "security-severity": SECURITY_SEVERITY[policy.severity] },
  }));
  const results = report.findings.map((finding) => {
    const { file, line } = locationOf(report, finding);
    const resource = resourceOf(report, finding.urn);
    return {
      ruleId: finding.policy.name,
      ruleIndex: report.policies.findIndex((p) => p.policy === finding.policy),
      level: sarifLevel(finding.enforcementLevel),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: artifactUri(file) }, ...(line ? { region: { startLine: line } } : {}) },
          ...(finding.urn
            ? { logicalLocations: [{ fullyQualifiedName: finding.urn, name: resource?.record.name, kind: "resource" }] }
            : {}),
        },
      ],
      // Lets code scanning follow one alert across runs even when the message's details change.
      partialFingerprints: {
        "expressrouteM365Guard/v1": createHash("sha256")
          .update(`${finding.policy.name}\n${finding.urn ?? firstLine(finding.message)}`)
          .digest("hex"),
      },
    };
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: report.tool.name, version: report.tool.version, rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

function sarifLevel(level: EnforcementLevel): "error" | "warning" | "none" {
  if (level === "disabled") return "none";
  return level === "advisory" ? "warning" : "error";
}

/** Relative to the working directory (the repository root in CI), as code scanning expects; else a file URL. */
function artifactUri(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (relative.startsWith("..") || path.isAbsolute(relative)) return pathToFileURL(path.resolve(file)).href;
  return relative.split(path.sep).map(encodeURIComponent).join("/");
}
