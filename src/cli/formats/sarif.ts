import { createHash } from "crypto";
import * as path from "path";
import { pathToFileURL } from "url";
import { type AcceptedRisk } from "../../core/accepted-risk";
import { type EnforcementLevel } from "../../core/evaluate";
import { type GuardPolicy } from "../../core/guard-policy";
import * as catalogSources from "../../core/sources";
import { type Source } from "../../core/sources";
import { DEFAULT_RENDER, firstLine, locationOf, type RenderContext, resourceOf, type ScanReport } from "../report";

// GitHub code scanning ranks alerts by this score: >= 9 critical, >= 7 high, >= 4 medium, else low.
const SECURITY_SEVERITY: Record<GuardPolicy["severity"], string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

// Where the pack's facts about Microsoft's communities come from, for every rule's help.
const SOURCES: readonly Source[] = Object.values(catalogSources);

/**
 * SARIF 2.1.0 for code scanning: one rule per policy of the pack, one result per finding located at
 * the program line that declares the resource, and (with sarifAcceptedRisks "include") one
 * suppressed result per route filter an exception lets through, so that a tool that honours SARIF
 * suppressions shows the accepted risk as accepted (and the alert reopens under the same fingerprint
 * once the exception no longer covers it). GitHub code scanning does not honour them: there each
 * would be an open alert, hence "omit" in what the Action uploads.
 */
export function formatSarif(report: ScanReport, context: RenderContext = DEFAULT_RENDER): string {
  const rules = report.policies.map(({ policy, level }) => ({
    id: policy.name,
    name: policy.displayName,
    shortDescription: { text: policy.displayName },
    fullDescription: { text: policy.description },
    help: { text: helpText(policy), markdown: helpMarkdown(policy) },
    helpUri: policy.url,
    defaultConfiguration: { enabled: level !== "disabled", level: sarifLevel(level) },
    properties: {
      tags: ["security", ...policy.tags],
      severity: policy.severity,
      "security-severity": SECURITY_SEVERITY[policy.severity],
      sources: SOURCES,
    },
  }));
  const ruleIndex = (name: string) => report.policies.findIndex((p) => p.policy.name === name);
  const findings = report.findings.map((finding) => ({
    ruleId: finding.policy.name,
    ruleIndex: ruleIndex(finding.policy.name),
    level: sarifLevel(finding.enforcementLevel),
    message: { text: finding.message },
    locations: [location(report, finding.urn, context)],
    partialFingerprints: fingerprint(finding.policy.name, finding.urn ?? firstLine(finding.message)),
  }));
  // Accepted risks are the register owner's: what it lets through because an exception covers it.
  const owner = report.policies.find((p) => p.policy.register === "owns")!;
  const accepted = (context.sarifAcceptedRisks === "omit" ? [] : report.acceptedRisks).map((risk) => ({
    ruleId: owner.policy.name,
    ruleIndex: ruleIndex(owner.policy.name),
    level: sarifLevel(owner.level),
    message: { text: acceptedMessage(risk) },
    locations: [location(report, risk.urn, context)],
    // The fingerprint a finding on this filter has: the alert is the same one, accepted or not.
    partialFingerprints: fingerprint(owner.policy.name, risk.urn),
    suppressions: [
      {
        kind: "external",
        status: "accepted",
        justification:
          `Exception ${risk.exception.id} of the register, under Microsoft's authorization ${risk.exception.microsoftAuthorization}; ` +
          `approved by ${risk.exception.approvedBy.join(", ")}; holds through ${risk.exception.expires}.`,
      },
    ],
  }));
  const driver = {
    name: report.tool.name,
    version: report.tool.version,
    semanticVersion: report.tool.version,
    ...(report.tool.informationUri ? { informationUri: report.tool.informationUri } : {}),
    rules,
  };
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver }, results: [...findings, ...accepted] }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

function acceptedMessage(risk: AcceptedRisk): string {
  return (
    `Route filter ${risk.filter} allows Microsoft 365 communities ${risk.communities.join(", ")} under exception ` +
    `${risk.exception.id} (Microsoft authorization ${risk.exception.microsoftAuthorization}, expires ${risk.exception.expires}).`
  );
}

function location(report: ScanReport, urn: string | undefined, context: RenderContext) {
  const { file, line, column } = locationOf(report, { urn }, context.paths);
  const resource = resourceOf(report, urn);
  const region = line ? { region: { startLine: line, ...(column ? { startColumn: column } : {}) } } : {};
  return {
    physicalLocation: { artifactLocation: { uri: artifactUri(file) }, ...region },
    ...(urn ? { logicalLocations: [{ fullyQualifiedName: urn, name: resource?.record.name, kind: "resource" }] } : {}),
  };
}

/** Lets code scanning follow one alert across runs even when the message's details change. */
function fingerprint(policy: string, subject: string): Record<string, string> {
  return { "expressrouteM365Guard/v1": createHash("sha256").update(`${policy}\n${subject}`).digest("hex") };
}

function helpText(policy: GuardPolicy): string {
  return [
    policy.description,
    `Remediation: ${policy.remediationSteps}`,
    `See ${policy.url}`,
    "Facts about Microsoft's communities come from:",
    ...SOURCES.map((s) => `- ${s.document} (${s.url}, read ${s.read})`),
  ].join("\n");
}

function helpMarkdown(policy: GuardPolicy): string {
  return [
    `**${policy.displayName}**`,
    "",
    policy.description,
    "",
    `**Remediation:** ${policy.remediationSteps}`,
    "",
    `See [${policy.url}](${policy.url}).`,
    "",
    "Facts about Microsoft's communities come from:",
    "",
    ...SOURCES.map((s) => `- [${s.document}](${s.url}), read ${s.read}`),
  ].join("\n");
}

function sarifLevel(level: EnforcementLevel): "error" | "warning" | "none" {
  if (level === "disabled") return "none";
  return level === "advisory" ? "warning" : "error";
}

/** Relative to the repository root, as code scanning expects; else a file URL. */
function artifactUri(file: string): string {
  return path.isAbsolute(file) ? pathToFileURL(file).href : file.split("/").map(encodeURIComponent).join("/");
}
