/**
 * A policy's options checked against its own configSchema, the one statement of their structure
 * (the Pulumi CLI validates the same schema before a preview). Each mistake becomes a problem that
 * names the entry and the field, says what was expected and what was found.
 */
import type * as AjvModule from "ajv";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import { existsSync } from "fs";
import * as path from "path";
import { describeValue } from "./json";
import { type GuardPolicy, type JsonSchema } from "./guard-policy";

/** A mistake in the configuration: where it is (entry) and which field, in words a reviewer can act on. */
export interface ConfigProblem {
  readonly entry: string;
  readonly field: string;
  readonly message: string;
}

// verbose: errors carry the failing value and its schema, which the messages quote.
export const AJV_OPTIONS: Options = { allErrors: true, strict: true, verbose: true };
const validators = new WeakMap<GuardPolicy, ValidateFunction>();

/** The schema of a policy's whole config object: its options, its level, nothing else. */
export function optionsSchema(policy: GuardPolicy): JsonSchema {
  return {
    type: "object",
    properties: { ...policy.configSchema.properties, enforcementLevel: {} },
    required: policy.configSchema.required ?? [],
    additionalProperties: false,
  };
}

/** What scripts/compile-config-schemas.js writes beside the compiled module: per policy, its validator and the schema it checks. */
export const PREBUILT_VALIDATORS = "config-validators.js";
interface Prebuilt {
  readonly policies: Record<string, { readonly validate: ValidateFunction; readonly schema: string }>;
}

/**
 * The build compiles the validators ahead (ajv's standalone code), since compiling the register's schema
 * costs more than the rest of the pack's start in every preview. One compiled from another schema than
 * the policy's own (a stale build) is not used; the tests run from source compile theirs here.
 */
function validatorOf(policy: GuardPolicy): ValidateFunction {
  let validate = validators.get(policy);
  if (!validate) {
    const schema = optionsSchema(policy);
    const file = path.join(__dirname, PREBUILT_VALIDATORS);
    // The build writes this file; a pack run from source has none.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const prebuilt = existsSync(file) ? (require(file) as Prebuilt).policies[policy.name] : undefined;
    validate = prebuilt?.schema === JSON.stringify(schema) ? prebuilt.validate : compile(schema);
    validators.set(policy, validate);
  }
  return validate;
}

function compile(schema: JsonSchema): ValidateFunction {
  // Loaded only here: a pack from a build never needs the compiler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require("ajv") as typeof AjvModule).default;
  return new Ajv(AJV_OPTIONS).compile(schema);
}

export function schemaProblems(policy: GuardPolicy, options: Record<string, unknown>): ConfigProblem[] {
  const validate = validatorOf(policy);
  if (validate(options)) return [];
  const problems = new Map<string, ConfigProblem>();
  for (const error of validate.errors ?? []) {
    const problem = describeError(policy, options, error);
    // One problem per field: a value of the wrong type also fails its pattern, say the first.
    const key = `${problem.entry}\u0000${problem.field}`;
    if (!problems.has(key)) problems.set(key, problem);
  }
  return [...problems.values()];
}

function describeError(policy: GuardPolicy, options: Record<string, unknown>, error: ErrorObject): ConfigProblem {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const child = error.params as { missingProperty?: string; additionalProperty?: string };
  const extra = child.missingProperty ?? child.additionalProperty;
  if (extra !== undefined) path.push(extra);
  const { entry, field } = locate(policy.name, options, path);
  return { entry, field, message: messageOf(error, path.length === 1) };
}

/** `exceptions/0/approvedBy/1` -> entry `exceptions[0] (its id)`, field `approvedBy[1]`; a plain option is an entry of the policy. */
function locate(policyName: string, options: Record<string, unknown>, path: string[]): { entry: string; field: string } {
  if (path.length >= 2 && /^\d+$/.test(path[1])) {
    const item = (options[path[0]] as unknown[])[Number(path[1])];
    const id =
      typeof item === "object" && item !== null && typeof (item as { id?: unknown }).id === "string"
        ? (item as { id: string }).id.trim()
        : "";
    return { entry: `${path[0]}[${path[1]}]${id ? ` (${id})` : ""}`, field: fieldPath(path.slice(2)) };
  }
  return { entry: policyName, field: fieldPath(path) };
}

function fieldPath(segments: string[]): string {
  return segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out ? `${out}.${s}` : s), "");
}

function messageOf(error: ErrorObject, topLevel: boolean): string {
  const schema = error.parentSchema as JsonSchema;
  const got = `got ${describeValue(error.data)}`;
  switch (error.keyword) {
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const property = (schema.properties as Record<string, JsonSchema>)[missing] ?? {};
      return property.type === "array" ? "is required (a non-empty list)" : "is required";
    }
    case "additionalProperties": {
      const known = Object.keys(schema.properties as object).filter((k) => k !== "enforcementLevel");
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      return `${topLevel ? "unknown option" : `unknown field "${name}"`} (known: ${known.join(", ") || "none"})`;
    }
    case "enum":
      return `must be one of ${(schema.enum as unknown[]).join(", ")}, ${got}`;
    case "minimum":
      return `must be at least ${schema.minimum as number}, ${got}`;
    case "minItems":
      return "must be a non-empty list, got an empty list";
    default:
      return `must be ${expected(schema)}, ${got}`;
  }
}

/** What a value of this schema looks like, in words: patterned values say it in their description. */
function expected(schema: JsonSchema): string {
  if (schema.type === "string" && typeof schema.pattern === "string" && schema.pattern !== "\\S") return String(schema.description);
  switch (schema.type) {
    case "string":
      return "a non-empty string";
    case "array":
      return schema.minItems ? "a non-empty list" : "a list";
    case "object":
      return "an object";
    case "integer":
      return "a whole number";
    case "boolean":
      return "true or false";
    default:
      return `a ${String(schema.type)}`;
  }
}
