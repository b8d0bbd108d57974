/** What a scan found, in the terms every output format shares. */
import * as path from "path";
import { isCoveredType } from "../adapters";
import { type AcceptedRisk } from "../core/accepted-risk";
import { type EnforcementLevel, type Finding } from "../core/evaluate";
import { type GuardPolicy } from "../core/guard-policy";
import { type InputKind, type ScannedResource } from "./inputs";

export interface ScanReport {
  /** What produced the report, for every format to name. */
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri?: string };
  /** YYYY-MM-DD the expiry decisions were made for. */
  readonly date: string;
  readonly inputs: readonly { readonly file: string; readonly kind: InputKind }[];
  readonly configFile?: string;
  readonly resources: readonly ScannedResource[];
  /** Every policy of the pack with the level the config gives it. */
  readonly policies: readonly { readonly policy: GuardPolicy; readonly level: EnforcementLevel }[];
  readonly findings: readonly Finding[];
  /** Route filters allowed Microsoft 365 communities by an exception of the register: no finding, but recorded. */
  readonly acceptedRisks: readonly AcceptedRisk[];
}

export interface Tally {
  readonly mandatory: number;
  readonly advisory: number;
  /** A mandatory finding stops `pulumi up`, so it fails the scan too. */
  readonly blocked: boolean;
}

export function tally(report: ScanReport): Tally {
  const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory").length;
  return { mandatory, advisory: report.findings.length - mandatory, blocked: mandatory > 0 };
}

/** The resources the pack reads (route filters, their rules, circuits and peerings). */
export function checkedResources(report: ScanReport): ScannedResource[] {
  return report.resources.filter((r) => isCoveredType(r.record.type));
}

// Each report's resources by URN, built once: every finding of every format looks its resource up.
const byUrn = new WeakMap<ScanReport, Map<string, ScannedResource>>();

export function resourceOf(report: ScanReport, urn: string | undefined): ScannedResource | undefined {
  if (urn === undefined) return undefined;
  let index = byUrn.get(report);
  if (!index) {
    index = new Map();
    // The first of a URN wins, as a search in order would find it.
    for (const r of report.resources) if (!index.has(r.record.urn)) index.set(r.record.urn, r);
    byUrn.set(report, index);
  }
  return index.get(urn);
}

/**
 * Where a finding (or an accepted risk) is written in the scanned files: its resource's line in the
 * export or stream; a finding about the stack or the register points at the config file (where the
 * register is written), else the first input. Paths as given on the command line.
 */
export function inputLocationOf(report: ScanReport, about: { readonly urn?: string }): { file: string; line?: number } {
  const resource = resourceOf(report, about.urn);
  if (resource) return { file: resource.file, line: resource.line };
  return { file: report.configFile ?? report.inputs[0].file };
}

/**
 * Where files are, so that formats can name them as CI tools want without asking the process: all
 * absolute, except `sourceRoot`.
 */
export interface Paths {
  /** The directory relative paths of the command line are relative to. */
  readonly cwd: string;
  /** The repository root: SARIF, annotations and Markdown name files relative to it. */
  readonly repoRoot: string;
  /** The Pulumi project's directory relative to the repository root ("" for the root): where `project:///` starts. */
  readonly sourceRoot: string;
}

/** Paths for a report whose relative paths are already relative to the repository root `/`. */
export const ROOT_PATHS: Paths = { cwd: "/", repoRoot: "/", sourceRoot: "" };

export interface Location {
  /** Relative to the repository root, with forward slashes; absolute when the file lies outside it. */
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** program: the line that declares the resource; input: its entry in the scanned file; config: the register's file. */
  readonly kind: "program" | "input" | "config";
}

/**
 * Where to point a person or a CI tool: the line of the program that declares the resource (for a
 * filter made by a template or AzAPI, the declaration of that resource), as Pulumi recorded it;
 * else the resource's entry in the scanned file; else the config file.
 */
export function locationOf(report: ScanReport, about: { readonly urn?: string }, paths: Paths): Location {
  const resource = resourceOf(report, about.urn);
  const program = resource?.sourcePosition === undefined ? undefined : programLocation(resource.sourcePosition, paths);
  if (program) return program;
  const { file, line } = inputLocationOf(report, about);
  return { file: repoPath(file, paths), ...(line ? { line } : {}), kind: resource ? "input" : "config" };
}

/**
 * `project:///src/filters.ts#42,7`: a path relative to the project directory, then line and column
 * (pkg/resource/deploy/source_eval.go, parseSourcePosition). Read by hand, not as a URL: a URL parser
 * would drop the `..` of a file outside the project. A file outside the repository is no line CI can
 * show (the YAML host records its own interpreter's source there): none.
 */
export function programLocation(position: string, paths: Paths): Location | undefined {
  const match = /^project:\/\/(\/[^#?]*)#(\d+)(?:,(\d+))?$/.exec(position);
  if (!match || Number(match[2]) < 1) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(match[1]).slice(1);
  } catch {
    return undefined;
  }
  const file = path.posix.normalize(path.posix.join(paths.sourceRoot.split(path.sep).join("/") || ".", relative));
  if (file === ".." || file.startsWith("../")) return undefined;
  return {
    file,
    line: Number(match[2]),
    ...(match[3] && Number(match[3]) > 0 ? { column: Number(match[3]) } : {}),
    kind: "program",
  };
}

/** A file named on the command line, relative to the repository root with forward slashes; absolute when outside it. */
export function repoPath(file: string, paths: Paths): string {
  const absolute = path.resolve(paths.cwd, file);
  const relative = path.relative(paths.repoRoot, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return absolute;
  return relative.split(path.sep).join("/");
}

/** A location as a person at the working directory reads it (and a terminal links it): `src/filters.ts:42:7`. */
export function shownLocation(location: Location, paths: Paths): string {
  const absolute = path.resolve(paths.repoRoot, location.file);
  const relative = path.relative(paths.cwd, absolute);
  const file = relative === "" || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join("/");
  return [file, location.line, location.line ? location.column : undefined].filter((p) => p !== undefined).join(":");
}

/** "rf-m365 (azure-native:network:RouteFilter)", or what a finding without a resource is about. */
export function subjectOf(report: ScanReport, finding: Finding): string {
  if (finding.urn === undefined) return STACK_SUBJECT;
  const resource = resourceOf(report, finding.urn);
  return resource ? `${resource.record.name} (${resource.record.type})` : finding.urn;
}

export const STACK_SUBJECT = "the stack and its policy pack config";

export function firstLine(message: string): string {
  return message.split("\n", 1)[0];
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** How a report is rendered: everything a format needs besides the report, so that each stays a pure function of the two. */
export interface RenderContext {
  readonly paths: Paths;
  /** Text: colour (ANSI), as `pulumi preview` colours its policy section. */
  readonly color: boolean;
  /** Text: only the findings and the verdict line. */
  readonly quiet: boolean;
  /** Text: one line per finding (location, level, policy, resource, the message's first line). */
  readonly compact: boolean;
  /**
   * SARIF: route filters passed under an exception as suppressed results ("include"), or left out
   * ("omit"). GitHub code scanning does not honour SARIF suppressions: it would open an alert for each.
   */
  readonly sarifAcceptedRisks: "include" | "omit";
  /** github: at most this many annotations of each kind (the runner shows 10 per step); the rest are counted in the verdict line. */
  readonly maxAnnotations: number;
}

export const DEFAULT_RENDER: RenderContext = {
  paths: ROOT_PATHS,
  color: false,
  quiet: false,
  compact: false,
  sarifAcceptedRisks: "include",
  maxAnnotations: 10,
};
