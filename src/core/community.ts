/**
 * BGP standard communities (RFC 1997): two 16-bit halves written "ASN:value".
 * Route filters hold them as free text, so two spellings of one community
 * ("12076:5010", " 12076:05010 ") must compare equal.
 */
import { describeValue } from "./json";

export type Community = string & { readonly __community: unique symbol };

export type ParsedCommunity = { ok: true; community: Community } | { ok: false; reason: string };

const HALF = /^[0-9]+$/;
const MAX_HALF = 0xffff;

export function parseCommunity(raw: unknown): ParsedCommunity {
  if (typeof raw !== "string") {
    return { ok: false, reason: `expected a string like "12076:5010", got ${describeValue(raw)}` };
  }
  const parts = raw.trim().split(":");
  if (parts.length !== 2) {
    return { ok: false, reason: `"${raw}" is not of the form ASN:value` };
  }
  const halves: number[] = [];
  for (const part of parts) {
    const text = part.trim();
    if (!HALF.test(text)) {
      return { ok: false, reason: `"${raw}" has a non-numeric part "${part}"` };
    }
    const n = Number(text);
    if (n > MAX_HALF) {
      return { ok: false, reason: `"${raw}" has a part above ${MAX_HALF}` };
    }
    halves.push(n);
  }
  return { ok: true, community: `${halves[0]}:${halves[1]}` as Community };
}

/** For trusted literals (the catalog): throws on a typo so it surfaces at load time. */
export function community(text: string): Community {
  const parsed = parseCommunity(text);
  if (!parsed.ok) {
    throw new Error(`invalid community literal: ${parsed.reason}`);
  }
  return parsed.community;
}
