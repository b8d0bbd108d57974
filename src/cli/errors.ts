/**
 * A problem the user can fix (bad arguments, an unreadable input, an invalid config): reported as
 * one line on stderr with exit code 2, never as a stack trace.
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

/** A mistake on the command line: says which tool and points to the help. */
export function usageError(message: string): CliError {
  return new CliError(`expressroute-m365-guard ${message} (see --help)`);
}
