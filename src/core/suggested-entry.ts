/**
 * The skeleton of a register entry the pack suggests in its messages and `exceptions suggest`
 * prints. Its placeholders are no values: an entry that still holds one grants nothing.
 */
import { type Community } from "./community";
import type { ExceptionEntry } from "./register";

/** The fields a person writes; the rest of an entry is derived when the register is read. */
export type SuggestedEntry = Omit<ExceptionEntry, "index" | "names" | "subscriptions" | "stacks">;

export function suggestedEntry(name: string, communities: readonly Community[]): SuggestedEntry {
  return {
    id: "ER365-YYYY-NNN",
    microsoftAuthorization: "<reference of Microsoft's authorization for the subscription>",
    justification: "<why, e.g. the regulation that mandates private connectivity>",
    approvedBy: ["<productivity team>", "<network team>", "<security team>"],
    expires: "YYYY-MM-DD",
    communities,
    routeFilters: [name],
  };
}

const SKELETON = suggestedEntry("", []);
const PLACEHOLDERS = new Set([
  SKELETON.id,
  SKELETON.microsoftAuthorization,
  SKELETON.justification,
  ...SKELETON.approvedBy,
  SKELETON.expires,
]);

/** A skeleton's placeholder, or any value written in angle brackets as one. */
export function isPlaceholder(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const text = value.trim();
  return PLACEHOLDERS.has(text) || /^<[^]*>$/.test(text);
}
