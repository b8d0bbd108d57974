/** Looking at values read from JSON (files, props, templates): what they are, and how messages name them. */
import { Unreadable } from "./model";

/** An object of named values: not null, not a list, not a value the pack could not read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unreadable);
}

/** The value when it is an object of named values, else undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** A value as a message quotes what it found: `"text"`, `number 3`, `a list`, `an object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `"${value}"`;
  if (typeof value === "object") return "an object";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return `${typeof value} ${value}`;
  return typeof value;
}
