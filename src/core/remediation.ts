import { Community } from "./community";
import { coverage } from "./exceptions";
import { ResourceRecord } from "./model";
import { PackSettings } from "./settings";
import { buildStack } from "./stack";
import { readPart } from "./verdicts/advertisement";
import { plainValue } from "../adapters/values";

export type Remediation =
  | {
      readonly changed: true;
      /** Top-level properties to set; `undefined` means remove the property. */
      readonly updates: Record<string, unknown>;
      readonly removed: readonly Community[];
    }
  | { readonly changed: false; readonly reason: string };

/**
 * Removes from a route filter the Microsoft 365 communities no exception covers, keeping the rest.
 * Only whole filters are edited: a standalone rule cannot see which filter (and so which
 * exception) it belongs to, so it is reported instead.
 */
export function remediate(record: ResourceRecord, settings: PackSettings, today: string): Remediation {
  const node = buildStack([record]).nodes[0];
  // A filter inside another resource (a template, an AzAPI body) is not in the props edited here.
  if (!node?.filter || node.filter.property !== undefined) return { changed: false, reason: "only route filter resources are remediated" };
  const reading = readPart(node.filter, settings);
  if (reading.cannotVerify.length > 0) return { changed: false, reason: `cannot verify: ${reading.cannotVerify.join("; ")}` };
  const gated = [...reading.gated.keys()];
  if (gated.length === 0) return { changed: false, reason: "no Microsoft 365 community" };
  const cover = coverage(node, gated, settings, today);
  if (cover.covered) return { changed: false, reason: `covered by ${cover.by.id}` };
  const removed = gated.filter((c) => !cover.closest?.communities.includes(c));
  const doomed = new Set(removed.flatMap((c) => reading.gated.get(c)!));

  const props = plainValue(record.props) as Record<string, unknown>;
  // An inline rule left with no community is dropped: an empty Community rule is not valid.
  const updates = Array.isArray(props.rules)
    ? { rules: props.rules.map((rule, i) => withoutCommunities(rule, `rules[${i}]`, doomed)).filter((r) => r !== undefined) }
    : { rule: withoutCommunities(props.rule, "rule", doomed) };
  return { changed: true, updates, removed };
}

function withoutCommunities(rule: unknown, path: string, doomed: ReadonlySet<string>): unknown {
  const { communities } = rule as { communities?: unknown[] };
  if (!Array.isArray(communities)) return rule;
  const kept = communities.filter((_, i) => !doomed.has(`${path}.communities[${i}]`));
  if (kept.length === communities.length) return rule;
  return kept.length === 0 ? undefined : { ...(rule as object), communities: kept };
}
