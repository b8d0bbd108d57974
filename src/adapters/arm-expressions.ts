/**
 * Just enough of the ARM template language to read what a template literally says: parameters
 * (given or default), variables, and the string, array and ID functions templates use to build
 * names and community lists. Anything else is not guessed: it becomes an `Unreadable` value, so
 * the pack reports "cannot verify" instead of reading it wrongly.
 */
import { describeValue, isRecord } from "../core/json";
import { Unreadable } from "../core/model";
import { HIDDEN_KEYS, MAX_DEPTH, own, setOwn } from "./values";

/** Where a template deploys: what `subscription()`, `resourceGroup()` and `resourceId()` refer to. */
export interface DeploymentScope {
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
}

export interface ExpressionContext {
  /** The parameter's value (given, else its default), or an `Unreadable`. */
  parameter(name: string): unknown;
  variable(name: string): unknown;
  readonly scope: DeploymentScope;
  /** Set when the template arrived as an object, from which the engine hid keys beginning `__`. */
  readonly keysHidden?: boolean;
}

/** Why an expression has no value the pack can use. */
class CannotEvaluate extends Error {}

type Node =
  | { readonly kind: "literal"; readonly value: unknown }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: "member"; readonly target: Node; readonly key: Node };

// Deeper than any template writes by hand; keeps a hostile expression from exhausting the stack.
const MAX_EXPRESSION_DEPTH = 64;

/** `[...]` is an expression; `[[...]` is the literal text `[...]`. */
function isExpression(text: string): boolean {
  return text.startsWith("[") && !text.startsWith("[[") && text.endsWith("]");
}

/** A template string's value: the literal, or what its expression evaluates to. */
export function evaluateString(text: string, context: ExpressionContext): unknown {
  if (!isExpression(text)) return text.startsWith("[[") ? text.slice(1) : text;
  try {
    return evaluate(new Parser(text.slice(1, -1)).parse(), context);
  } catch (e) {
    if (!(e instanceof CannotEvaluate)) throw e;
    const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
    return new Unreadable("shape", `is the ARM expression ${JSON.stringify(shown)}, which the pack cannot evaluate: ${e.message}`);
  }
}

/**
 * A template value with every expression evaluated. Property loops (`copy` inside an object)
 * are not expanded: the properties they build become unreadable.
 */
export function resolveTree(value: unknown, context: ExpressionContext, depth = 0): unknown {
  if (typeof value === "string") return evaluateString(value, context);
  if (value === null || typeof value !== "object" || value instanceof Unreadable) return value;
  if (depth >= MAX_DEPTH) return new Unreadable("shape", `is nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) return value.map((v) => resolveTree(v, context, depth + 1));
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === "copy" && Array.isArray(record[key])) continue;
    setOwn(out, key, resolveTree(record[key], context, depth + 1));
  }
  for (const loop of copyLoops(record)) {
    setOwn(out, loop, new Unreadable("shape", "is built by a copy loop, which the pack does not expand"));
  }
  return out;
}

/** Names of the properties an object's `copy` section builds. */
function copyLoops(record: Record<string, unknown>): string[] {
  const key = Object.keys(record).find((k) => k.toLowerCase() === "copy");
  const loops = key === undefined ? undefined : record[key];
  if (!Array.isArray(loops)) return [];
  return loops.map((loop, i) => {
    const name = loop && typeof loop === "object" ? own(loop as Record<string, unknown>, "name") : undefined;
    return typeof name === "string" ? name : `copy[${i}]`;
  });
}

/** Looks a key up as ARM does: without regard to case. */
export function memberIgnoringCase(record: Record<string, unknown>, key: string): unknown {
  const exact = own(record, key);
  if (exact !== undefined) return exact;
  const found = Object.keys(record).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : record[found];
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.expression();
    this.skipSpace();
    if (this.at !== this.text.length) throw new CannotEvaluate(`unexpected "${this.text.slice(this.at, this.at + 10)}"`);
    return node;
  }

  private expression(): Node {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw new CannotEvaluate(`nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
    let node = this.primary();
    for (;;) {
      this.skipSpace();
      if (this.peek() === ".") {
        this.at++;
        node = { kind: "member", target: node, key: { kind: "literal", value: this.identifier() } };
      } else if (this.peek() === "[") {
        this.at++;
        const key = this.expression();
        this.expect("]");
        node = { kind: "member", target: node, key };
      } else break;
    }
    this.depth--;
    return node;
  }

  private primary(): Node {
    this.skipSpace();
    const c = this.peek();
    if (c === "'") return { kind: "literal", value: this.stringLiteral() };
    if (c !== undefined && /[-0-9]/.test(c)) {
      const match = /^-?[0-9]+/.exec(this.text.slice(this.at));
      if (!match) throw new CannotEvaluate(`unexpected "${c}"`);
      this.at += match[0].length;
      return { kind: "literal", value: Number(match[0]) };
    }
    const name = this.identifier();
    this.skipSpace();
    if (this.peek() !== "(") throw new CannotEvaluate(`"${name}" is not a function call`);
    this.at++;
    const args: Node[] = [];
    this.skipSpace();
    if (this.peek() === ")") this.at++;
    else {
      for (;;) {
        args.push(this.expression());
        this.skipSpace();
        if (this.peek() === ",") this.at++;
        else {
          this.expect(")");
          break;
        }
      }
    }
    return { kind: "call", name, args };
  }

  private identifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at));
    if (!match) throw new CannotEvaluate(`unexpected "${this.text.slice(this.at, this.at + 10)}"`);
    this.at += match[0].length;
    return match[0];
  }

  private stringLiteral(): string {
    let out = "";
    for (this.at++; this.at < this.text.length; this.at++) {
      if (this.text[this.at] !== "'") out += this.text[this.at];
      else if (this.text[this.at + 1] === "'") {
        out += "'";
        this.at++;
      } else {
        this.at++;
        return out;
      }
    }
    throw new CannotEvaluate("a string is not closed");
  }

  private expect(c: string): void {
    this.skipSpace();
    if (this.peek() !== c) throw new CannotEvaluate(`expected "${c}"`);
    this.at++;
  }

  private peek(): string | undefined {
    return this.text[this.at];
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }
}

