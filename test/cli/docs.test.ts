/**
 * The commands, options and formats are defined once (src/cli/program.ts, src/cli/formats): the
 * help is built from that definition, and docs/cli.md must list exactly the same.
 */
import { type Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { FORMAT_NAMES } from "../../src/cli/formats";
import { allCommands, buildProgram, commandPath, PROGRAM } from "../../src/cli/program";
import { ROOT, runCli } from "./run-cli";

const program = buildProgram({ out: () => undefined, err: () => undefined }, () => undefined);
const leaves = allCommands(program).filter((c) => c !== program && c.commands.length === 0);
const flagsOf = (command: Command) => command.options.map((o) => o.flags).filter((f) => f !== "-h, --help");

const doc = fs.readFileSync(path.join(ROOT, "docs", "cli.md"), "utf8");
/** The text under each "## " heading, up to the next one. */
const sections = new Map(
  doc
    .split(/^## /m)
    .slice(1)
    .map((part) => [part.slice(0, part.indexOf("\n")), part] as const),
);
/** The first cell of each row of the first table whose header starts with this word, as written in backticks. */
function firstColumn(text: string, header: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`| ${header} |`));
  if (start < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(/^\| `([^`]+)`/.exec(line)?.[1] ?? line);
  }
  return rows;
}

test("the program has the commands the issue asks for", () => {
  expect(leaves.map(commandPath)).toEqual([
    "scan",
    "exceptions check",
    "exceptions suggest",
    "catalog show",
    "catalog diff",
    "azure-policy",
  ]);
});

describe.each(leaves.map((c) => [commandPath(c), c] as const))("docs/cli.md on `%s`", (name, command) => {
  const section = sections.get(`\`${name}\``) ?? "";

  test("has a section with the usage as the program prints it", () => {
    expect(section).not.toBe("");
    expect(section).toContain(`\`\`\`text\n${PROGRAM} ${name} ${command.usage()}\n\`\`\``);
  });

  test("lists exactly the options the program defines, in its order", () => {
    expect(firstColumn(section, "Option")).toEqual(flagsOf(command));
  });

  test("its --help lists every option, from the same definition", () => {
    const help = runCli([...name.split(" "), "--help"], ROOT);
    expect(help.code).toBe(0);
    for (const flags of flagsOf(command)) expect(help.stdout).toContain(`  ${flags}`);
  });
});

test("docs/cli.md documents no command the program does not have", () => {
  const documented = [...sections.keys()].filter((h) => /^`[a-z -]+`$/.test(h)).map((h) => h.slice(1, -1));
  expect(documented).toEqual(leaves.map(commandPath));
});

test("the formats table and scan's --help list exactly the formats the program writes", () => {
  expect(firstColumn(sections.get("`scan`")!, "Format")).toEqual(FORMAT_NAMES);
  const help = runCli(["scan", "--help"], ROOT).stdout;
  // The help wraps long lines: compare with the spaces folded.
  expect(help.replace(/\s+/g, " ")).toContain(`(choices: ${FORMAT_NAMES.map((f) => `"${f}"`).join(", ")}, default: "text")`);
  for (const format of FORMAT_NAMES) expect(help).toMatch(new RegExp(`\\n {2}${format} +\\S`));
});

test("the general help names every command with its arguments", () => {
  const help = runCli(["--help"], ROOT).stdout;
  for (const command of leaves) expect(help).toContain(`  ${PROGRAM} ${commandPath(command)} ${command.usage()}\n`);
});
