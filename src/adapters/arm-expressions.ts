/**
 * Just enough of the ARM template language to read what a template literally says: parameters
 * (given or default), variables, and the string, array and ID functions templates use to build
 * names and community lists. Anything else is not guessed: it becomes an `Unreadable` value, so
 * the pack reports "cannot verify" instead of reading it wrongly.
 */
import { describeValue, isRecord } from "../core/json";
import { Unreadable } from "../core/model";
import { HIDDEN_KEYS, isHiddenKey, MAX_DEPTH, memberIgnoringCase, NamesIgnoringCase, sameValue, setOwn } from "./values";

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
  /** Counts work done for one template; throws `CannotEvaluate` once it is more than any real template needs. */
  spend(steps: number): void;
  /** Set when the template arrived as an object, from which the engine hid keys beginning `__`. */
  readonly keysHidden?: boolean;
}

/** Why an expression has no value the pack can use. */
class CannotEvaluate extends Error {}

/**
 * ARM's own limits (Microsoft's "Template limits"): 24,576 characters in an expression; 4 MB for
 * the whole template once variables and parameters are expanded, so no value of a deployable
 * template is larger.
 */
const MAX_EXPRESSION_LENGTH = 24_576;
const MAX_VALUE_SIZE = 4 * 1024 * 1024;
// Work for one template (expression steps plus characters handled): far beyond what a 4 MB
// template needs, and small enough that a hostile one is answered in about a second.
const MAX_STEPS = 100_000_000;

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

/** Parameter values a deployment gives its template, by lower-case name; or why none can be read. */
export type GivenValues = ReadonlyMap<string, unknown> | Unreadable;

/**
 * The parameters and variables a template's expressions read, each evaluated once.
 *
 * A value that needs another is not evaluated by calling into it (a chain of variables, each
 * built from the next, would be as deep in the JavaScript stack as it is long): evaluation stops
 * at the first value not yet known, that value is put on a work list and evaluated first, then the
 * first is tried again. The stack stays as deep as one expression, however long the chain.
 */
export function templateContext(
  template: Record<string, unknown>,
  given: GivenValues,
  scope: DeploymentScope,
  keysHidden: boolean,
): ExpressionContext {
  return new TemplateValues(template, given, scope, keysHidden);
}

/** Thrown through an evaluation to say which value it needs first; not an Error, so no stack trace is taken. */
class NeedsFirst {
  constructor(
    readonly key: string,
    readonly raw: unknown,
  ) {}
}

class TemplateValues implements ExpressionContext {
  private readonly declarations: NamesIgnoringCase | Unreadable | undefined;
  private readonly variables: NamesIgnoringCase | Unreadable | undefined;
  private readonly loopedVariables: ReadonlySet<string>;
  private readonly done = new Map<string, unknown>();
  /** The values being evaluated, each needed by the one below it. */
  private readonly pending: NeedsFirst[] = [];
  private readonly pendingKeys = new Set<string>();
  private stepsLeft = MAX_STEPS;

  constructor(
    template: Record<string, unknown>,
    private readonly given: GivenValues,
    readonly scope: DeploymentScope,
    readonly keysHidden: boolean,
  ) {
    const section = (name: string) => {
      const value = memberIgnoringCase(template, name);
      return value instanceof Unreadable ? value : isRecord(value) ? new NamesIgnoringCase(value) : undefined;
    };
    this.declarations = section("parameters");
    this.variables = section("variables");
    const loops = this.variables instanceof NamesIgnoringCase ? this.variables.get("copy") : undefined;
    this.loopedVariables = new Set(
      (Array.isArray(loops) ? loops : []).flatMap((l) => {
        const name = isRecord(l) ? memberIgnoringCase(l, "name") : undefined;
        return typeof name === "string" ? [name.toLowerCase()] : [];
      }),
    );
  }

