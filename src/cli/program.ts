/**
 * The command line, defined once with commander: the commands, their arguments and options, and
 * the help built from them. docs/cli.md lists the same (test/cli/docs.test.ts compares them).
 */
import { Command, type CommanderError, InvalidArgumentError, Option } from "commander";
import { CLOUDS, type CloudName } from "../core/catalog";
import { isIsoDate } from "../core/dates";
import { POLICY_EFFECTS } from "../core/azure-policy";
import { type AzurePolicyOptions, runAzurePolicy } from "./azure-policy-command";
import {
  type CheckOptions,
  type DiffOptions,
  runCatalogDiff,
  runCatalogShow,
  runExceptionsCheck,
  runExceptionsSuggest,
  runScan,
  type ScanOptions,
  type SuggestOptions,
} from "./actions";
import { usageError } from "./errors";
import { FORMAT_NAMES, FORMATS } from "./formats";
import { WEAKENING_LEVELS } from "./exceptions-check";
import { type Io } from "./io";
import { packageVersion } from "./package-info";

export const PROGRAM = "expressroute-m365-guard";

/** Thrown to end the run with this exit code once commander has printed help or the version. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const SCAN_EXIT_CODES = `Exit codes:
  0  no mandatory finding (advisory findings may be listed), or --soft-fail was given
  1  at least one mandatory finding: \`pulumi up\` with the pack would be blocked
  2  usage error, unreadable or unrecognised input, invalid policy pack config or register, an
     output that cannot be written (also with --soft-fail)`;

const CHECK_EXIT_CODES = `Exit codes:
  0  the register is valid; nothing expired or stale (entries expiring soon are listed)
  1  an entry has expired, or names no route filter in any --state; a native exception names a
     policy of the pack; the main policy is advisory or disabled without --allow-level
  2  usage error, invalid config or register (every problem is listed, one per line, placeholders
     of \`exceptions suggest\` included), unreadable state`;

const SUGGEST_EXIT_CODES = `Exit codes:
  0  the skeleton entries are printed (an empty list when no filter needs one)
  2  usage error, unreadable or unrecognised input, invalid policy pack config`;

const DIFF_EXIT_CODES = `Exit codes:
  0  Microsoft's list and the catalog agree
  1  a value is new, classified differently or missing
  2  usage error, a file that is not one of the two documented shapes (the entry and field are named)`;

function date(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError("It must be a calendar date written YYYY-MM-DD.");
  return value;
}

function days(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("It must be a whole number of days.");
  return Number(value);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const nowOption = () => new Option("--now <date>", "decide expiry as of this day, YYYY-MM-DD (default: today, UTC)").argParser(date);
const configOption = () =>
  new Option(
    "--config <file>",
    "the policy pack config, as given to `pulumi preview --policy-pack-config` (v1 or v2); default: ./policy-config.json when there is one",
  );

/** The command tree; each action reports its exit code through `done`. */
export function buildProgram(io: Io, done: (code: number) => void): Command {
  const program: Command = new Command(PROGRAM)
    .description(
      "Checks Azure ExpressRoute route filters for Microsoft 365 BGP communities outside the exception register, " +
        "with the same policies as the Pulumi policy pack, over files Pulumi writes (no Pulumi engine needed).",
    )
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "this help")
    .helpCommand(false)
    .configureHelp({ helpWidth: 110 })
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: () => undefined })
    .addHelpText(
      "after",
      () =>
        `\nEvery command:\n${leafUsage(program)}\n\nExit codes of scan (each command's --help gives its own):\n${SCAN_EXIT_CODES.split("\n").slice(1).join("\n")}\n`,
    );

  program
    .command("scan")
    .description("judge stack exports or preview event streams as `pulumi preview --policy-pack` would")
    .argument(
      "<file...>",
      "a `pulumi stack export` file or a `PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json` stream; each is one stack",
    )
    .addOption(configOption())
    .addOption(
      new Option(
        "--azure",
        "the files are Azure's own JSON (`az graph query`, `az network route-filter list`, `az network express-route list`): together, the live estate",
      ),
    )
    .addOption(new Option("--format <format>", "the report on stdout").choices(FORMAT_NAMES).default("text"))
    .addOption(
      new Option(
        "--output <[format=]file>",
        "also write the report in that format to the file; repeatable. A bare file takes the --format report instead of stdout",
      ).argParser(collect),
    )
    .addOption(new Option("--soft-fail", "exit 0 even with mandatory findings (usage and input errors still exit 2)"))
    .addOption(new Option("-q, --quiet", "only the findings and the verdict line; no notes"))
    .addOption(new Option("--compact", "text: one line per finding (file:line: level, policy, resource, first line of the message)"))
    .addOption(
      new Option(
        "--source-root <dir>",
        "the Pulumi project's directory, where Pulumi's program positions start (default: the nearest Pulumi.yaml upwards)",
      ),
    )
    .addOption(
      new Option(
        "--sarif-accepted-risks <mode>",
        "route filters passed under an exception in SARIF: as suppressed results, or left out (GitHub code scanning shows suppressed results as open alerts)",
      )
        .choices(["include", "omit"])
        .default("include"),
    )
    .addOption(new Option("--color", "colour the text report even when stdout is not a terminal"))
    .addOption(new Option("--no-color", "never colour (NO_COLOR and FORCE_COLOR are honoured too)"))
    .addOption(nowOption())
    .addHelpText("after", `\nFormats:\n${FORMATS.map((f) => `  ${f.name.padEnd(9)} ${f.purpose}`).join("\n")}\n\n${SCAN_EXIT_CODES}\n`)
    .action((files: string[], options: Omit<ScanOptions, "output"> & { readonly output?: string[] }) =>
      done(runScan(files, { ...options, output: options.output ?? [] }, io)),
    );

  const exceptions = program.command("exceptions").description("the exception register: check it, or suggest skeleton entries");
  exceptions
    .command("check")
    .description("validate the register, list expired, expiring and (given --state) stale entries")
    .argument("<config>", "the policy pack config holding the register")
    .addOption(
      new Option("--state <export>", "a `pulumi stack export` file to look for the named route filters in; repeatable").argParser(collect),
    )
    .addOption(nowOption())
    .addOption(
      new Option(
        "--expiring-within <days>",
        "the reminder window (default: m365-exception-expiring's expiryWarningDays, else 30)",
      ).argParser(days),
    )
    .addOption(
      new Option("--allow-level <level>", "accept the main policy at this level (otherwise advisory or disabled is a finding)").choices(
        WEAKENING_LEVELS,
      ),
    )
    .addOption(
      new Option(
        "--format <format>",
        "text for people; json or sarif: the report scan writes in that format, each item a finding about the config file",
      )
        .choices(["text", "json", "sarif"])
        .default("text"),
    )
    .addHelpText("after", `\n${CHECK_EXIT_CODES}\n`)
    .action((config: string, options: Omit<CheckOptions, "state"> & { readonly state?: string[] }) =>
      done(runExceptionsCheck(config, { ...options, state: options.state ?? [] }, io)),
    );
  exceptions
    .command("suggest")
    .description("print skeleton register entries for the route filters that allow Microsoft 365 communities without an exception")
    .argument("<file...>", "stack exports or preview event streams, as for scan")
    .addOption(configOption())
    .addOption(nowOption())
    .addHelpText("after", `\n${SUGGEST_EXIT_CODES}\n`)
    .action((files: string[], options: SuggestOptions) => done(runExceptionsSuggest(files, options, io)));

  const catalog = program.command("catalog").description("the built-in community catalog: show it, or compare it with Microsoft's list");
  const cloudOption = (what: string) => new Option("--cloud <cloud>", what).choices(CLOUDS);
  catalog
    .command("show")
    .description("print the catalog per cloud, with the source of each value")
    .addOption(cloudOption("only this cloud (default: all)"))
    .addOption(new Option("--format <format>", "text for people, json for scripts").choices(["text", "json"]).default("text"))
    .action((options: { cloud?: CloudName; format: string }) => done(runCatalogShow(options, io)));
  catalog
    .command("diff")
    .description("compare Microsoft's list of BGP service communities with the catalog")
    .argument("<file>", "the output of `az network route-filter rule list-service-communities`, or the REST list of bgpServiceCommunities")
    .addOption(cloudOption("the cloud the list was taken in (default: the config's cloud option, else AzureCloud)"))
    .addOption(new Option("--config <file>", "a policy pack config whose additionalCommunities count as known"))
    .addOption(
      new Option("--write-config", "print the additionalCommunities entries to add, as JSON on stdout (the comparison goes to stderr)"),
    )
    .addHelpText("after", `\n${DIFF_EXIT_CODES}\n`)
    .action((file: string, options: DiffOptions) => done(runCatalogDiff(file, options, io)));

  program
    .command("azure-policy")
    .description(
      "write the register as an Azure Policy definition, assignments and expiring exemptions (ARM JSON and Bicep), for filters no stack manages",
    )
    .requiredOption("--config <file>", "the policy pack config holding the register (v1 or v2)")
    .requiredOption("--out <dir>", "the directory to write azure-policy.json, main.bicep and route-filter-exemptions.bicep to")
    .addOption(
      new Option("--subscription <id>", "the subscription to assign the policy to (default: the one the register's filter IDs are in)"),
    )
    .addOption(
      new Option("--effect <effect>", "what the assignments do to a filter off the register").choices(POLICY_EFFECTS).default("Deny"),
    )
    .addOption(
      new Option("--cloud <cloud>", "the cloud whose catalog decides what is gated (default: the config's cloud, else AzureCloud)").choices(
        CLOUDS,
      ),
    )
    .addOption(new Option("--peerings-without-filter", "also deny Microsoft peerings that have no route filter"))
    .addOption(nowOption())
    .addHelpText(
      "after",
      "\nExit codes:\n  0  the files are written (notes on stderr name entries Azure Policy cannot carry)\n  2  usage error, invalid config or register, a register beyond Azure Policy's limits, files that cannot be written\n",
    )
    .action((options: Omit<AzurePolicyOptions, "peeringsWithoutFilter"> & { readonly peeringsWithoutFilter?: boolean }) =>
      done(runAzurePolicy({ ...options, peeringsWithoutFilter: options.peeringsWithoutFilter === true }, io)),
    );

  // `help scan`, `exceptions help check`: a help command wherever there are commands to choose from.
  for (const command of allCommands(program)) command.helpCommand(command.commands.length > 0).exitOverride((e) => stop(e, command));
  return program;
}

/** Each command that runs something, with its arguments: "exceptions check [options] <config>". */
function leafUsage(program: Command): string {
  const leaves = allCommands(program).filter((c) => c.commands.length === 0 && c !== program);
  return leaves.map((c) => `  ${PROGRAM} ${commandPath(c)} ${c.usage()}\n      ${c.description()}`).join("\n");
}

export function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/** "scan", "exceptions check": how messages and the docs name a command. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

function stop(error: CommanderError, command: Command): never {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") throw new Exit(0);
  // Help printed to stderr for want of a command: a usage error.
  if (error.code === "commander.help") throw new Exit(2);
  const path = commandPath(command);
  let text = error.message.replace(/^error: /, "").replace(/\.$/, "");
  if (error.code === "commander.unknownCommand") text += ` (commands: ${command.commands.map((c) => c.name()).join(", ")})`;
  throw usageError(path ? `${path}: ${text}` : text);
}
