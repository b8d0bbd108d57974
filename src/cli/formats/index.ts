/**
 * The report formats: one list that the option parser, the help, docs/cli.md (checked by a test)
 * and the writers all read. Each is a pure function of the report.
 */
import { RenderContext, ScanReport } from "../report";
import { formatGithub } from "./github";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatSarif } from "./sarif";
import { formatText } from "./text";

export interface Format {
  readonly name: string;
  /** Who reads it, for the help. */
  readonly purpose: string;
  readonly render: (report: ScanReport, context: RenderContext) => string;
}

export const FORMATS: readonly Format[] = [
  { name: "text", purpose: "a person at a terminal (the default): findings, then the verdict", render: formatText },
  { name: "json", purpose: "scripts: findings, accepted risks and counts, versioned (schemas/report.schema.json)", render: formatJson },
  { name: "sarif", purpose: "code scanning: SARIF 2.1.0 at the program lines, accepted risks as suppressed results (see --sarif-accepted-risks)", render: formatSarif },
  { name: "junit", purpose: "test result views: mandatory = failure, advisory = skipped with its message", render: formatJunit },
  { name: "markdown", purpose: "a pull request comment or a job summary", render: formatMarkdown },
  { name: "github", purpose: "GitHub Actions annotations on the program lines: one ::error or ::warning per finding, 10 of each at most", render: formatGithub },
];

export const FORMAT_NAMES: readonly string[] = FORMATS.map((f) => f.name);

export function formatNamed(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}
