import { locationOf, plural, ScanReport, subjectOf, tally, workspacePath } from "../report";

/**
 * GitHub Actions workflow commands: one `::error` (mandatory) or `::warning` (advisory) per
 * finding, which the runner turns into an annotation on the file and line of the resource in the
 * scanned input (a finding about the stack points at the config file). Needs no code scanning.
 */
export function formatGithub(report: ScanReport): string {
  const lines = report.findings.map((finding) => {
    const { file, line } = locationOf(report, finding);
    const properties = [
      `file=${property(workspacePath(file) ?? file)}`,
      ...(line ? [`line=${line}`] : []),
      `title=${property(`${finding.policy.name}: ${subjectOf(report, finding)}`)}`,
    ];
    const command = finding.enforcementLevel === "mandatory" ? "error" : "warning";
    return `::${command} ${properties.join(",")}::${data(finding.message)}`;
  });
  const { mandatory, advisory, blocked } = tally(report);
  lines.push(
    `${report.tool.name}: ${blocked ? "BLOCKED" : "passed"}, ${plural(mandatory, "mandatory finding")}, ${plural(advisory, "advisory finding")}`,
  );
  return lines.join("\n") + "\n";
}

// The runner reads a command up to the end of the line, and its properties up to "," and "::":
// these characters are written as percent escapes, which it decodes.
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
