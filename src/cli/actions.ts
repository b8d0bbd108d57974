/** What each command does once its arguments are parsed (program.ts); returns the exit code. */
import * as fs from "fs";
import * as path from "path";
import { type CloudName, CLOUDS } from "../core/catalog";
import { todayUtc } from "../core/dates";
import { levelOf, optionsOf } from "../core/evaluate";
import { MAIN_POLICY } from "../core/register";
import { readSettings } from "../core/settings";
import { PACK, POLICIES, REGISTER_OWNER } from "../policies";
import {
  additionsFor,
  catalogJson,
  catalogOf,
  describeCatalog,
  describeDiff,
  diffCatalog,
  hasDifferences,
  readServiceList,
} from "./catalog";
import { loadPackConfig } from "./config";
import { CliError, usageError } from "./errors";
import { checkRegister, checkReport, defaultWindow, describeCheck, needsAction, type WeakeningLevel } from "./exceptions-check";
import { suggestEntries } from "./exceptions-suggest";
import { type Format, FORMAT_NAMES, formatNamed } from "./formats";
import { readInput } from "./inputs";
import { diagnostic, type Io, useColor } from "./io";
import { packageInfo } from "./package-info";
import { findPaths } from "./paths";
import { withYamlPositions } from "./yaml-program";
import { DEFAULT_RENDER, plural, type RenderContext, tally } from "./report";
import { firstProblem, nativeExceptionFindings, scan } from "./scan";

export interface ScanOptions {
  readonly config?: string;
  readonly format: string;
  readonly output: readonly string[];
  readonly softFail: boolean;
  readonly quiet: boolean;
  readonly color?: boolean;
  readonly now?: string;
  readonly compact?: boolean;
  readonly sourceRoot?: string;
  readonly sarifAcceptedRisks?: "include" | "omit";
  readonly azure?: boolean;
}

/** Where the command runs: the injected directory, else the process's. */
function cwdOf(io: Io): string {
  return io.cwd ?? process.cwd();
}

/** The config given, else ./policy-config.json when there is one (and a note saying so), else none. */
export function configFileOf(given: string | undefined, io: Io, quiet = false): string | undefined {
  if (given !== undefined) return given;
  if (!fs.existsSync(path.join(cwdOf(io), DEFAULT_CONFIG))) return undefined;
  if (!quiet) diagnostic(io, "note", `no --config given: using ./${DEFAULT_CONFIG}`);
  return DEFAULT_CONFIG;
}

const DEFAULT_CONFIG = "policy-config.json";

export function runScan(files: readonly string[], options: ScanOptions, io: Io): number {
  const { toFiles, toStdout } = outputTargets(options.output, formatNamed(options.format)!);
  const configFile = configFileOf(options.config, io, options.quiet);
  const scanned = scan({ files, configFile, date: options.now ?? todayUtc(), azure: options.azure });
  const { paths, note: pathNote } = findPaths(cwdOf(io), options.sourceRoot);
  const report = { ...scanned.report, resources: withYamlPositions(scanned.report.resources, path.join(paths.repoRoot, paths.sourceRoot)) };
  const notes = scanned.notes;
  // The source root matters only for positions Pulumi recorded.
  const positioned = report.resources.some((r) => r.sourcePosition !== undefined);
  if (!options.quiet) for (const note of [...notes, ...(positioned && pathNote ? [pathNote] : [])]) diagnostic(io, "note", note);
  const context: RenderContext = {
    ...DEFAULT_RENDER,
    paths,
    quiet: options.quiet,
    compact: options.compact === true,
    sarifAcceptedRisks: options.sarifAcceptedRisks ?? "include",
  };
  // Files first: one that cannot be written stops the run before anything claims success.
  for (const { format, file } of toFiles) writeReport(file, cwdOf(io), format.render(report, { ...context, color: false }));
  if (toStdout) io.out(formatNamed(options.format)!.render(report, { ...context, color: useColor(options.color, io) }));

  const { mandatory, advisory, blocked } = tally(report);
  // The files written, and the verdict unless the report on stdout states it: the log gives it once.
  if (toFiles.length > 0 && !(toStdout && options.quiet)) {
    const written = toFiles.map((t) => `${t.format.name} report written to ${t.file}`).join(", ");
    const verdict = `${report.tool.name}: ${blocked ? "BLOCKED" : "passed"}, ${plural(mandatory, "mandatory finding")}, ${plural(advisory, "advisory finding")}`;
    if (toStdout && formatNamed(options.format)!.statesVerdict) diagnostic(io, "note", written);
    else io.err(`${verdict}; ${written}\n`);
  }
  if (blocked && options.softFail) {
    if (!options.quiet) diagnostic(io, "note", "--soft-fail: exit code 0, although a mandatory finding would block `pulumi up`");
    return 0;
  }
  return blocked ? 1 : 0;
}

/**
 * `--output FORMAT=FILE` writes that format to the file, and the --format report still goes to
 * stdout. A bare `--output FILE` (the form before several outputs) writes the --format report to
 * the file instead of stdout.
 */
