/**
 * The policy pack config file, the same JSON given to `pulumi preview --policy-pack-config`, in
 * either of the forms the Pulumi CLI reads:
 * - version 1: policy name -> enforcement level, or an object of enforcementLevel and options;
 *   "all" sets every policy's level; "environments" lists Pulumi ESC environments;
 * - version 2: `{"version": 2, "policies": {...as version 1...}, "exceptions": {...}}`, whose
 *   exceptions are the engine's own (a reason and policies x URNs; the pack never sees them).
 * Every mistake is one line naming the file, the entry and the field.
 */
import { type Node, parseTree } from "jsonc-parser";
import { describeValue, isRecord } from "../core/json";
import { schemaProblems } from "../core/config-schema";
import { ENFORCEMENT_LEVELS, type EnforcementLevel, optionsOf, type PolicyConfigs } from "../core/evaluate";
import { type GuardPolicy } from "../core/guard-policy";
import { MAIN_POLICY } from "../core/register";
import { readSettings } from "../core/settings";
import { POLICIES, REGISTER_OWNER } from "../policies";
import { fileError, invalidJson } from "./errors";
import { readTextFile } from "./read";

/** An engine exception of a version 2 file that names policies of this pack. */
export interface NativeException {
  readonly id: string;
  readonly reason: string;
  readonly policies: readonly string[];
  readonly targets: readonly string[];
}

/** Where in the file a key is written: as a path for messages, and its line. */
export interface KeyAt {
  readonly key: string;
  readonly line: number;
}

export interface LoadedConfig {
  /** Each policy's config, whatever the file's version. */
  readonly policies: PolicyConfigs;
  readonly version: 1 | 2;
  readonly nativeExceptions: readonly NativeException[];
  /** For each policy entry (and "all") that sets an enforcement level: the key the CLI takes it from. */
  readonly levelKeys: Readonly<Record<string, KeyAt>>;
  /** The Pulumi ESC environments the file names, whose config the CLI layers under the file's. */
  readonly environments?: KeyAt & { readonly names: readonly string[] };
  /** One self-contained line per mistake; empty when the config is valid. */
  readonly problems: readonly string[];
}

// Keys the Pulumi CLI reads itself rather than as policies: in a version 1 file spelt exactly so
// (it looks them up in a map), in a version 2 file as the fields of a Go struct (goField).
const VERSION = "version";
const ESC_ENVIRONMENTS = "environments";
const V2_FIELDS = ["policies", "exceptions", ESC_ENVIRONMENTS];
const LEVEL = "enforcementLevel";

const NO_CONFIG: LoadedConfig = { policies: {}, version: 1, nativeExceptions: [], levelKeys: {}, problems: [] };

/** The file's JSON with every key as written (duplicates too) and where it stands, beside the parsed value. */
class JsonDocument {
  readonly root: Node;
  constructor(private readonly text: string) {
    // Only called on text JSON.parse accepted: the tree is that same document.
    this.root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false })!;
  }

  /** A node's value as JSON.parse gives it (last of duplicate keys, `__proto__` a plain key), as Go decodes into `any`. */
  valueOf(node: Node): unknown {
    return JSON.parse(this.text.slice(node.offset, node.offset + node.length));
  }

  lineOf(node: Node): number {
    let line = 1;
    for (let i = this.text.indexOf("\n"); i !== -1 && i < node.offset; i = this.text.indexOf("\n", i + 1)) line++;
    return line;
  }
}

/** An object node's members: [key, property node], in document order, duplicates included. */
function members(object: Node): [string, Node][] {
  return object.type === "object" ? (object.children ?? []).map((p) => [p.children![0].value as string, p]) : [];
}

/**
 * Go's bytes.EqualFold of a key and an ASCII field name, which encoding/json uses to match a key
 * to a struct field: ASCII letters in either case, and the two non-ASCII runes whose simple case
 * folding is an ASCII letter, KELVIN SIGN (k) and LATIN SMALL LETTER LONG S (s). Checked against
 * Go 1.26 over every rune.
 */
function foldsTo(key: string, field: string): boolean {
  const runes = [...key];
  return (
    runes.length === field.length &&
    runes.every((r, i) => {
      const f = field[i].toLowerCase();
      return (r.charCodeAt(0) < 0x80 && r.toLowerCase() === f) || (r === "\u212a" && f === "k") || (r === "\u017f" && f === "s");
    })
  );
}

