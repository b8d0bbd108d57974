import { type Finding } from "../../core/evaluate";
import { DEFAULT_RENDER, locationOf, plural, type RenderContext, type ScanReport, subjectOf, tally } from "../report";

/**
 * GitHub Actions workflow commands: one `::error` (mandatory) or `::warning` (advisory) per
 * finding, which the runner turns into an annotation on the line of the program that declares the
 * resource (else its entry in the scanned file; a finding about the stack points at the config file).
 * The runner shows at most `maxAnnotations` of each kind per step: past that, the last one shown says
 * how many more there are. Needs no code scanning.
 */
export function formatGithub(report: ScanReport, context: RenderContext = DEFAULT_RENDER): string {
  const lines: string[] = [];
  for (const command of ["error", "warning"] as const) {
    const level = command === "error" ? "mandatory" : "advisory";
    const findings = report.findings.filter((f) => f.enforcementLevel === level);
    const cap = Math.max(1, context.maxAnnotations);
    const shown = findings.length > cap ? findings.slice(0, cap - 1) : findings;
    for (const finding of shown) lines.push(annotation(report, finding, command, context));
    const more = findings.length - shown.length;
    if (more > 0) {
      lines.push(
        `::${command} title=${property(`${report.tool.name}: ${plural(more, `more ${level} finding`)}`)}::` +
          data(
            `GitHub shows ${cap} annotations of a kind per step: ${plural(more, `more ${level} finding`)} are in the job summary and the SARIF report.`,
          ),
      );
    }
  }
  const { mandatory, advisory, blocked } = tally(report);
  lines.push(
    `${report.tool.name}: ${blocked ? "BLOCKED" : "passed"}, ${plural(mandatory, "mandatory finding")}, ${plural(advisory, "advisory finding")}`,
  );
  return lines.join("\n") + "\n";
}

function annotation(report: ScanReport, finding: Finding, command: "error" | "warning", context: RenderContext): string {
  const { file, line, column } = locationOf(report, finding, context.paths);
  const properties = [
    `file=${property(file)}`,
    ...(line ? [`line=${line}`] : []),
    ...(line && column ? [`col=${column}`] : []),
    `title=${property(`${finding.policy.name}: ${subjectOf(report, finding)}`)}`,
  ];
  return `::${command} ${properties.join(",")}::${data(finding.message)}`;
}

// The runner reads a command up to the end of the line, and its properties up to "," and "::":
// these characters are written as percent escapes, which it decodes (as @actions/core does).
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
