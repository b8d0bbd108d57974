import {
  checkedResources,
  DEFAULT_RENDER,
  firstLine,
  locationOf,
  plural,
  type RenderContext,
  type ScanReport,
  STACK_SUBJECT,
  subjectOf,
  tally,
} from "../report";

/** A pull request comment: the verdict first, a table of findings with their program lines, the full messages folded away. */
export function formatMarkdown(report: ScanReport, context: RenderContext = DEFAULT_RENDER): string {
  // file:line relative to the repository root, as a reviewer finds it.
  const where = (about: { readonly urn?: string }) => {
    const { file, line } = locationOf(report, about, context.paths);
    return `\`${line ? `${file}:${line}` : file}\``;
  };
  const { mandatory, advisory, blocked } = tally(report);
  const heading = blocked
    ? `### ❌ ${report.tool.name}: deployment blocked`
    : advisory > 0
      ? `### ⚠️ ${report.tool.name}: passed with warnings`
      : `### ✅ ${report.tool.name}: no findings`;
  const sources = report.inputs.map((i) => `\`${i.file}\``).join(", ");
  const lines = [
    heading,
    "",
    `**${plural(mandatory, "mandatory finding")}**, ${plural(advisory, "advisory finding")} in ` +
      `${plural(checkedResources(report).length, "ExpressRoute resource")} of ${sources}, judged as of ${report.date}.`,
  ];
  if (report.acceptedRisks.length > 0) {
    lines.push("", "Accepted risk, under an exception of the register:", "");
    for (const risk of report.acceptedRisks) {
      lines.push(
        `- ${cell(risk.filter)} (${where(risk)}) allows ${risk.communities.join(", ")} under ${cell(risk.exception.id)} ` +
          `(Microsoft authorization ${cell(risk.exception.microsoftAuthorization)}, expires ${risk.exception.expires})`,
      );
    }
  }
  if (report.findings.length === 0) return lines.join("\n") + "\n";

  lines.push("", "| Level | Policy | Resource | Where | Finding |", "| --- | --- | --- | --- | --- |");
  for (const f of report.findings) {
    const level = f.enforcementLevel === "mandatory" ? "❌ mandatory" : "⚠️ advisory";
    lines.push(
      `| ${level} | \`${f.policy.name}\` | ${cell(subjectOf(report, f))} | ${where(f).replace(/\|/g, "\\|")} | ${cell(firstLine(f.message))} |`,
    );
  }
  lines.push("", "<details><summary>Full messages and remediation</summary>", "");
  for (const f of report.findings) {
    const subject = f.urn === undefined ? STACK_SUBJECT : subjectOf(report, f);
    lines.push(
      `#### \`${f.policy.name}\` on ${cell(subject)}`,
      "",
      fence(f.message),
      "",
      `Remediation: ${f.policy.remediationSteps} (${f.policy.url})`,
      "",
    );
  }
  lines.push("</details>");
  return lines.join("\n") + "\n";
}

/** A table cell holds one line; a pipe would end the cell and markup would be read as markup. */
function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[<>*_`[\]]/g, (c) => `\\${c}`)
    .replace(/\s+/g, " ");
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marks = "`".repeat(longest + 1);
  return `${marks}text\n${text}\n${marks}`;
}