/**
 * A struct field as Go's encoding/json decodes it, which is how the Pulumi CLI reads the levels
 * of a version 2 file that are structs (the file; an exception; a match): every key equal to the
 * field's name without regard to case (foldsTo: "Policies", "POLICIES" too) is that field, in
 * document order. A later one replaces an earlier one, but an object decoded into a map field adds
 * its keys to the map, and null empties it (measured with Go 1.26). The keys of a map (policy
 * names, exception ids) are compared exactly, and `members` holds, per map key, where it was last
 * written.
 */
function goField(doc: JsonDocument, object: Node, field: string, kind: "map" | "value") {
  let value: unknown;
  let at: Node | undefined;
  let mapMembers = new Map<string, Node>();
  for (const [key, property] of members(object)) {
    if (!foldsTo(key, field)) continue;
    const node = property.children![1];
    at = property;
    if (kind === "value") {
      value = doc.valueOf(node);
    } else if (node.type === "null") {
      value = undefined;
      mapMembers = new Map();
    } else if (node.type !== "object") {
      // The CLI refuses the file; the caller says why.
      return { value: doc.valueOf(node), at, members: mapMembers };
    } else {
      value = { ...(value as object), ...(doc.valueOf(node) as object) };
      for (const [name, member] of members(node)) mapMembers.set(name, member);
    }
  }
  return { value, at, members: mapMembers };
}

export function loadPackConfig(file: string | undefined): LoadedConfig {
  if (file === undefined) return NO_CONFIG;
  const text = readTextFile(file);
  // The Pulumi CLI takes an empty config file as no config.
  if (text.trim() === "") return NO_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw invalidJson(file, text, e);
  }
  if (!isRecord(raw)) throw fileError(file, `must be a JSON object of policy names to their config, got ${describeValue(raw)}`);
  const doc = new JsonDocument(text);

  const problems: string[] = [];
  const problem = (where: string, message: string) => problems.push(`${file}: ${where}: ${message}`);
  // As the CLI reads it: a numeric "version" marks a versioned file; otherwise "version" would be a policy name.
  if (typeof raw.version !== "number") {
    const { [ESC_ENVIRONMENTS]: environments, ...policies } = raw;
    checkEnvironments(environments, ESC_ENVIRONMENTS, problem);
    checkPolicies(policies, "", problem);
    const written = new Map(members(doc.root));
    return {
      policies,
      version: 1,
      nativeExceptions: [],
      levelKeys: levelKeys(doc, written, policies, ""),
      environments: environmentsAt(doc, environments, written.get(ESC_ENVIRONMENTS), ESC_ENVIRONMENTS),
      problems,
    };
  }
  if (raw.version !== 2) {
    throw fileError(
      file,
      raw.version > 2
        ? `is a policy pack config of version ${raw.version}; this tool, like the Pulumi CLI it matches, reads versions 1 and 2`
        : `"version" must be 2 (or absent, for a version 1 file), got ${raw.version}`,
    );
  }
  for (const [key] of members(doc.root)) {
    if (key !== VERSION && !V2_FIELDS.some((f) => foldsTo(key, f))) {
      problem(key, `not a key of a version 2 config file (keys: ${[VERSION, ...V2_FIELDS].join(", ")})`);
    }
  }
  const environments = goField(doc, doc.root, ESC_ENVIRONMENTS, "value");
  checkEnvironments(environments.value, keyOf(environments.at, ESC_ENVIRONMENTS), problem);
  const policies = goField(doc, doc.root, "policies", "map");
  const envAt = environmentsAt(doc, environments.value, environments.at, keyOf(environments.at, ESC_ENVIRONMENTS));
  const value = policies.value ?? {};
  if (!isRecord(value)) {
    problem(keyOf(policies.at, "policies"), `must be an object of policy names to their config, got ${describeValue(value)}`);
    return { policies: {}, version: 2, nativeExceptions: [], levelKeys: {}, environments: envAt, problems };
  }
  const prefix = `${keyOf(policies.at, "policies")}.`;
  checkPolicies(value, prefix, problem);
  return {
    policies: value,
    version: 2,
    nativeExceptions: readNativeExceptions(doc, goField(doc, doc.root, "exceptions", "value").at, problem),
    levelKeys: levelKeys(doc, policies.members, value, prefix),
    environments: envAt,
    problems,
  };
}

/** A key as the file spells it, for messages. */
function keyOf(property: Node | undefined, field: string): string {
  return (property?.children![0].value as string | undefined) ?? field;
}

