/**
 * The policy pack config file, the same JSON given to `pulumi preview --policy-pack-config`, in
 * either of the forms the Pulumi CLI reads:
 * - version 1: policy name -> enforcement level, or an object of enforcementLevel and options;
 *   "all" sets every policy's level; "environments" lists Pulumi ESC environments;
 * - version 2: `{"version": 2, "policies": {...as version 1...}, "exceptions": {...}}`, whose
 *   exceptions are the engine's own (a reason and policies x URNs; the pack never sees them).
 * Every mistake is one line naming the file, the entry and the field.
 */
import { describeValue } from "../core/community";
import { schemaProblems } from "../core/config-schema";
import { ENFORCEMENT_LEVELS, EnforcementLevel, optionsOf, PolicyConfigs } from "../core/evaluate";
import { GuardPolicy } from "../core/guard-policy";
import { MAIN_POLICY, readSettings } from "../core/settings";
import { POLICIES } from "../policies";
import { fileError } from "./errors";
import { isRecord, readTextFile } from "./read";

/** An engine exception of a version 2 file that names policies of this pack. */
export interface NativeException {
  readonly id: string;
  readonly reason: string;
  readonly policies: readonly string[];
  readonly targets: readonly string[];
}

export interface LoadedConfig {
  /** Each policy's config, whatever the file's version. */
  readonly policies: PolicyConfigs;
  readonly version: 1 | 2;
  readonly nativeExceptions: readonly NativeException[];
  /** One self-contained line per mistake; empty when the config is valid. */
  readonly problems: readonly string[];
}

// Keys the Pulumi CLI reads itself rather than as policies.
const ESC_ENVIRONMENTS = "environments";
const V2_KEYS = ["version", "policies", "exceptions", ESC_ENVIRONMENTS];

const NO_CONFIG: LoadedConfig = { policies: {}, version: 1, nativeExceptions: [], problems: [] };

export function loadPackConfig(file: string | undefined): LoadedConfig {
  if (file === undefined) return NO_CONFIG;
  const text = readTextFile(file);
  // The Pulumi CLI takes an empty config file as no config.
  if (text.trim() === "") return NO_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fileError(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(raw)) throw fileError(file, `must be a JSON object of policy names to their config, got ${describeValue(raw)}`);

  const problems: string[] = [];
  const problem = (where: string, message: string) => problems.push(`${file}: ${where}: ${message}`);
  // As the CLI reads it: a numeric "version" marks a versioned file; otherwise "version" would be a policy name.
  if (typeof raw.version !== "number") {
    const { [ESC_ENVIRONMENTS]: environments, ...policies } = raw;
    checkEnvironments(environments, ESC_ENVIRONMENTS, problem);
    checkPolicies(policies, "", problem);
    return { policies, version: 1, nativeExceptions: [], problems };
  }
  if (raw.version !== 2) {
    throw fileError(
      file,
      raw.version > 2
        ? `is a policy pack config of version ${raw.version}; this tool, like the Pulumi CLI it matches, reads versions 1 and 2`
        : `"version" must be 2 (or absent, for a version 1 file), got ${raw.version}`,
    );
  }
  for (const key of Object.keys(raw)) if (!V2_KEYS.includes(key)) problem(key, `not a key of a version 2 config file (keys: ${V2_KEYS.join(", ")})`);
  checkEnvironments(raw[ESC_ENVIRONMENTS], ESC_ENVIRONMENTS, problem);
  const policies = raw.policies ?? {};
  if (!isRecord(policies)) {
    problem("policies", `must be an object of policy names to their config, got ${describeValue(policies)}`);
    return { policies: {}, version: 2, nativeExceptions: [], problems };
  }
  checkPolicies(policies, "policies.", problem);
  return { policies, version: 2, nativeExceptions: readNativeExceptions(raw.exceptions, problem), problems };
}

type Problem = (where: string, message: string) => void;

function checkEnvironments(value: unknown, where: string, problem: Problem): void {
  if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
    problem(where, "must be a list of ESC environment names");
  }
}

