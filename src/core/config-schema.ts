/**
 * A policy's options checked against its own configSchema, the one statement of their structure
 * (the Pulumi CLI validates the same schema before a preview). Each mistake becomes a problem that
 * names the entry and the field, says what was expected and what was found.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import { describeValue } from "./community";
import { GuardPolicy, JsonSchema } from "./guard-policy";

/** A mistake in the configuration: where it is (entry) and which field, in words a reviewer can act on. */
export interface ConfigProblem {
  readonly entry: string;
  readonly field: string;
  readonly message: string;
}

// verbose: errors carry the failing value and its schema, which the messages quote.
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
const validators = new WeakMap<GuardPolicy, ValidateFunction>();

/** The schema of a policy's whole config object: its options, its level, nothing else. */
function optionsSchema(policy: GuardPolicy): JsonSchema {
  return {
    type: "object",
    properties: { ...policy.configSchema.properties, enforcementLevel: {} },
    required: policy.configSchema.required ?? [],
    additionalProperties: false,
  };
}

export function schemaProblems(policy: GuardPolicy, options: Record<string, unknown>): ConfigProblem[] {
  let validate = validators.get(policy);
  if (!validate) {
    validate = ajv.compile(optionsSchema(policy));
    validators.set(policy, validate);
  }
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
  const path = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const child = (error.params as { missingProperty?: string; additionalProperty?: string });
  const extra = child.missingProperty ?? child.additionalProperty;
  if (extra !== undefined) path.push(extra);
  const { entry, field } = locate(policy.name, options, path);
  return { entry, field, message: messageOf(error, path.length === 1) };
}

/** `exceptions/0/approvedBy/1` -> entry `exceptions[0] (its id)`, field `approvedBy[1]`; a plain option is an entry of the policy. */
function locate(policyName: string, options: Record<string, unknown>, path: string[]): { entry: string; field: string } {
  if (path.length >= 2 && /^\d+$/.test(path[1])) {
    const item = (options[path[0]] as unknown[])[Number(path[1])];
    const id = typeof item === "object" && item !== null && typeof (item as { id?: unknown }).id === "string" ? (item as { id: string }).id.trim() : "";
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
      const property = ((schema.properties as Record<string, JsonSchema>)[missing] ?? {}) as JsonSchema;
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