function outputTargets(
  values: readonly string[],
  stdoutFormat: Format,
): { toFiles: { format: Format; file: string }[]; toStdout: boolean } {
  const toFiles: { format: Format; file: string }[] = [];
  let bare = 0;
  for (const value of values) {
    const named = /^([A-Za-z]+)=(.*)$/.exec(value);
    if (!named) {
      bare++;
      toFiles.push({ format: stdoutFormat, file: value });
      continue;
    }
    const format = formatNamed(named[1]);
    if (!format) {
      throw usageError(
        `scan: --output ${value}: "${named[1]}" is not a format (${FORMAT_NAMES.join(", ")}); a file whose name has "=" in it can be given as ./${value}`,
      );
    }
    if (named[2] === "") throw usageError(`scan: --output ${value}: give the file to write the ${format.name} report to`);
    toFiles.push({ format, file: named[2] });
  }
  if (bare > 1)
    throw usageError("scan: give one --output FILE for the --format report; name the format of each other file, as in --output sarif=FILE");
  const files = toFiles.map((t) => t.file);
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice !== undefined) throw usageError(`scan: --output names ${twice} twice`);
  return { toFiles, toStdout: bare === 0 };
}

function writeReport(file: string, cwd: string, text: string): void {
  const absolute = path.resolve(cwd, file);
  try {
    // As CI steps name them: a reports/ directory need not exist yet.
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, text);
  } catch (e) {
    throw new CliError(`${file}: the report cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export interface CheckOptions {
  readonly state: readonly string[];
  readonly now?: string;
  readonly expiringWithin?: number;
  readonly allowLevel?: WeakeningLevel;
  /** text (the default), or a report format of scan: json, sarif. */
  readonly format?: string;
}

export function runExceptionsCheck(configFile: string, options: CheckOptions, io: Io): number {
  const loaded = loadPackConfig(configFile);
  const problems = loaded.problems;
  if (problems.length > 0) {
    for (const problem of problems) diagnostic(io, "error", problem);
    return 2;
  }
  const states = options.state.map(readInput);
  const settings = readSettings(REGISTER_OWNER, optionsOf(loaded.policies, REGISTER_OWNER.name));
  const window = options.expiringWithin ?? defaultWindow(loaded.policies);
  const check = checkRegister(settings, options.now ?? todayUtc(), window, states, loaded, configFile, options.allowLevel);
  const format = options.format === undefined || options.format === "text" ? undefined : formatNamed(options.format)!;
  if (!format) {
    io.out(describeCheck(check, configFile));
    return needsAction(check) ? 1 : 0;
  }
  // The scan's formats, over the check's findings; what only the text says besides goes to stderr.
  for (const warning of check.warnings) diagnostic(io, "warning", warning);
  const report = checkReport(
    check,
    {
      tool: { name: PACK.name, ...packageInfo() },
      date: check.date,
      inputs: states.map(({ file, kind }) => ({ file, kind })),
      configFile,
      resources: states.flatMap((s) => s.resources),
      policies: POLICIES.map((policy) => ({ policy, level: levelOf(loaded.policies, policy) })),
    },
    nativeExceptionFindings(loaded),
  );
  io.out(format.render(report, { ...DEFAULT_RENDER, paths: findPaths(cwdOf(io)).paths }));
  return needsAction(check) ? 1 : 0;
}

export interface SuggestOptions {
  readonly config?: string;
  readonly now?: string;
}

export function runExceptionsSuggest(files: readonly string[], options: SuggestOptions, io: Io): number {
  const configFile = configFileOf(options.config, io);
  const loaded = loadPackConfig(configFile);
  const problems = loaded.problems;
  if (problems.length > 0) throw new CliError(firstProblem(problems, configFile!));
  const settings = readSettings(REGISTER_OWNER, optionsOf(loaded.policies, REGISTER_OWNER.name));
  const { entries, unnamed } = suggestEntries(files.map(readInput), settings, options.now ?? todayUtc());
  for (const note of unnamed) diagnostic(io, "note", `${note}; no entry can name it yet`);
  io.out(JSON.stringify(entries, null, 2) + "\n");
  diagnostic(
    io,
    "note",
    entries.length === 0
      ? "No route filter allows a Microsoft 365 community without an exception: nothing to suggest."
      : `${entries.length} skeleton ${entries.length === 1 ? "entry" : "entries"} for "exceptions" under "${MAIN_POLICY}": ` +
          "replace every placeholder (<...>, ER365-YYYY-NNN, YYYY-MM-DD) with the real values; until then " +
          "`exceptions check` and `scan` refuse the register, and the pack grants nothing.",
  );
  return 0;
}

export function runCatalogShow(options: { readonly cloud?: CloudName; readonly format: string }, io: Io): number {
  const views = (options.cloud ? [options.cloud] : [...CLOUDS]).map(catalogOf);
  io.out(options.format === "json" ? catalogJson(views) : describeCatalog(views));
  return 0;
}

export interface DiffOptions {
  readonly cloud?: CloudName;
  readonly config?: string;
  readonly writeConfig: boolean;
}

export function runCatalogDiff(file: string, options: DiffOptions, io: Io): number {
  const loaded = loadPackConfig(options.config);
  if (loaded.problems.length > 0) throw new CliError(firstProblem(loaded.problems, options.config!));
  const settings = readSettings(REGISTER_OWNER, optionsOf(loaded.policies, REGISTER_OWNER.name));
  const diff = diffCatalog(readServiceList(file), options.cloud ?? settings.cloud ?? "AzureCloud", settings.additionalCommunities);
  if (options.writeConfig) {
    // The entries alone on stdout, to paste or pipe; the comparison on stderr.
    io.out(JSON.stringify(additionsFor(diff), null, 2) + "\n");
    io.err(describeDiff(diff));
  } else io.out(describeDiff(diff));
  return hasDifferences(diff) ? 1 : 0;
}
