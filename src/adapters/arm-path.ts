/**
 * Request paths read as ARM routes them. A path is only read when it is written plainly: a `.` or
 * `..` segment, a percent-escape, a backslash, a query or a fragment may be rewritten on the way
 * (by the HTTP client, the front door or ARM itself: ASSUMED, not documented) into a path that
 * names something else. Such a path is "cannot verify" when it may reach a namespace that has
 * route filters, peerings or deployments, and nothing otherwise.
 */
import { Unreadable } from "../core/model";
import { ARM_TYPES } from "./arm-resources";
import { DEPLOYMENT_TYPES } from "./arm-template";

/** Namespaces (lower case) of the resource types the pack reads. */
export const NAMESPACES: ReadonlySet<string> = new Set([...ARM_TYPES, ...DEPLOYMENT_TYPES].map((type) => type.split("/")[0]));

const REWRITTEN = /[%\\?#]/;

/** Why a path segment may not reach ARM as written; undefined when it will. */
export function rewrittenSegment(segment: string): string | undefined {
  if (segment === "." || segment === "..") return `a ${segment} segment`;
  const match = REWRITTEN.exec(segment);
  return match ? `${JSON.stringify(match[0])}` : undefined;
}

/**
 * Whether text may name a namespace the pack reads once decoded: percent-escapes undone (as
 * often as they decode), split at slashes and backslashes. Text that does not decode, or is still
 * escaped after ten rounds, may.
 */
export function mayReachNamespace(text: string): boolean {
  let decoded = text;
  for (let round = 0; decoded.includes("%"); round++) {
    if (round === 10) return true;
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return true;
    }
  }
  return decoded.split(/[/\\?#&=]/).some((segment) => NAMESPACES.has(segment.trim().toLowerCase()));
}

/** "cannot verify" for a path with the segment `why` names, as written at `where`. */
export function rewrittenPath(path: string, why: string): Unreadable {
  return new Unreadable(
    "shape",
    `makes the path ${JSON.stringify(path)}, with ${why}, which Azure may rewrite before routing it: the pack cannot tell what it names`,
  );
}
