/**
 * The `expressroute-m365-guard` command: argument parsing and dispatch. It loads no Pulumi
 * package, so it runs without the Pulumi CLI (on the Node.js the package's engines names).
 */
import * as fs from "fs";
import { parseArgs, ParseArgsOptionsConfig } from "util";
import { isIsoDate, todayUtc } from "../core/dates";
import { optionsOf } from "../core/evaluate";
import { MAIN_POLICY, readSettings } from "../core/settings";
import { POLICIES } from "../policies";
import { loadPackConfig } from "./config";
import { CliError, usageError } from "./errors";
import { checkRegister, defaultWindow, describeCheck, needsAction } from "./exceptions-check";
import { FORMATS } from "./formats";
import { EXCEPTIONS_CHECK_HELP, GENERAL_HELP, SCAN_HELP } from "./help";
import { readInput } from "./inputs";
import { packageVersion } from "./package-info";
import { plural, tally } from "./report";
import { scan } from "./scan";

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Runs one command line; returns the exit code (see the help texts). */
export function main(argv: readonly string[], io: Io): number {
  try {
    return dispatch(argv, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    // A bug, not a mistake of the user: keep the trace, and never exit 1, which means "blocked".
    io.err(`expressroute-m365-guard: internal error, please report: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

function dispatch(argv: readonly string[], io: Io): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "scan":
      return runScan(rest, io);
    case "exceptions":
      if (rest[0] === "check") return runExceptionsCheck(rest.slice(1), io);
      if (rest[0] === "-h" || rest[0] === "--help") return print(io, EXCEPTIONS_CHECK_HELP);
      throw usageError(`exceptions: unknown subcommand ${rest[0] === undefined ? "(none)" : `"${rest[0]}"`}; the one there is: check`);
    case "-h":
    case "--help":
      return print(io, GENERAL_HELP);
    case "--version":
      return print(io, `${packageVersion()}\n`);
    case undefined:
      io.err(GENERAL_HELP);
      return 2;
    default:
      throw usageError(`unknown command "${command}" (commands: scan, exceptions check)`);
  }
}

const SCAN_OPTIONS = {
  config: { type: "string" },
  format: { type: "string", default: "text" },
  output: { type: "string" },
  now: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function runScan(args: string[], io: Io): number {
  const { values, positionals } = parse("scan", args, SCAN_OPTIONS);
  if (values.help) return print(io, SCAN_HELP);
  if (!Object.prototype.hasOwnProperty.call(FORMATS, values.format)) {
    throw usageError(`scan: --format must be one of ${Object.keys(FORMATS).join(", ")}, got "${values.format}"`);
  }
  if (positionals.length === 0) throw usageError("scan: give at least one stack export or preview stream file");
  const date = decisionDate(values.now);

  const { report, notes } = scan({ files: positionals, configFile: values.config, date });
  for (const note of notes) io.err(`note: ${note}\n`);
  const text = FORMATS[values.format](report);
  const { mandatory, advisory, blocked } = tally(report);
  if (values.output === undefined) io.out(text);
  else {
    writeReport(values.output, text);
    // The report went to a file: the CI log still says what it holds.
    io.err(
      `expressroute-m365-guard: ${blocked ? "BLOCKED" : "passed"}, ${plural(mandatory, "mandatory finding")}, ` +
        `${plural(advisory, "advisory finding")}; ${values.format} report written to ${values.output}\n`,
    );
  }
  return blocked ? 1 : 0;
}

const CHECK_OPTIONS = {
  state: { type: "string", multiple: true },
  now: { type: "string" },
  "expiring-within": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function runExceptionsCheck(args: string[], io: Io): number {
  const { values, positionals } = parse("exceptions check", args, CHECK_OPTIONS);
  if (values.help) return print(io, EXCEPTIONS_CHECK_HELP);
  if (positionals.length !== 1) throw usageError("exceptions check: give exactly one policy pack config file");
  const date = decisionDate(values.now);
  const within = values["expiring-within"];
  if (within !== undefined && !/^\d+$/.test(within)) {
    throw usageError(`exceptions check: --expiring-within must be a whole number of days, got "${within}"`);
  }

  const [configFile] = positionals;
  const { policies, problems, nativeExceptions } = loadPackConfig(configFile);
  if (problems.length > 0) {
    for (const problem of problems) io.err(`${problem}\n`);
    return 2;
  }
  const states = (values.state ?? []).map(readInput);
  const settings = readSettings(POLICIES.find((p) => p.name === MAIN_POLICY)!, optionsOf(policies, MAIN_POLICY));
  const window = within === undefined ? defaultWindow(policies) : Number(within);
  const check = checkRegister(settings, date, window, states, nativeExceptions);
  io.out(describeCheck(check, configFile));
  return needsAction(check) ? 1 : 0;
}

function parse<O extends ParseArgsOptionsConfig>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true as const, strict: true as const });
  } catch (e) {
    // Node's message goes on to explain `--`; its first sentence is what the user needs.
    throw usageError(`${command}: ${(e as Error).message.split(". ")[0]}`);
  }
}

function writeReport(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new CliError(`${file}: the report cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** The day expiry decisions are made for: --now, else today in UTC (as the pack does at preview). */
function decisionDate(now: string | undefined): string {
  if (now === undefined) return todayUtc();
  if (!isIsoDate(now)) throw usageError(`--now must be a calendar date written YYYY-MM-DD, got "${now}"`);
  return now;
}

function print(io: Io, text: string): number {
  io.out(text);
  return 0;
}

export function run(): void {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}

if (require.main === module) run();