function evaluate(node: Node, context: ExpressionContext): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "member": {
      const target = evaluate(node.target, context);
      const key = evaluate(node.key, context);
      if (target instanceof Unreadable) return target;
      if (key instanceof Unreadable) return key;
      if (Array.isArray(target) && typeof key === "number") return present(target[key], `index ${key}`);
      if (isRecord(target) && typeof key === "string") return present(memberIgnoringCase(target, key), `property "${key}"`);
      throw new CannotEvaluate(`cannot take ${JSON.stringify(key)} of ${describeValue(target)}`);
    }
    case "call":
      return call(node.name.toLowerCase(), node.args, context);
  }
}

/** Arguments a function reads whole (every key of an object): not to be trusted where keys were hidden. */
function whole(args: unknown[], context: ExpressionContext): unknown[] {
  const holdsObject = (value: unknown): boolean => (Array.isArray(value) ? value.some(holdsObject) : isRecord(value));
  if (context.keysHidden && args.some(holdsObject)) {
    throw new CannotEvaluate(`it reads a whole object or list, and ${HIDDEN_KEYS}`);
  }
  return args;
}

function present(value: unknown, what: string): unknown {
  if (value === undefined) throw new CannotEvaluate(`${what} is not there`);
  return value;
}

function call(name: string, argNodes: readonly Node[], context: ExpressionContext): unknown {
  if (name === "if") {
    // Only the branch taken is evaluated: the other may well be unreadable.
    const condition = evaluate(argNodes[0] ?? { kind: "literal", value: undefined }, context);
    if (condition instanceof Unreadable) return condition;
    if (typeof condition !== "boolean" || argNodes.length !== 3) throw new CannotEvaluate("if() needs a true/false condition and two values");
    return evaluate(argNodes[condition ? 1 : 2], context);
  }
  const args = argNodes.map((a) => evaluate(a, context));
  const unreadable = args.find((a) => a instanceof Unreadable);
  if (unreadable) return unreadable;
  const fn = FUNCTIONS[name];
  if (!fn) throw new CannotEvaluate(`the function ${name}() is not one the pack evaluates`);
  return fn(args, context);
}

type Fn = (args: unknown[], context: ExpressionContext) => unknown;

