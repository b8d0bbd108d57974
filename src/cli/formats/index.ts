/**
 * The report formats: one list that the option parser, the help, docs/cli.md (checked by a test)
 * and the writers all read. Each is a pure function of the report.
 */
import { type RenderContext, type ScanReport } from "../report";
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
  /** Whether the report states the verdict in words a person reads in a log (so that it need not be said again). */
  readonly statesVerdict: boolean;
}

export const FORMATS: readonly Format[] = [
  { name: "text", purpose: "a person at a terminal (the default): findings, then the verdict", render: formatText, statesVerdict: true },
  {
    name: "json",
    purpose: "scripts: findings, accepted risks and counts, versioned (schemas/report.schema.json)",
    render: formatJson,
    statesVerdict: false,
  },
  {
    name: "sarif",
    purpose: "code scanning: SARIF 2.1.0 at the program lines, accepted risks as suppressed results (see --sarif-accepted-risks)",
    render: formatSarif,
    statesVerdict: false,
  },
  {
    name: "junit",
    purpose: "test result views: mandatory = failure, advisory = skipped with its message",
    render: formatJunit,
    statesVerdict: false,
  },
  { name: "markdown", purpose: "a pull request comment or a job summary", render: formatMarkdown, statesVerdict: true },
  {
    name: "github",
    purpose: "GitHub Actions annotations on the program lines: one ::error or ::warning per finding, 10 of each at most",
    render: formatGithub,
    statesVerdict: true,
  },
];

export const FORMAT_NAMES: readonly string[] = FORMATS.map((f) => f.name);

export function formatNamed(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}
