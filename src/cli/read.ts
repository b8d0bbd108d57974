/** Reading the files the user names, and looking into the JSON they hold. */
import * as fs from "fs";
import { fileError } from "./errors";

export type Json = Record<string, unknown>;

/** What `-` stands for on the command line, and how messages name it. */
const STDIN = "-";
const STDIN_NAME = "(standard input)";

export function displayName(file: string): string {
  return file === STDIN ? STDIN_NAME : file;
}

/** The file's text (`-`: standard input), without the byte order mark some editors write first. */
export function readTextFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file === STDIN ? 0 : file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fileError(displayName(file), code === "ENOENT" ? "no such file" : `cannot be read (${code ?? (e as Error).message})`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Whether a parsed JSON value nests deeper than `limit`; walked without recursion, so any depth is safe. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== "object" || item === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
