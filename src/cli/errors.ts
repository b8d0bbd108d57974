import { parse, type ParseError, printParseErrorCode } from "jsonc-parser";

/**
 * A problem the user can fix (bad arguments, an unreadable input, an invalid config): reported as
 * one line on stderr, `error: ` and the message, with exit code 2, never as a stack trace.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** What went wrong with a file, prefixed by its name so the line stands on its own in a CI log. */
export function fileError(file: string, message: string): CliError {
  return new CliError(`${file}: ${message}`);
}

/** A mistake on the command line: names the command (`scan: ...`) and points to the help. */
export function usageError(message: string): CliError {
  return new CliError(`${message} (see --help)`);
}

/**
 * Text JSON.parse refused, reported on one line as `file:line:column: is not valid JSON (what)`, the position
 * of the first syntax error as jsonc-parser (strict: no comments, no trailing commas) finds it. `firstLine`: the
 * line of the file the text starts on (a line of an event stream).
 */
export function invalidJson(file: string, text: string, parseError: unknown, hint = "", firstLine = 1): CliError {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const hintText = hint ? `; ${hint}` : "";
  if (errors.length === 0) return fileError(file, `is not valid JSON (${(parseError as Error).message})${hintText}`);
  const { offset, error } = errors[0];
  const before = text.slice(0, offset).split("\n");
  const what = printParseErrorCode(error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return new CliError(
    `${file}:${firstLine + before.length - 1}:${before[before.length - 1].length + 1}: is not valid JSON (${what})${hintText}`,
  );
}