const FUNCTIONS: Record<string, Fn> = Object.assign(Object.create(null) as Record<string, Fn>, {
  parameters: (args: unknown[], c: ExpressionContext) => c.parameter(text(args[0])),
  variables: (args: unknown[], c: ExpressionContext) => c.variable(text(args[0])),
  concat: (args: unknown[]) =>
    args.every(Array.isArray) ? (args as unknown[][]).flat() : args.map(scalarText).join(""),
  format: (args: unknown[]) =>
    text(args[0]).replace(/\{(\d+)(:[^}]*)?\}/g, (_m, i: string, spec?: string) => {
      if (spec) throw new CannotEvaluate("format() with a format specifier");
      return scalarText(present(args[Number(i) + 1], `argument ${i}`));
    }),
  createarray: (args: unknown[]) => args,
  array: (args: unknown[]) => (Array.isArray(args[0]) ? args[0] : [args[0]]),
  createobject: (args: unknown[]) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < args.length; i += 2) setOwn(out, text(args[i]), args[i + 1]);
    return out;
  },
  string: (args: unknown[], c: ExpressionContext) => (typeof args[0] === "string" ? args[0] : JSON.stringify(whole(args, c)[0])),
  tolower: (args: unknown[]) => text(args[0]).toLowerCase(),
  toupper: (args: unknown[]) => text(args[0]).toUpperCase(),
  trim: (args: unknown[]) => text(args[0]).trim(),
  equals: (args: unknown[], c: ExpressionContext) => {
    const [a, b] = whole(args, c);
    // Whether ARM compares text with regard to case is not something to guess at.
    if (typeof a === "string" && typeof b === "string" && a !== b && a.toLowerCase() === b.toLowerCase()) {
      throw new CannotEvaluate("equals() of texts that differ only in case");
    }
    return JSON.stringify(a) === JSON.stringify(b);
  },
  not: (args: unknown[]) => !bool(args[0]),
  and: (args: unknown[]) => args.map(bool).every(Boolean),
  or: (args: unknown[]) => args.map(bool).some(Boolean),
  true: () => true,
  false: () => false,
  null: () => null,
  json: (args: unknown[]) => {
    try {
      return JSON.parse(text(args[0]));
    } catch {
      throw new CannotEvaluate("json() of text that is not JSON");
    }
  },
  subscription: (_args: unknown[], c: ExpressionContext) => {
    const id = known(c.scope.subscriptionId, "the deployment's subscription");
    return { subscriptionId: id, id: `/subscriptions/${id}` };
  },
  resourcegroup: (_args: unknown[], c: ExpressionContext) => {
    const name = known(c.scope.resourceGroup, "the deployment's resource group");
    return { name, id: `/subscriptions/${known(c.scope.subscriptionId, "the deployment's subscription")}/resourceGroups/${name}` };
  },
  resourceid: (args: unknown[], c: ExpressionContext) => resourceId(args.map(text), c.scope),
});

/** resourceId([subscriptionId], [resourceGroupName], type, name...), as ARM composes it. */
function resourceId(args: string[], scope: DeploymentScope): string {
  const typeAt = args.findIndex((a) => a.includes("/"));
  if (typeAt < 0 || typeAt > 2) throw new CannotEvaluate("resourceId() without a resource type");
  const subscription = typeAt === 2 ? args[0] : known(scope.subscriptionId, "the deployment's subscription");
  const group = typeAt >= 1 ? args[typeAt - 1] : known(scope.resourceGroup, "the deployment's resource group");
  const [namespace, ...types] = args[typeAt].split("/");
  const names = args.slice(typeAt + 1);
  if (types.length !== names.length) throw new CannotEvaluate("resourceId() with as many names as type segments");
  const path = types.map((t, i) => `${t}/${names[i]}`).join("/");
  return `/subscriptions/${subscription}/resourceGroups/${group}/providers/${namespace}/${path}`;
}

function known(value: string | undefined, what: string): string {
  if (value === undefined) throw new CannotEvaluate(`${what} is not known`);
  return value;
}

function text(value: unknown): string {
  if (typeof value !== "string") throw new CannotEvaluate(`expected text, got ${describeValue(value)}`);
  return value;
}

function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new CannotEvaluate(`expected text, got ${describeValue(value)}`);
}

function bool(value: unknown): boolean {
  if (typeof value !== "boolean") throw new CannotEvaluate(`expected true or false, got ${describeValue(value)}`);
  return value;
}

export { CannotEvaluate };
