/**
 * Applies a remediation plan to a route filter's own shape: azure-native keeps `rules[]`, classic
 * azure one `rule`, azurerm through the dynamic bridge `rule[]`. Works on the wire form of the
 * props, where a secret is still marked as one, and refuses to touch a secret: rewriting it would
 * hand it back in the clear.
 */
import { type RemediationPlan } from "../core/remediation";
import { isSecretMarker } from "./values";

export type AppliedRemediation =
  | {
      readonly changed: true;
      /** Top-level properties to set; `undefined` removes the property. */ readonly updates: Record<string, unknown>;
    }
  | { readonly changed: false; readonly reason: string };

export function applyRemediation(props: Record<string, unknown>, plan: Extract<RemediationPlan, { changed: true }>): AppliedRemediation {
  const key = Array.isArray(props.rules) || isSecretMarker(props.rules) ? "rules" : "rule";
  const value = props[key];
  if (isSecretMarker(value)) return secretRefusal(key);
  // The dynamically bridged azurerm keeps its one `rule` in a list: edited like `rules`.
  if (!Array.isArray(value)) {
    const edited = withoutCommunities(value, "rule", plan.remove);
    return "secret" in edited ? secretRefusal(edited.secret) : { changed: true, updates: { rule: edited.rule } };
  }
  const rules: unknown[] = [];
  for (const [i, rule] of value.entries()) {
    const edited = withoutCommunities(rule, `${key}[${i}]`, plan.remove);
    if ("secret" in edited) return secretRefusal(edited.secret);
    // An inline rule left with no community is dropped: an empty Community rule is not valid.
    if (edited.rule !== undefined) rules.push(edited.rule);
  }
  return { changed: true, updates: { [key]: rules } };
}

function withoutCommunities(rule: unknown, path: string, remove: ReadonlySet<string>): { rule: unknown } | { secret: string } {
  if (isSecretMarker(rule)) return { secret: path };
  const communities = (rule as { communities?: unknown } | undefined)?.communities;
  if (isSecretMarker(communities)) return { secret: `${path}.communities` };
  if (!Array.isArray(communities)) return { rule };
  const doomed = communities.map((_, i) => remove.has(`${path}.communities[${i}]`));
  if (!doomed.includes(true)) return { rule };
  const kept = communities.filter((_, i) => !doomed[i]);
  if (kept.length === 0) return { rule: undefined };
  return { rule: { ...(rule as object), communities: kept } };
}

function secretRefusal(property: string): AppliedRemediation {
  return { changed: false, reason: `${property} is a secret; removing communities from it would reveal it, so it is reported instead` };
}