  spend(steps: number): void {
    if ((this.stepsLeft -= steps) < 0)
      throw new CannotEvaluate(
        `the template takes more than ${MAX_STEPS.toLocaleString("en-US")} steps to evaluate, more than any deployable template needs`,
      );
  }

  parameter(name: string): unknown {
    this.visible("parameter", name);
    const declaration = this.declared(this.declarations, "parameter", name);
    if (declaration instanceof Unreadable) return declaration;
    if (this.given instanceof Unreadable) return this.given;
    if (this.given.has(name.toLowerCase())) return this.given.get(name.toLowerCase());
    const fallback = isRecord(declaration) ? memberIgnoringCase(declaration, "defaultValue") : undefined;
    if (fallback === undefined) throw new CannotEvaluate(`parameter "${name}" is given no value and has no default`);
    return this.resolved(`parameter "${name}"`, fallback);
  }

  variable(name: string): unknown {
    this.visible("variable", name);
    if (this.loopedVariables.has(name.toLowerCase())) {
      throw new CannotEvaluate(`variable "${name}" is built by a copy loop, which the pack does not expand`);
    }
    const raw = this.declared(this.variables, "variable", name);
    return raw instanceof Unreadable ? raw : this.resolved(`variable "${name}"`, raw);
  }

  /** A name beginning "__" is hidden wherever it was written in an object: its declaration, or the value given for it. */
  private visible(what: string, name: string): void {
    if (this.keysHidden && isHiddenKey(name)) throw new CannotEvaluate(`${what} "${name}" begins "__": ${HIDDEN_KEYS}`);
  }

  private declared(section: NamesIgnoringCase | Unreadable | undefined, what: string, name: string): unknown {
    if (section instanceof Unreadable) return section;
    const raw = section?.get(name);
    if (raw === undefined) throw new CannotEvaluate(`the template declares no ${what} "${name}"`);
    return raw;
  }

  private resolved(label: string, raw: unknown): unknown {
    const key = label.toLowerCase();
    if (this.done.has(key)) return this.done.get(key);
    if (this.pending.length > 0) {
      // Inside another value's evaluation: a value it is itself waiting for is a loop.
      if (this.pendingKeys.has(key)) throw new CannotEvaluate(`${label} refers to itself`);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a signal to the work list, not an error: no stack trace to take
      throw new NeedsFirst(key, raw);
    }
    const wait = (value: NeedsFirst) => {
      this.pending.push(value);
      this.pendingKeys.add(value.key);
    };
    wait(new NeedsFirst(key, raw));
    try {
      while (this.pending.length > 0) {
        const next = this.pending[this.pending.length - 1];
        try {
          this.done.set(next.key, resolveTree(next.raw, this));
          this.pending.pop();
          this.pendingKeys.delete(next.key);
        } catch (e) {
          if (!(e instanceof NeedsFirst)) throw e;
          wait(e);
        }
      }
    } finally {
      this.pending.length = 0;
      this.pendingKeys.clear();
    }
    return this.done.get(key);
  }
}

