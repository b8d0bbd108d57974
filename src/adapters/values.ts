import { describeValue } from "../core/json";
import { Unreadable, type UnreadableProperty } from "../core/model";

// Pulumi's wire encodings (sdk/proto and @pulumi/pulumi/runtime/rpc): an unknown output is this
// sentinel string, a secret is an object tagged with the signature key.
const UNKNOWN_SENTINELS = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string/any
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret in the engine's wire form (a stack export, or props the binding took off the runtime's proxy). */
export function isSecretMarker(value: unknown): value is { value?: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** `value` as a secret in the wire form. */
export function wireSecret(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Deeper than this, a value is not read: no resource shape nests anywhere near it. */
export const MAX_DEPTH = 1000;

/**
 * Copies a property tree into plain data, turning every value the pack cannot read into an
 * `Unreadable` marker, so that adapters never throw and never mistake a sentinel for data.
 * Reads data as the engine sends it (a stack export, or the props under the policy runtime's proxy).
 */
export function plainValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? new Unreadable("unknown") : value;
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Unreadable) return value;
  if (depth >= MAX_DEPTH) return new Unreadable("shape", `is nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(plainValue(value[i], depth + 1));
    return out;
  }
  const record = value as Record<string, unknown>;
  if (own(record, SIG_KEY) === SECRET_SIG) return secretValue(record, depth);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (!isHiddenKey(key)) setOwn(out, key, plainValue(record[key], depth + 1));
  return out;
}

/**
 * The Pulumi engine drops every key that begins with `__`, at any depth, from what it sends a policy
 * (FilterOptions.SkipInternalKeys in its analyzer client) while the provider still gets it. Dropping
 * them here too makes `scan` read a resource exactly as the pack is shown it.
 */
export function isHiddenKey(key: string): boolean {
  return key.startsWith("__");
}

/** Why a value that arrived as an object (not JSON text, which the engine leaves alone) may lack keys. */
export const HIDDEN_KEYS =
  'Pulumi hides every key beginning "__" from policies (the provider still gets it), so what Azure reads here may not be what the pack sees';

/**
 * `out[key] = value` would give `__proto__` a new prototype instead of a property: JSON and the
 * engine's wire format treat every name as a plain key, and so must the pack.
 */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  // Only `__proto__` needs the slow path; defining every key would make every copy a slow dictionary.
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** A member by name, own properties only: `constructor` or `__proto__` of a plain object is no value. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * A member as Azure Resource Manager reads names: without regard to case. ARM matches names the
 * way .NET's ordinal ignore-case does, which upper-cases; JavaScript's lower-casing folds a few
 * other letters (the Kelvin sign), so a key that matches either way counts as a spelling of the
 * name: reading too much fails closed, reading too little would not.
 *
 * Two spellings of one name with different values (`rules` and `Rules`) are an `Unreadable` that
 * names both: which one Azure keeps is not documented (assumed: either may win).
 */
export function memberIgnoringCase(record: Record<string, unknown>, key: string): unknown {
  const lower = key.toLowerCase();
  const upper = key.toUpperCase();
  return oneOf(
    record,
    key,
    Object.keys(record).filter((k) => k === key || k.toLowerCase() === lower || k.toUpperCase() === upper),
  );
}

/** The same reads from an object with many names (a template's variables), each in constant time. */
export class NamesIgnoringCase {
  private readonly byLower = new Map<string, string[]>();
  private readonly byUpper = new Map<string, string[]>();

  constructor(private readonly record: Record<string, unknown>) {
    for (const k of Object.keys(record)) {
      push(this.byLower, k.toLowerCase(), k);
      push(this.byUpper, k.toUpperCase(), k);
    }
  }

  get(key: string): unknown {
    const spellings = new Set([...(this.byLower.get(key.toLowerCase()) ?? []), ...(this.byUpper.get(key.toUpperCase()) ?? [])]);
    return oneOf(this.record, key, [...spellings]);
  }
}

function push(map: Map<string, string[]>, at: string, key: string): void {
  const list = map.get(at);
  if (list) list.push(key);
  else map.set(at, [key]);
}

/** The value of the spellings found of `key`, or why there is none to tell. */
function oneOf(record: Record<string, unknown>, key: string, spellings: readonly string[]): unknown {
  if (spellings.length === 0) return undefined;
  const value = record[spellings[0]];
  const differing = spellings.filter((k) => sameValue(value, record[k]) !== true);
  if (differing.length > 0) {
    // Sorted: the order names arrive in differs between a stack export and the policy runtime.
    const names = [spellings[0], ...differing]
      .sort()
      .map((k) => JSON.stringify(k))
      .join(" and ");
    return new Unreadable(
      "shape",
      `is written twice, as ${names}, with different values: Azure reads names without regard to case, and which one it keeps is not documented`,
    );
  }
  // The exact spelling, when several agree, is the one read.
  return spellings.includes(key) ? record[key] : value;
}

/**
 * Whether two plain values are equal, as ARM compares values: objects by their members in any
 * order, lists in order. `"case"` when the answer turns on the case of a text or of a property
 * name (ARM does not document which way it goes); an `Unreadable` when it turns on a value that
 * cannot be read.
 */
export function sameValue(a: unknown, b: unknown, depth = 0): boolean | "case" | Unreadable {
  if (a === b) return true;
  if (a instanceof Unreadable) return a;
  if (b instanceof Unreadable) return b;
  if (typeof a === "string" && typeof b === "string")
    return a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase() ? "case" : false;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (depth >= MAX_DEPTH) return new Unreadable("shape", `is nested more than ${MAX_DEPTH} levels deep`);
  const answers: (boolean | "case" | Unreadable)[] = [];
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) answers.push(sameValue(a[i], other[i], depth + 1));
  } else {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const leftKeys = Object.keys(left);
    const rightKeys = Object.keys(right);
    if (leftKeys.length !== rightKeys.length) return false;
    for (const key of leftKeys) {
      if (Object.prototype.hasOwnProperty.call(right, key)) {
        answers.push(sameValue(left[key], right[key], depth + 1));
        continue;
      }
      const spelling = rightKeys.find((k) => k.toLowerCase() === key.toLowerCase() || k.toUpperCase() === key.toUpperCase());
      if (spelling === undefined) return false;
      answers.push("case", sameValue(left[key], right[spelling], depth + 1));
    }
  }
  // A definite difference decides whichever way case goes; then an unreadable value; then case.
  if (answers.includes(false)) return false;
  return answers.find((x) => x instanceof Unreadable) ?? (answers.includes("case") ? "case" : true);
}

/**
 * A secret on the wire carries its `value`; in a stack export it is `ciphertext`, or, exported
 * with --show-secrets, `plaintext` (JSON). Only ciphertext is beyond reading.
 */
function secretValue(secret: Record<string, unknown>, depth: number): unknown {
  if ("value" in secret) return plainValue(secret.value, depth + 1);
  if (typeof secret.plaintext === "string") {
    try {
      return plainValue(JSON.parse(secret.plaintext), depth);
    } catch {
      return new Unreadable("shape", "is a secret whose plaintext is not valid JSON");
    }
  }
  return new Unreadable("secret");
}

/**
 * Typed reads from a plain property tree that record, instead of throwing, every property that
 * is unknown, secret or of the wrong type.
 */
export class PropertyReader {
  readonly unreadable: UnreadableProperty[] = [];

  private take(value: unknown, path: string, expected: string, ok: (v: unknown) => boolean): unknown {
    if (value === undefined || value === null) return undefined;
    if (value instanceof Unreadable) {
      this.unreadable.push({ property: path, why: value });
      return undefined;
    }
    if (!ok(value)) {
      this.unreadable.push({ property: path, why: new Unreadable("shape", `should be ${expected}, but is ${describeValue(value)}`) });
      return undefined;
    }
    return value;
  }

  string(value: unknown, path: string): string | undefined {
    return this.take(value, path, "a string", (v) => typeof v === "string") as string | undefined;
  }

  list(value: unknown, path: string): unknown[] | undefined {
    return this.take(value, path, "a list", Array.isArray) as unknown[] | undefined;
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    return this.take(value, path, "an object", (v) => typeof v === "object" && !Array.isArray(v)) as Record<string, unknown> | undefined;
  }

  /** Records an unreadable value without type expectations (e.g. a community that is unknown). */
  note(value: unknown, path: string): boolean {
    if (value instanceof Unreadable) {
      this.unreadable.push({ property: path, why: value });
      return true;
    }
    return false;
  }
}
