import { checkedResources, plural, resourceOf, ScanReport, tally } from "../report";

/** How the text report is shown: colour only on a terminal that wants it; quiet keeps only findings and the verdict. */
export interface TextStyle {
  readonly color: boolean;
  readonly quiet: boolean;
}

export const PLAIN: TextStyle = { color: false, quiet: false };

// SGR codes: bold red, yellow, bold green.
const RED = "1;31";
const YELLOW = "33";
const GREEN = "1;32";

/** For a person at a terminal, laid out like the policy section of `pulumi preview`. */
export function formatText(report: ScanReport, style: TextStyle = PLAIN): string {
  const paint = (code: string, text: string) => (style.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const { mandatory, advisory, blocked } = tally(report);
  const lines: string[] = [];
  if (!style.quiet) {
    const mark = blocked ? "❌" : advisory > 0 ? "⚠️" : "✅";
    const sources = report.inputs.map((i) => `${i.kind} ${i.file}`).join(", ");
    lines.push("Policies:", `    ${mark} ${report.tool.name}@v${report.tool.version} (${sources}; as of ${report.date})`);
  }
  for (const finding of report.findings) {
    const resource = resourceOf(report, finding.urn)?.record;
    const subject = resource ? `  (${resource.type}: ${resource.name})` : "";
    const level = paint(finding.enforcementLevel === "mandatory" ? RED : YELLOW, `[${finding.enforcementLevel}]`);
    lines.push(`        - ${level}  ${finding.policy.name}${subject}`);
    lines.push(`          ${finding.policy.description}`);
    for (const line of finding.message.split("\n")) lines.push(`          ${line}`);
  }
  if (lines.length > 0) lines.push("");
  const verdict = blocked ? paint(RED, "BLOCKED") : paint(GREEN, "passed");
  const accepted = report.acceptedRisks.length > 0 ? ` ${plural(report.acceptedRisks.length, "route filter")} passes under an exception.` : "";
  lines.push(
    `${verdict}: ${plural(mandatory, "mandatory finding")}, ${plural(advisory, "advisory finding")}; ` +
      `${plural(checkedResources(report).length, "ExpressRoute resource")} checked of ${plural(report.resources.length, "resource")}.${accepted}`,
  );
  return lines.join("\n") + "\n";
}