/** Where each entry's enforcement level is written: the entry's key for a bare level, else its (last) enforcementLevel. */
function levelKeys(doc: JsonDocument, written: ReadonlyMap<string, Node>, policies: PolicyConfigs, prefix: string): Record<string, KeyAt> {
  const found: Record<string, KeyAt> = {};
  for (const [name, property] of written) {
    const value = policies[name];
    if (typeof value === "string") found[name] = { key: `${prefix}${name}`, line: doc.lineOf(property) };
    else if (isRecord(value) && value[LEVEL] !== undefined) {
      const level = members(property.children![1])
        .filter(([k]) => k === LEVEL)
        .pop()![1];
      found[name] = { key: `${prefix}${name}.${LEVEL}`, line: doc.lineOf(level) };
    }
  }
  return found;
}

function environmentsAt(doc: JsonDocument, value: unknown, at: Node | undefined, key: string): LoadedConfig["environments"] {
  return Array.isArray(value) && value.length > 0 && at ? { key, line: doc.lineOf(at), names: value.map(String) } : undefined;
}

type Problem = (where: string, message: string) => void;

function checkEnvironments(value: unknown, where: string, problem: Problem): void {
  if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) {
    problem(where, "must be a list of ESC environment names");
  }
}

function checkPolicies(policies: PolicyConfigs, prefix: string, problem: Problem): void {
  // The register's problems, the longest list, come after the others.
  const keys = Object.keys(policies).sort((a, b) => Number(a === REGISTER_OWNER.name) - Number(b === REGISTER_OWNER.name));
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
  return policy.register === "owns" ? readSettings(policy, options).problems : schemaProblems(policy, options);
}

/**
 * The engine's exceptions, as the CLI reads them: a map of ids to exceptions, each a struct of
 * "reason" and "match", each match a struct of "policies" and "targets" (goField); kept only where
 * they name a policy of this pack (policy names compared exactly, as the engine compares them).
 */
function readNativeExceptions(doc: JsonDocument, property: Node | undefined, problem: Problem): NativeException[] {
  const block = property?.children![1];
  if (!block || block.type === "null") return [];
  const where = keyOf(property, "exceptions");
  if (block.type !== "object") {
    problem(where, "must be an object that maps exception ids to exceptions");
    return [];
  }
  const ours = new Set(POLICIES.map((p) => p.name));
  const found: NativeException[] = [];
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  for (const [id, member] of new Map(members(block))) {
    const entry = member.children![1];
    const match = goField(doc, entry, "match", "value");
    if (entry.type !== "object" || !Array.isArray(match.value)) {
      problem(`${where}.${id}`, 'must be an object with "reason" and "match" (a list of {"policies", "targets"})');
      continue;
    }
    const policies = new Set<string>();
    const targets = new Set<string>();
    // The list the CLI takes: the last key that spells "match".
    for (const item of match.at!.children![1].children!) {
      const named = strings(goField(doc, item, "policies", "value").value).filter((p) => ours.has(p));
      if (named.length === 0) continue;
      named.forEach((p) => policies.add(p));
      strings(goField(doc, item, "targets", "value").value).forEach((t) => targets.add(t));
    }
    const reason = goField(doc, entry, "reason", "value").value;
    if (policies.size > 0)
      found.push({ id, reason: typeof reason === "string" ? reason : "", policies: [...policies], targets: [...targets] });
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
    'the engine would turn its violations into "exempted" without the register\'s Microsoft authorization, approvers, expiry or ' +
    `communities. Remove it and record the exception in the register instead ("exceptions" under "${MAIN_POLICY}"), e.g. ` +
    `{"id": "${exception.id}", "microsoftAuthorization": "<reference>", "justification": ${JSON.stringify(exception.reason || "<why>")}, ` +
    `"approvedBy": ["<teams>"], "expires": "YYYY-MM-DD", "communities": ["<12076:...>"], "routeFilters": ${JSON.stringify(exception.targets)}}.`
  );
}

/**
 * The CLI layers each ESC environment's `policyConfig` under the file's config (levels, and options
 * such as the register, wherever the file sets none: pkg/engine/update.go) and gives the pack's
 * process the environment's variables. Neither is in the file a review reads, nor read here.
 */
export function environmentsWarnings(config: LoadedConfig, file: string): string[] {
  const env = config.environments;
  if (!env) return [];
  return [
    `${file}:${env.line}: "${env.key}" names Pulumi ESC environments (${env.names.join(", ")}): the Pulumi CLI takes from them ` +
      "enforcement levels and policy options (the register too) wherever this file sets none, and environment variables for the " +
      "pack's process. That part of the config is outside this file and was not checked here; review those environments as well.",
  ];
}

function isLevel(value: unknown): value is EnforcementLevel {
  return ENFORCEMENT_LEVELS.includes(value as EnforcementLevel);
}

function levelMessage(value: unknown): string {
  return `enforcement level must be one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${describeValue(value)}`;
}
