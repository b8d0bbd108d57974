/** Reading the files the user names, and looking into the JSON they hold. */
import * as fs from "fs";
import { fileError } from "./errors";

export type Json = Record<string, unknown>;

export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw fileError(file, code === "ENOENT" ? "no such file" : `cannot be read (${code ?? (e as Error).message})`);
  }
}

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}
