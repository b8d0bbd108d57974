/**
 * HAND-BUILT STAND-IN for Azure Policy's evaluation, NOT Azure: just the operators the generated rule
 * uses, as Microsoft documents them ("Azure Policy definition structure policy rule",
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule, and
 * "Author policies for array properties on Azure resources",
 * https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays):
 * - logical: allOf, anyOf, not;
 * - conditions: equals, notEquals, in, notIn (strings compared ignoring case), match ('#' a digit,
 *   '?' a letter, '.' any character; case-sensitive), exists, greater (for counts);
 * - field count with where, nested; inside a count, a field of the counted array is the current member;
 * - value expressions with the template functions parameters, concat, toLower, first, split, field,
 *   current.
 * Aliases resolve through ALIAS_PATHS, the default paths `Get-AzPolicyAlias` lists for them.
 * Anything else throws, so a rule that needs more cannot pass by accident.
 */

/** Alias -> default path, as Azure's alias list gives them for Microsoft.Network. */
export const ALIAS_PATHS: Record<string, string> = {
  "Microsoft.Network/routeFilters/rules[*]": "properties.rules[*]",
  "Microsoft.Network/routeFilters/rules[*].access": "properties.rules[*].properties.access",
  "Microsoft.Network/routeFilters/rules[*].communities[*]": "properties.rules[*].properties.communities[*]",
  "Microsoft.Network/routeFilters/routeFilterRules/access": "properties.access",
  "Microsoft.Network/routeFilters/routeFilterRules/communities[*]": "properties.communities[*]",
  "Microsoft.Network/expressRouteCircuits/peerings/peeringType": "properties.peeringType",
  "Microsoft.Network/expressRouteCircuits/peerings/routeFilter.id": "properties.routeFilter.id",
  "Microsoft.Network/expressRouteCircuits/peerings[*]": "properties.peerings[*]",
  "Microsoft.Network/expressRouteCircuits/peerings[*].peeringType": "properties.peerings[*].properties.peeringType",
  "Microsoft.Network/expressRouteCircuits/peerings[*].routeFilter.id": "properties.peerings[*].properties.routeFilter.id",
};

/** A resource as Azure Policy sees it: its ARM JSON, and its type (which a rule's GET body may omit). */
export interface PolicyResource {
  readonly id: string;
  readonly name?: string;
  readonly type: string;
  readonly properties?: unknown;
}

type Json = Record<string, unknown>;

interface Scope {
  readonly resource: PolicyResource;
  readonly parameters: Json;
  /** Counted arrays: path prefix ("properties.rules[*]") -> the current member, innermost last. */
  readonly members: readonly { prefix: string; alias: string; value: unknown }[];
}

const MISSING = Symbol("missing");

function walk(value: unknown, dotted: string): unknown {
  let current: unknown = value;
  for (const key of dotted.split(".").filter(Boolean)) {
    if (typeof current !== "object" || current === null || !(key in (current as Json))) return MISSING;
    current = (current as Json)[key];
  }
  return current;
}

function fieldValue(scope: Scope, field: string): unknown {
  if (["id", "name", "type"].includes(field)) return (scope.resource as unknown as Json)[field] ?? MISSING;
  const path = ALIAS_PATHS[field];
  if (!path) throw new Error(`stand-in evaluator: alias ${field} is not in ALIAS_PATHS`);
  const member = [...scope.members].reverse().find((m) => path === m.prefix || path.startsWith(`${m.prefix}.`));
  if (member) return path === member.prefix ? member.value : walk(member.value, path.slice(member.prefix.length + 1));
  if (path.includes("[*]")) throw new Error(`stand-in evaluator: ${field} outside a count of its array is not supported`);
  return walk(scope.resource, path);
}

function countMembers(scope: Scope, field: string): unknown[] {
  const path = ALIAS_PATHS[field];
  if (!path || !path.endsWith("[*]")) throw new Error(`stand-in evaluator: count.field ${field} is not an array alias`);
  const arrayPath = path.slice(0, -3);
  const member = [...scope.members].reverse().find((m) => arrayPath.startsWith(`${m.prefix}.`));
  const array = member ? walk(member.value, arrayPath.slice(member.prefix.length + 1)) : walk(scope.resource, arrayPath);
  return Array.isArray(array) ? array : [];
}

// ---- template expressions: "[fn(arg, 'literal', ...)]" ----

type Expr = { kind: "string"; value: string } | { kind: "call"; name: string; args: Expr[] };

function parseExpression(text: string): Expr {
  let at = 0;
  const skip = () => {
    while (text[at] === " ") at++;
  };
  const parse = (): Expr => {
    skip();
    if (text[at] === "'") {
      let value = "";
      for (at++; ; at++) {
        if (at >= text.length) throw new Error(`stand-in evaluator: unterminated string in ${text}`);
        if (text[at] === "'" && text[at + 1] === "'") {
          value += "'";
          at++;
        } else if (text[at] === "'") break;
        else value += text[at];
      }
      at++;
      return { kind: "string", value };
    }
    const name = /^[A-Za-z]+/.exec(text.slice(at))?.[0];
    if (!name || text[at + name.length] !== "(") throw new Error(`stand-in evaluator: cannot read ${text.slice(at)}`);
    at += name.length + 1;
    const args: Expr[] = [];
    skip();
    if (text[at] === ")") at++;
    else {
      for (;;) {
        args.push(parse());
        skip();
        const c = text[at++];
        if (c === ")") break;
        if (c !== ",") throw new Error(`stand-in evaluator: expected , or ) in ${text}`);
      }
    }
    return { kind: "call", name, args };
  };
  const expr = parse();
  skip();
  if (at !== text.length) throw new Error(`stand-in evaluator: trailing text in ${text}`);
  return expr;
}

