/**
 * The policy pack config file, the same JSON given to `pulumi preview --policy-pack-config`:
 * policy name -> enforcement level, or an object of enforcementLevel and options; "all" sets the
 * level of every policy. Every mistake is reported as one line naming the file, entry and field.
 */
import { POLICIES } from "../../policies/all";
import { describeValue } from "../core/community";
import { ENFORCEMENT_LEVELS, EnforcementLevel, PackConfigFile, optionsOf } from "../core/evaluate";
import { GuardPolicy, JsonSchema, unknownOptions } from "../core/guard-policy";
import { MAIN_POLICY, readSettings } from "../core/settings";
import { fileError } from "./errors";
import { isRecord, readTextFile } from "./read";

export interface LoadedConfig {
  /** As read, for evaluatePack. */
  readonly config: PackConfigFile;
  /** One self-contained line per mistake; empty when the config is valid. */
  readonly problems: readonly string[];
}

// Pulumi reads this key as references to Pulumi ESC environments, not as a policy.
const ESC_ENVIRONMENTS = "environments";

export function loadPackConfig(file: string | undefined): LoadedConfig {
  if (file === undefined) return { config: {}, problems: [] };
  const text = readTextFile(file);
  // The Pulumi CLI takes an empty config file as no config.
  if (text.trim() === "") return { config: {}, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fileError(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(raw)) {
    throw fileError(file, `must be a JSON object of policy names to their config, got ${describeValue(raw)}`);
  }

  const problems: string[] = [];
  const problem = (where: string, message: string) => problems.push(`${file}: ${where}: ${message}`);
  for (const [key, value] of Object.entries(raw)) {
    if (key === ESC_ENVIRONMENTS) {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) problem(key, "must be a list of ESC environment names");
      continue;
    }
    if (key === "all") {
      const level = isRecord(value) ? value.enforcementLevel : value;
      const extra = isRecord(value) ? Object.keys(value).filter((k) => k !== "enforcementLevel") : [];
      if (extra.length > 0) problem("all", `takes only an enforcement level; options belong under a policy name (${extra.join(", ")})`);
      else if (!isLevel(level)) problem("all", levelMessage(level));
      continue;
    }
    const policy = POLICIES.find((p) => p.name === key);
    if (!policy) {
      problem(key, `not a policy of this pack (its policies: ${POLICIES.map((p) => p.name).join(", ")}; or "all")`);
    } else if (typeof value === "string") {
      if (!isLevel(value)) problem(key, levelMessage(value));
    } else if (isRecord(value)) {
      if (value.enforcementLevel !== undefined && !isLevel(value.enforcementLevel)) {
        problem(`${key}, field enforcementLevel`, levelMessage(value.enforcementLevel));
      }
      optionProblems(policy, optionsOf(raw, key)).forEach(([field, message]) => problem(`${key}, field ${field}`, message));
    } else {
      problem(key, `must be an enforcement level or an object of enforcementLevel and options, got ${describeValue(value)}`);
    }
  }
  for (const p of readSettings(optionsOf(raw, MAIN_POLICY)).problems) {
    const entry = p.entry === MAIN_POLICY ? MAIN_POLICY : `${MAIN_POLICY}.${p.entry}`;
    problem(p.field ? `${entry}, field ${p.field}` : entry, p.message);
  }
  return { config: raw, problems };
}

/**
 * Unknown options, and values that break a flat option's schema (type, minimum, enum). The main
 * policy's options, the register among them, are checked in depth by readSettings instead.
 */
function optionProblems(policy: GuardPolicy, options: Record<string, unknown>): [string, string][] {
  const known = policy.configSchema.properties;
  const unknown = unknownOptions(policy, options);
  const out: [string, string][] = unknown.map((name) => [name, `unknown option (known: ${Object.keys(known).join(", ") || "none"})`]);
  if (policy.name === MAIN_POLICY) return out;
  for (const [name, value] of Object.entries(options)) {
    const wrong = unknown.includes(name) ? undefined : flatValueProblem(value, known[name]);
    if (wrong) out.push([name, wrong]);
  }
  return out;
}

function flatValueProblem(value: unknown, schema: JsonSchema): string | undefined {
  const got = `got ${describeValue(value)}`;
  switch (schema.type) {
    case "integer":
      if (!Number.isInteger(value)) return `must be a whole number, ${got}`;
      break;
    case "number":
      if (typeof value !== "number") return `must be a number, ${got}`;
      break;
    case "string":
      if (typeof value !== "string") return `must be a string, ${got}`;
      break;
    case "boolean":
      if (typeof value !== "boolean") return `must be true or false, ${got}`;
      break;
  }
  if (typeof schema.minimum === "number" && typeof value === "number" && value < schema.minimum) {
    return `must be at least ${schema.minimum}, ${got}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `must be one of ${schema.enum.join(", ")}, ${got}`;
  return undefined;
}

function isLevel(value: unknown): value is EnforcementLevel {
  return ENFORCEMENT_LEVELS.includes(value as EnforcementLevel);
}

function levelMessage(value: unknown): string {
  return `enforcement level must be one of ${ENFORCEMENT_LEVELS.join(", ")}, got ${describeValue(value)}`;
}
