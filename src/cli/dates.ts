import { isIsoDate } from "../core/settings";
import { usageError } from "./errors";

/** The day expiry decisions are made for: --now, else today in UTC (as the pack does at preview). */
export function decisionDate(now: string | undefined): string {
  if (now === undefined) return new Date().toISOString().slice(0, 10);
  if (!isIsoDate(now)) throw usageError(`--now must be a calendar date written YYYY-MM-DD, got "${now}"`);
  return now;
}