/** A template string's value: the literal, or what its expression evaluates to. */
export function evaluateString(text: string, context: ExpressionContext): unknown {
  if (!isExpression(text)) return text.startsWith("[[") ? text.slice(1) : text;
  try {
    if (text.length - 2 > MAX_EXPRESSION_LENGTH)
      throw new CannotEvaluate(`it is longer than ${MAX_EXPRESSION_LENGTH} characters, ARM's limit`);
    context.spend(text.length);
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
    const name = loop && typeof loop === "object" ? memberIgnoringCase(loop as Record<string, unknown>, "name") : undefined;
    return typeof name === "string" ? name : `copy[${i}]`;
  });
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
    const outer = this.depth;
    this.deeper();
    let node = this.primary();
    for (;;) {
      this.skipSpace();
      // Each member access nests the node once more: a long chain is as deep as nested calls.
      if (this.peek() === ".") {
        this.at++;
        this.deeper();
        node = { kind: "member", target: node, key: { kind: "literal", value: this.identifier() } };
      } else if (this.peek() === "[") {
        this.at++;
        this.deeper();
        const key = this.expression();
        this.expect("]");
        node = { kind: "member", target: node, key };
      } else break;
    }
    this.depth = outer;
    return node;
  }

  private deeper(): void {
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw new CannotEvaluate(`nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
  }

  private primary(): Node {
    this.skipSpace();
    const c = this.peek();
    if (c === "'") return { kind: "literal", value: this.stringLiteral() };
    if (c !== undefined && /[-0-9]/.test(c)) {
      const match = /^-?[0-9]+/.exec(this.text.slice(this.at));
      if (!match) throw new CannotEvaluate(`unexpected "${c}"`);
      this.at += match[0].length;
      const value = Number(match[0]);
      // ARM's integers are 64-bit; beyond 2^53 a JavaScript number is no longer the same integer.
      if (!Number.isSafeInteger(value)) throw new CannotEvaluate(`the number ${match[0]} is too large to read exactly`);
      return { kind: "literal", value };
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
  context.spend(1);
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

/**
 * Arguments a function reads whole (every key of an object): a value not known inside one leaves
 * the answer unknown; where keys were hidden, they are not to be trusted at all.
 */
function whole(args: unknown[], context: ExpressionContext): unknown[] | Unreadable {
  const inner = args.map((a) => measure(a).unreadable).find((u) => u !== undefined);
  if (inner) return inner;
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
    if (typeof condition !== "boolean" || argNodes.length !== 3)
      throw new CannotEvaluate("if() needs a true/false condition and two values");
    return evaluate(argNodes[condition ? 1 : 2], context);
  }
  const args = argNodes.map((a) => evaluate(a, context));
  const unreadable = args.find((a) => a instanceof Unreadable);
  if (unreadable) return unreadable;
  const fn = FUNCTIONS[name];
  if (!fn) throw new CannotEvaluate(`the function ${name}() is not one the pack evaluates`);
  // No function makes more than its arguments hold (format() checks its own): bounding what goes
  // in bounds what comes out, and the work of reading it.
  const size = args.reduce((sum: number, a) => sum + measure(a).size, 0);
  if (size > MAX_VALUE_SIZE) throw new CannotEvaluate(`${name}() is given values larger than 4 MB, ARM's limit for a whole template`);
  context.spend(size);
  return fn(args, context);
}

/** How large a value is written as JSON (about), and an unreadable value somewhere inside it. */
interface Measure {
  readonly size: number;
  readonly unreadable?: Unreadable;
}

// Values are shared, not copied (createArray(v, v)): remembering each object's measure keeps measuring linear.
const measures = new WeakMap<object, Measure>();

function measure(value: unknown, depth = 0): Measure {
  if (typeof value === "string") return { size: value.length + 2 };
  if (value instanceof Unreadable) return { size: 0, unreadable: value };
  if (value === null || typeof value !== "object") return { size: String(value).length };
  const known = measures.get(value);
  if (known) return known;
  if (depth >= MAX_DEPTH) throw new CannotEvaluate(`it builds a value nested more than ${MAX_DEPTH} levels deep`);
  let size = 2;
  let unreadable: Unreadable | undefined;
  const add = (key: string, member: unknown) => {
    const m = measure(member, depth + 1);
    size += m.size + key.length + 1;
    unreadable ??= m.unreadable;
  };
  if (Array.isArray(value)) value.forEach((v) => add("", v));
  else for (const key of Object.keys(value)) add(`"${key}":`, (value as Record<string, unknown>)[key]);
  const result = { size, unreadable };
  measures.set(value, result);
  return result;
}

type Fn = (args: unknown[], context: ExpressionContext) => unknown;

const FUNCTIONS: Record<string, Fn> = Object.assign(Object.create(null) as Record<string, Fn>, {
  parameters: (args: unknown[], c: ExpressionContext) => c.parameter(text(args[0])),
  variables: (args: unknown[], c: ExpressionContext) => c.variable(text(args[0])),
  concat: (args: unknown[]) => (args.every(Array.isArray) ? (args as unknown[][]).flat() : args.map(scalarText).join("")),
  format: (args: unknown[]) => {
    let size = 0;
    return text(args[0]).replace(/\{(\d+)(:[^}]*)?\}/g, (_m, i: string, spec?: string) => {
      if (spec) throw new CannotEvaluate("format() with a format specifier");
      const piece = scalarText(present(args[Number(i) + 1], `argument ${i}`));
      // One argument may be placed many times: the text grows with each.
      if ((size += piece.length) > MAX_VALUE_SIZE)
        throw new CannotEvaluate("format() builds a text larger than 4 MB, ARM's limit for a whole template");
      return piece;
    });
  },
  createarray: (args: unknown[]) => args,
  array: (args: unknown[]) => (Array.isArray(args[0]) ? (args[0] as unknown[]) : [args[0]]),
  createobject: (args: unknown[]) => {
    if (args.length % 2 !== 0) throw new CannotEvaluate("createObject() needs a value for each name");
    const out: Record<string, unknown> = {};
    for (let i = 0; i < args.length; i += 2) {
      const key = text(args[i]);
      // ARM reads names without regard to case: one name twice is no object it would make.
      if (memberIgnoringCase(out, key) !== undefined) throw new CannotEvaluate(`createObject() names "${key}" twice`);
      setOwn(out, key, args[i + 1]);
    }
    return out;
  },
  string: (args: unknown[], c: ExpressionContext) => {
    if (typeof args[0] === "string") return args[0];
    const read = whole(args, c);
    return read instanceof Unreadable ? read : JSON.stringify(read[0]);
  },
  tolower: (args: unknown[]) => text(args[0]).toLowerCase(),
  toupper: (args: unknown[]) => text(args[0]).toUpperCase(),
  trim: (args: unknown[]) => text(args[0]).trim(),
  equals: (args: unknown[], c: ExpressionContext) => {
    if (args.length !== 2) throw new CannotEvaluate("equals() needs two values");
    const read = whole(args, c);
    return read instanceof Unreadable ? read : decided(sameValue(read[0], read[1]), "equals()");
  },
  contains: (args: unknown[], c: ExpressionContext) => {
    const read = whole(args, c);
    if (read instanceof Unreadable) return read;
    const [container, item] = read;
    if (args.length !== 2) throw new CannotEvaluate("contains() needs a container and a value to find");
    // Microsoft documents these: a text is searched with regard to case, an object's names without.
    if (typeof container === "string") return container.includes(scalarText(item));
    if (isRecord(container)) return memberIgnoringCase(container, scalarText(item)) !== undefined;
    if (!Array.isArray(container)) throw new CannotEvaluate(`contains() of ${describeValue(container)}`);
    // A list holds an item equal to it: equal as equals() would say, so case is again not guessed at.
    const answers = container.map((element) => sameValue(element, item));
    return answers.includes(true) ? true : decided(answers.find((a) => a !== false) ?? false, "contains()");
  },
  not: (args: unknown[]) => !bool(args[0]),
  and: (args: unknown[]) => args.map(bool).every(Boolean),
  or: (args: unknown[]) => args.map(bool).some(Boolean),
  true: () => true,
  false: () => false,
  null: () => null,
  json: (args: unknown[]) => {
    try {
      return JSON.parse(text(args[0])) as unknown;
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

/** A comparison's answer, or why there is none: an unreadable value, or case ARM does not document. */
function decided(answer: boolean | "case" | Unreadable, fn: string): boolean | Unreadable {
  if (answer === "case") {
    throw new CannotEvaluate(
      `${fn} of values that differ only in the case of a text or a name: whether ARM compares them with regard to case is not documented`,
    );
  }
  return answer;
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
