import { checkedResources, plural, resourceOf, ScanReport, tally } from "../report";

/** For a person at a terminal, laid out like the policy section of `pulumi preview`. */
export function formatText(report: ScanReport): string {
  const { mandatory, advisory, blocked } = tally(report);
  const mark = blocked ? "❌" : advisory > 0 ? "⚠️" : "✅";
  const sources = report.inputs.map((i) => `${i.kind} ${i.file}`).join(", ");
  const lines = ["Policies:", `    ${mark} ${report.tool.name}@v${report.tool.version} (${sources}; as of ${report.date})`];
  for (const finding of report.findings) {
    const resource = resourceOf(report, finding.urn)?.record;
    const subject = resource ? `  (${resource.type}: ${resource.name})` : "";
    lines.push(`        - [${finding.enforcementLevel}]  ${finding.policy.name}${subject}`);
    lines.push(`          ${finding.policy.description}`);
    for (const line of finding.message.split("\n")) lines.push(`          ${line}`);
  }
  const verdict = blocked ? "BLOCKED" : "passed";
  lines.push(
    "",
    `${verdict}: ${plural(mandatory, "mandatory finding")}, ${plural(advisory, "advisory finding")}; ` +
      `${plural(checkedResources(report).length, "ExpressRoute resource")} checked of ${plural(report.resources.length, "resource")}.`,
  );
  return lines.join("\n") + "\n";
}