function checkPolicies(policies: PolicyConfigs, prefix: string, problem: Problem): void {
  // The register's problems, the longest list, come after the others.
  const keys = Object.keys(policies).sort((a, b) => Number(a === MAIN_POLICY) - Number(b === MAIN_POLICY));
  for (const key of keys) {
    const value = policies[key];
    const where = `${prefix}${key}`;
    if (key === "all") {
      const level = isRecord(value) ? value.enforcementLevel : value;
      const extra = isRecord(value) ? Object.keys(value).filter((k) => k !== "enforcementLevel") : [];
      if (extra.length > 0) problem(where, `takes only an enforcement level; options belong under a policy name (${extra.join(", ")})`);
      else if (!isLevel(level)) problem(where, levelMessage(level));
      continue;
    }
    const policy = POLICIES.find((p) => p.name === key);
    if (!policy) {
      problem(where, `not a policy of this pack (its policies: ${POLICIES.map((p) => p.name).join(", ")}; or "all")`);
    } else if (typeof value === "string") {
      if (!isLevel(value)) problem(where, levelMessage(value));
    } else if (isRecord(value)) {
      if (value.enforcementLevel !== undefined && !isLevel(value.enforcementLevel)) {
        problem(`${where}, field enforcementLevel`, levelMessage(value.enforcementLevel));
      }
      for (const p of optionProblems(policy, optionsOf(policies, key))) {
        const entry = p.entry === policy.name ? where : `${where}.${p.entry}`;
        problem(p.field ? `${entry}, field ${p.field}` : entry, p.message);
      }
    } else {
      problem(where, `must be an enforcement level or an object of enforcementLevel and options, got ${describeValue(value)}`);
    }
  }
}

/** The same checks the pack makes: the policy's schema, and for the main policy the register's own rules. */
function optionProblems(policy: GuardPolicy, options: Record<string, unknown>) {
  return policy.name === MAIN_POLICY ? readSettings(policy, options).problems : schemaProblems(policy, options);
}

/** The engine's exceptions, as the CLI validates them; kept only where they name a policy of this pack. */
function readNativeExceptions(value: unknown, problem: Problem): NativeException[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    problem("exceptions", "must be an object that maps exception ids to exceptions");
    return [];
  }
  const ours = new Set(POLICIES.map((p) => p.name));
  const found: NativeException[] = [];
  for (const [id, entry] of Object.entries(value)) {
    const where = `exceptions.${id}`;
    if (!isRecord(entry) || !Array.isArray(entry.match)) {
      problem(where, 'must be an object with "reason" and "match" (a list of {"policies", "targets"})');
      continue;
    }
    const policies = new Set<string>();
    const targets = new Set<string>();
    for (const match of entry.match) {
      const named = isRecord(match) && Array.isArray(match.policies) ? match.policies.filter((p): p is string => typeof p === "string" && ours.has(p)) : [];
      if (named.length === 0) continue;
      named.forEach((p) => policies.add(p));
      (Array.isArray(match.targets) ? (match.targets as unknown[]) : []).forEach((t) => targets.add(String(t)));
    }
    if (policies.size > 0) found.push({ id, reason: String(entry.reason ?? ""), policies: [...policies], targets: [...targets] });
  }
  return found;
}

/**
 * A native exception needs only a reason: no Microsoft authorization, approvers, expiry or
 * communities. For this pack it would walk past the register, so it is a finding in itself.
 */
export function nativeExceptionMessage(exception: NativeException, policy: string): string {
  return (
    `Native policy exception "${exception.id}" of the config file names ${policy} for ${exception.targets.join(", ") || "no target"}: ` +
    "the engine would turn its violations into \"exempted\" without the register's Microsoft authorization, approvers, expiry or " +
    `communities. Remove it and record the exception in the register instead ("exceptions" under "${MAIN_POLICY}"), e.g. ` +
    `{"id": "${exception.id}", "microsoftAuthorization": "<reference>", "justification": ${JSON.stringify(exception.reason || "<why>")}, ` +
    `"approvedBy": ["<teams>"], "expires": "YYYY-MM-DD", "communities": ["<12076:...>"], "routeFilters": ${JSON.stringify(exception.targets)}}.`
  );
}

function isLevel(value: unknown): value is EnforcementLevel {
  return ENFORCEMENT_LEVELS.includes(value as EnforcementLevel);
}

function levelMessage(value: unknown): string {
  return `enforcement level must be one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${describeValue(value)}`;
}
