import { styleText } from "util";
import { type Finding } from "../../core/evaluate";
import { MAIN_POLICY } from "../../core/register";
import {
  checkedResources,
  DEFAULT_RENDER,
  firstLine,
  locationOf,
  plural,
  type RenderContext,
  resourceOf,
  type ScanReport,
  shownLocation,
  tally,
} from "../report";

type Style = Parameters<typeof styleText>[0];

const MANDATORY: Style = ["bold", "red"];
const ADVISORY: Style = "yellow";
const PASSED: Style = ["bold", "green"];

/**
 * For a person at a terminal, laid out like the policy section of `pulumi preview` (level and
 * severity as it shows them), each finding with the program line that declares its resource;
 * compact: one line per finding, as a compiler writes it.
 */
export function formatText(report: ScanReport, context: RenderContext = DEFAULT_RENDER): string {
  // Whether to colour is decided by the caller (io.ts useColor), not by styleText looking at a stream.
  const paint = (style: Style, text: string) => (context.color ? styleText(style, text, { validateStream: false }) : text);
  const where = (about: { readonly urn?: string }) => shownLocation(locationOf(report, about, context.paths), context.paths);
  const level = (finding: Finding) =>
    `${paint(finding.enforcementLevel === "mandatory" ? MANDATORY : ADVISORY, `[${finding.enforcementLevel}]`)} [severity: ${finding.policy.severity}]`;
  const { mandatory, advisory, blocked } = tally(report);
  const lines: string[] = [];
  if (context.compact) {
    for (const finding of report.findings) {
      const resource = resourceOf(report, finding.urn)?.record;
      const subject = resource ? ` ${resource.name}` : "";
      lines.push(`${where(finding)}: ${level(finding)} ${finding.policy.name}${subject}: ${firstLine(finding.message)}`);
    }
  } else {
    if (!context.quiet) {
      const mark = blocked ? "❌" : advisory > 0 ? "⚠️" : "✅";
      const sources = report.inputs.map((i) => `${i.kind} ${i.file}`).join(", ");
      lines.push("Policies:", `    ${mark} ${report.tool.name}@v${report.tool.version} (${sources}; as of ${report.date})`);
    }
    for (const finding of report.findings) {
      const resource = resourceOf(report, finding.urn)?.record;
      const subject = resource ? `  (${resource.type}: ${resource.name})` : "";
      lines.push(`        - ${level(finding)}  ${finding.policy.name}${subject}`);
      lines.push(`          at ${where(finding)}`);
      lines.push(`          ${finding.policy.description}`);
      for (const line of finding.message.split("\n")) lines.push(`          ${line}`);
    }
  }
  // Which exception let each route filter pass, where a finding would otherwise be.
  if (!context.quiet) {
    for (const risk of report.acceptedRisks) {
      const because =
        `allows ${risk.communities.join(", ")} under exception ${risk.exception.id} ` +
        `(Microsoft authorization ${risk.exception.microsoftAuthorization}, expires ${risk.exception.expires})`;
      if (context.compact) lines.push(`${where(risk)}: [accepted] ${MAIN_POLICY} ${risk.filter}: ${because}`);
      else
        lines.push(
          `        - [accepted]  ${MAIN_POLICY}  (route filter ${risk.filter})`,
          `          at ${where(risk)}`,
          `          ${because}`,
        );
    }
  }
  if (lines.length > 0 && !context.compact) lines.push("");
  const verdict = blocked ? paint(MANDATORY, "BLOCKED") : paint(PASSED, "passed");
  const accepted =
    report.acceptedRisks.length > 0 ? ` ${plural(report.acceptedRisks.length, "route filter")} passes under an exception.` : "";
  lines.push(
    `${verdict}: ${plural(mandatory, "mandatory finding")}, ${plural(advisory, "advisory finding")}; ` +
      `${plural(checkedResources(report).length, "ExpressRoute resource")} checked of ${plural(report.resources.length, "resource")}.${accepted}`,
  );
  return lines.join("\n") + "\n";
}