function evaluateExpression(expr: Expr, scope: Scope): unknown {
  if (expr.kind === "string") return expr.value;
  const args = expr.args.map((a) => evaluateExpression(a, scope));
  switch (expr.name) {
    case "parameters":
      if (!(String(args[0]) in scope.parameters)) throw new Error(`stand-in evaluator: no parameter ${args[0]}`);
      return scope.parameters[String(args[0])];
    case "concat":
      return args.map(String).join("");
    case "toLower":
      return String(args[0]).toLowerCase();
    case "first":
      return Array.isArray(args[0]) ? args[0][0] : String(args[0])[0];
    case "split":
      return String(args[0]).split(String(args[1]));
    case "field":
      return fieldValue(scope, String(args[0]));
    case "current": {
      const member = [...scope.members].reverse().find((m) => args.length === 0 || m.alias === args[0]);
      if (!member) throw new Error(`stand-in evaluator: current(${args[0] ?? ""}) outside its count`);
      return member.value;
    }
    default:
      throw new Error(`stand-in evaluator: function ${expr.name} is not one it evaluates`);
  }
}

function resolve(value: unknown, scope: Scope): unknown {
  return typeof value === "string" && value.startsWith("[") && !value.startsWith("[[")
    ? evaluateExpression(parseExpression(value.slice(1, -1)), scope)
    : value;
}

const same = (a: unknown, b: unknown) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);

function matches(value: string, pattern: string): boolean {
  if (value.length !== pattern.length) return false;
  return [...pattern].every((p, i) =>
    p === "#" ? /\d/.test(value[i]) : p === "?" ? /[A-Za-z]/.test(value[i]) : p === "." || p === value[i],
  );
}

function condition(subject: unknown, node: Json, scope: Scope): boolean {
  const present = subject !== MISSING;
  if ("equals" in node) return present && same(subject, resolve(node.equals, scope));
  if ("notEquals" in node) return !present || !same(subject, resolve(node.notEquals, scope));
  if ("in" in node || "notIn" in node) {
    const list = resolve(node.in ?? node.notIn, scope);
    if (!Array.isArray(list)) throw new Error("stand-in evaluator: in/notIn needs an array");
    const found = present && list.some((item) => same(subject, item));
    return "in" in node ? found : !found;
  }
  if ("match" in node) return present && typeof subject === "string" && matches(subject, String(resolve(node.match, scope)));
  if ("exists" in node) return present === (resolve(node.exists, scope) === true || resolve(node.exists, scope) === "true");
  if ("greater" in node) return typeof subject === "number" && subject > Number(resolve(node.greater, scope));
  throw new Error(`stand-in evaluator: no condition it evaluates in ${JSON.stringify(node)}`);
}

export function evaluateCondition(node: Json, scope: Scope): boolean {
  if (Array.isArray(node.allOf)) return (node.allOf as Json[]).every((n) => evaluateCondition(n, scope));
  if (Array.isArray(node.anyOf)) return (node.anyOf as Json[]).some((n) => evaluateCondition(n, scope));
  if (node.not) return !evaluateCondition(node.not as Json, scope);
  if (node.count) {
    const count = node.count as Json;
    const alias = String(count.field);
    const path = ALIAS_PATHS[alias];
    const members = countMembers(scope, alias);
    const matched = members.filter((value) => {
      const inner: Scope = { ...scope, members: [...scope.members, { prefix: path, alias, value }] };
      return count.where === undefined || evaluateCondition(count.where as Json, inner);
    }).length;
    return condition(matched, node, scope);
  }
  if (typeof node.field === "string") return condition(fieldValue(scope, node.field), node, scope);
  if ("value" in node) return condition(resolve(node.value, scope), node, scope);
  throw new Error(`stand-in evaluator: cannot evaluate ${JSON.stringify(node)}`);
}

/** The effect a rule takes on the resource with these parameters (defaults filled in), or "compliant". */
export function evaluateRule(
  definition: { properties: Record<string, unknown> },
  parameterValues: Record<string, { value: unknown }>,
  resource: PolicyResource,
): string {
  const declared = definition.properties.parameters as Record<string, { defaultValue?: unknown }>;
  const parameters: Json = {};
  for (const [name, spec] of Object.entries(declared)) parameters[name] = parameterValues[name]?.value ?? spec.defaultValue;
  const rule = definition.properties.policyRule as { if: Json; then: { effect: string } };
  const scope: Scope = { resource, parameters, members: [] };
  return evaluateCondition(rule.if, scope) ? String(resolve(rule.then.effect, scope)) : "compliant";
}
