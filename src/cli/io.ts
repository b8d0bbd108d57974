/** What the command reads from and writes to, injected so that tests can run it in-process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether standard output is a terminal: then the text report is in colour, unless told otherwise. */
  readonly stdoutIsTTY?: boolean;
  /** The environment, for NO_COLOR and FORCE_COLOR. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The working directory relative paths are read from (default: the process's). */
  readonly cwd?: string;
}

/**
 * Whether to colour the text report. --color / --no-color decide; else FORCE_COLOR, read as
 * Node.js reads it ("", "1", "true", "2", "3": colour; any other value: none); else NO_COLOR
 * (set and not empty: none, as no-color.org defines it); else colour on a terminal that is not "dumb".
 */
export function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  const env = io.env ?? {};
  if (env.FORCE_COLOR !== undefined) return ["", "1", "true", "2", "3"].includes(env.FORCE_COLOR);
  if (env.NO_COLOR) return false;
  return io.stdoutIsTTY === true && env.TERM !== "dumb";
}

/**
 * Every line the command writes to stderr about the run starts with one of these, as compilers write them: `note:`
 * (what it assumed or did), `warning:` (something to look at; the run goes on), `error:` (why it stopped, exit 2).
 * The rest of the line names the file (`file:line:column:` when known) or the command first.
 */
export type Severity = "note" | "warning" | "error";

export function diagnostic(io: Io, severity: Severity, text: string): void {
  io.err(`${severity}: ${text}\n`);
}
