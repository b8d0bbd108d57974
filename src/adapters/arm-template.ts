/**
 * ARM template deployments: route filters, rules and peerings a template creates, read from the
 * inline template with what the deployment literally gives it (parameters, defaults, variables).
 * A template the pack cannot see (linked, a template spec, unknown at preview) or cannot read
 * (an expression it does not evaluate, a copy loop) is "cannot verify", never "nothing there".
 */
import { Fact, Unreadable } from "../core/model";
import { DeploymentScope, evaluateString, ExpressionContext, GivenValues, resolveTree, templateContext } from "./arm-expressions";
import { ARM_TYPES, armFacts, ROUTE_FILTER } from "./arm-resources";
import { AdapterInput, at, Base, idOf, inputOf, knownText, resourceGroupOfId, subscriptionOfId } from "./common";
import type { Adapter } from "./index";
import { memberIgnoringCase, own } from "./values";

const NESTED_DEPLOYMENT = "microsoft.resources/deployments";
// ARM itself refuses deeper nesting long before this; it bounds the walk on hostile input.
const MAX_NESTING = 20;

type Given = GivenValues;

interface Deployment {
  readonly template: unknown;
  readonly templatePath: string;
  /** Set when the template is elsewhere (templateLink, a template spec). */
  readonly elsewhere?: { readonly property: string; readonly why: string };
  readonly given: Given;
  readonly scope: DeploymentScope;
}

type Reading = (input: AdapterInput, base: Base) => Deployment;

// azure-native (and the legacy azure-nextgen) deployment resources, with or without a version module.
const NATIVE_TOKEN = /^azure-(?:native|nextgen):resources(?:\/[0-9A-Za-z]+)?:([A-Za-z]+)$/;

const NATIVE: Record<string, Reading> = {
  Deployment: (input, base) => nativeDeployment(input, { subscriptionId: base.subscriptionId, resourceGroup: group(input) }),
  DeploymentAtScope: (input) => {
    const scope = knownText(inputOf(input.props, "scope")) ?? idOf(input);
    return nativeDeployment(input, { subscriptionId: subscriptionOfId(scope), resourceGroup: resourceGroupOfId(scope) });
  },
  DeploymentAtSubscriptionScope: (input, base) => nativeDeployment(input, { subscriptionId: base.subscriptionId }),
  // Management group and tenant deployments reach a resource group only through nested deployments.
  DeploymentAtManagementGroupScope: (input) => nativeDeployment(input, {}),
  DeploymentAtTenantScope: (input) => nativeDeployment(input, {}),
  DeploymentStackAtResourceGroup: (input, base) => stackDeployment(input, { subscriptionId: base.subscriptionId, resourceGroup: group(input) }),
  DeploymentStackAtSubscription: (input, base) => stackDeployment(input, { subscriptionId: base.subscriptionId }),
  DeploymentStackAtManagementGroup: (input) => stackDeployment(input, {}),
};

// Classic @pulumi/azure v6 template deployments; TemplateDeployment is the pre-v3 resource they replaced.
const CLASSIC: Record<string, Reading> = {
  "azure:core/resourceGroupTemplateDeployment:ResourceGroupTemplateDeployment": (input, base) =>
    classicDeployment(input, { subscriptionId: base.subscriptionId, resourceGroup: group(input) }),
  "azure:core/subscriptionTemplateDeployment:SubscriptionTemplateDeployment": (input, base) =>
    classicDeployment(input, { subscriptionId: base.subscriptionId }),
  "azure:management/groupTemplateDeployment:GroupTemplateDeployment": (input) => classicDeployment(input, {}),
  "azure:core/tenantTemplateDeployment:TenantTemplateDeployment": (input) => classicDeployment(input, {}),
  "azure:core/templateDeployment:TemplateDeployment": (input, base) => {
    const { props } = input;
    const given = props.parametersBody !== undefined && props.parametersBody !== null
      ? givenFromText(props.parametersBody)
      : givenFromMap(props.parameters, (v) => v);
    return { template: props.templateBody, templatePath: "templateBody", given, scope: { subscriptionId: base.subscriptionId, resourceGroup: group(input) } };
  },
};

export function armTemplateAdapterFor(type: string): Adapter | undefined {
  const native = NATIVE_TOKEN.exec(type);
  const reading = native
    ? Object.prototype.hasOwnProperty.call(NATIVE, native[1]) ? NATIVE[native[1]] : undefined
    : Object.prototype.hasOwnProperty.call(CLASSIC, type) ? CLASSIC[type] : undefined;
  return reading && ((input, base) => deploymentFacts(base, reading(input, base)));
}

function group(input: AdapterInput): string | undefined {
  return knownText(inputOf(input.props, "resourceGroupName"));
}

/**
 * What stack analysis sees of a deployment that exists are its outputs, which hold no template;
 * azure-native keeps the inputs it was deployed from in `__inputs`.
 */
function withTemplate(props: Record<string, unknown>, holder: (p: Record<string, unknown>) => unknown): Record<string, unknown> {
  const direct = asObject(holder(props));
  if (direct && own(direct, "template") !== undefined) return direct;
  const inputs = asObject(own(props, "__inputs"));
  const kept = inputs && asObject(holder(inputs));
  return kept ?? direct ?? {};
}

function nativeDeployment(input: AdapterInput, scope: DeploymentScope): Deployment {
  const whole = own(input.props, "properties");
  // Unknown at preview as a whole: the template is in it.
  if (whole instanceof Unreadable) return { template: whole, templatePath: "properties", given: new Map(), scope };
  const properties = withTemplate(input.props, (p) => own(p, "properties"));
  return fromHolder(properties, "properties", scope);
}

function stackDeployment(input: AdapterInput, scope: DeploymentScope): Deployment {
  return fromHolder(withTemplate(input.props, (p) => p), "", scope);
}

/** A template, templateLink, parameters and parametersLink side by side, as both shapes write them. */
function fromHolder(holder: Record<string, unknown>, path: string, scope: DeploymentScope): Deployment {
  const link = own(holder, "templateLink");
  const parametersLink = own(holder, "parametersLink");
  return {
    template: own(holder, "template"),
    templatePath: at(path, "template"),
    elsewhere: present(link) ? { property: at(path, "templateLink"), why: "links the template from elsewhere, which the pack cannot read" } : undefined,
    given: present(parametersLink)
      ? new Unreadable("shape", `come from ${at(path, "parametersLink")}, a file the pack cannot read`)
      : givenFromMap(own(holder, "parameters"), parameterEntry),
    scope,
  };
}

function classicDeployment(input: AdapterInput, scope: DeploymentScope): Deployment {
  const { props } = input;
  const spec = props.templateSpecVersionId;
  return {
    template: props.templateContent,
    templatePath: "templateContent",
    elsewhere: present(spec) ? { property: "templateSpecVersionId", why: "deploys a template spec, which the pack cannot read" } : undefined,
    given: givenFromText(props.parametersContent),
    scope,
  };
}

/** `{ "<name>": { "value": ... } }`, given as JSON text; a whole parameters file is accepted too. */
function givenFromText(text: unknown): Given {
  if (text === undefined || text === null) return new Map();
  if (text instanceof Unreadable) return text;
  if (typeof text !== "string") return new Unreadable("shape", "should be JSON text");
  const parsed = parseJson(text);
  if (parsed instanceof Unreadable) return parsed;
  const obj = asObject(parsed);
  const file = obj && own(obj, "$schema") !== undefined ? asObject(own(obj, "parameters")) : undefined;
  return givenFromMap(file ?? parsed, parameterEntry);
}

function givenFromMap(value: unknown, entry: (v: unknown) => unknown): Given {
  if (value === undefined || value === null) return new Map();
  if (value instanceof Unreadable) return value;
  const obj = asObject(value);
  if (!obj) return new Unreadable("shape", "should be an object of parameter values");
  return new Map(Object.keys(obj).map((k) => [k.toLowerCase(), entry(memberIgnoringCase(obj, k))]));
}

/** One given parameter: `{ value }`, or a Key Vault `{ reference }`, which the pack cannot read. */
function parameterEntry(entry: unknown): unknown {
  if (entry instanceof Unreadable) return entry;
  const obj = asObject(entry);
  if (obj && own(obj, "value") !== undefined) return own(obj, "value");
  if (obj && own(obj, "reference") !== undefined) return new Unreadable("shape", "is a Key Vault reference, which the pack cannot read");
  return new Unreadable("shape", "should be written { \"value\": ... }");
}

function deploymentFacts(base: Base, deployment: Deployment): Fact[] {
  const walk = new TemplateWalk(base);
  const { template, templatePath } = deployment;
  if (!present(template)) {
    if (deployment.elsewhere) return [walk.blind(deployment.elsewhere.property, new Unreadable("shape", deployment.elsewhere.why))];
    return [walk.blind(templatePath, new Unreadable("shape", "is absent, so the pack cannot see what the deployment creates"))];
  }
  const parsed = typeof template === "string" ? parseJson(template) : template;
  walk.template(parsed, templatePath, deployment.given, deployment.scope, 0);
  return walk.facts;
}

/** Walks a template (and the templates nested in it), collecting the facts of what it deploys. */
class TemplateWalk {
  readonly facts: Fact[] = [];

  constructor(private readonly base: Base) {}

  /** A route filter fact that holds nothing but why the deployment cannot be read. */
  blind(property: string, why: Unreadable): Fact {
    const fact: Fact = {
      ...this.base,
      unreadable: [...this.base.unreadable, { property, why }],
      kind: "route-filter",
      property,
      rules: [],
    };
    this.facts.push(fact);
    return fact;
  }

  template(template: unknown, path: string, given: Given, scope: DeploymentScope, depth: number): void {
    const obj = this.objectOrBlind(template, path);
    if (obj) this.resources(obj, path, templateContext(obj, given, scope), scope, depth);
  }

  private resources(template: Record<string, unknown>, path: string, context: ExpressionContext, scope: DeploymentScope, depth: number): void {
    const resourcesPath = at(path, "resources");
    for (const [resource, where] of this.entries(memberIgnoringCase(template, "resources"), resourcesPath)) {
      this.resource(resource, where, context, scope, undefined, depth);
    }
  }

  /** A template's resources: a list, or (languageVersion 2.0) an object keyed by symbolic name. */
  private entries(value: unknown, path: string): [unknown, string][] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.map((r, i) => [r, `${path}[${i}]`]);
    const obj = this.objectOrBlind(value, path);
    return obj ? Object.keys(obj).map((k) => [obj[k], `${path}[${JSON.stringify(k)}]`]) : [];
  }

  private resource(
    value: unknown,
    path: string,
    context: ExpressionContext,
    scope: DeploymentScope,
    parent: { type: string; name?: string } | undefined,
    depth: number,
  ): void {
    if (depth > MAX_NESTING) {
      this.blind(path, new Unreadable("shape", `is nested more than ${MAX_NESTING} levels deep`));
      return;
    }
    const resource = value instanceof Unreadable ? (this.blind(path, value), undefined) : asObject(value);
    if (!resource) return;
    const type = resolveTree(memberIgnoringCase(resource, "type"), context);
    if (type instanceof Unreadable) {
      // What it deploys cannot be told: it may be a route filter.
      this.blind(at(path, "type"), type);
      return;
    }
    if (typeof type !== "string") return;
    const fullType = parent && !type.includes("/") ? `${parent.type}/${type}` : type;
    const kind = fullType.toLowerCase();
    const relevant = ARM_TYPES.has(kind) || kind === NESTED_DEPLOYMENT;
    if (relevant && present(memberIgnoringCase(resource, "copy"))) {
      this.blind(at(path, "copy"), new Unreadable("shape", `deploys ${type} in a copy loop, which the pack does not expand`));
      return;
    }
    const name = resolveTree(memberIgnoringCase(resource, "name"), context);
    const segments = typeof name === "string" ? name.split("/") : undefined;
    // A child names its parent: "filter/rule" at the top level, or its own name inside the parent.
    const fullName = parent?.name !== undefined && typeof name === "string" ? `${parent.name}/${name}` : typeof name === "string" ? name : undefined;
    const parentName = parent ? parent.name : segments && segments.length > 1 ? segments.slice(0, -1).join("/") : undefined;
    const ownName = segments ? segments[segments.length - 1] : name;

    if (kind === NESTED_DEPLOYMENT) this.nested(resource, path, context, scope, depth);
    else if (ARM_TYPES.has(kind) && !(kind === ROUTE_FILTER && memberIgnoringCase(resource, "existing") === true)) {
      this.facts.push(
        ...armFacts(this.base, {
          type: kind,
          name: ownName,
          parent: parentName,
          parentProperty: at(path, "name"),
          properties: resolveTree(memberIgnoringCase(resource, "properties"), context),
          path,
          propertiesPath: at(path, "properties"),
          subscriptionId: scope.subscriptionId,
          resourceGroup: scope.resourceGroup,
        }),
      );
    }
    const children = memberIgnoringCase(resource, "resources");
    if (children instanceof Unreadable) this.blind(at(path, "resources"), children);
    if (Array.isArray(children)) {
      children.forEach((child, i) =>
        this.resource(child, `${path}.resources[${i}]`, context, scope, { type: fullType, name: fullName }, depth + 1),
      );
    }
  }

  /** A nested deployment: its own target, and its template read in the outer scope or its own (`inner`). */
  private nested(resource: Record<string, unknown>, path: string, outer: ExpressionContext, outerScope: DeploymentScope, depth: number): void {
    const propertiesPath = at(path, "properties");
    const properties = this.objectOrBlind(resolveTopLevel(memberIgnoringCase(resource, "properties"), outer), propertiesPath);
    if (!properties) return;
    const target = (key: string, fallback: string | undefined) => {
      const raw = memberIgnoringCase(resource, key);
      if (raw === undefined) return fallback;
      const value = resolveTree(raw, outer);
      return typeof value === "string" ? value : undefined;
    };
    const scope: DeploymentScope = {
      subscriptionId: target("subscriptionId", outerScope.subscriptionId)?.toLowerCase(),
      resourceGroup: target("resourceGroup", outerScope.resourceGroup),
    };
    if (present(memberIgnoringCase(properties, "templateLink"))) {
      this.blind(at(propertiesPath, "templateLink"), new Unreadable("shape", "links the nested template from elsewhere, which the pack cannot read"));
      return;
    }
    const templatePath = at(propertiesPath, "template");
    const template = this.objectOrBlind(resolveTopLevel(memberIgnoringCase(properties, "template"), outer), templatePath);
    if (!template) return;
    const optionsValue = resolveTopLevel(memberIgnoringCase(properties, "expressionEvaluationOptions"), outer);
    const options = asObject(optionsValue);
    const evaluation = options ? resolveTree(memberIgnoringCase(options, "scope"), outer) : optionsValue instanceof Unreadable ? optionsValue : undefined;
    if (evaluation instanceof Unreadable) {
      // Which parameters the nested template reads depends on it.
      this.blind(at(propertiesPath, "expressionEvaluationOptions"), evaluation);
      return;
    }
    if (typeof evaluation === "string" && evaluation.toLowerCase() === "inner") {
      const given = present(memberIgnoringCase(properties, "parametersLink"))
        ? new Unreadable("shape", `come from ${at(propertiesPath, "parametersLink")}, a file the pack cannot read`)
        : givenFromMap(resolveTree(memberIgnoringCase(properties, "parameters"), outer), parameterEntry);
      this.template(template, templatePath, given, scope, depth + 1);
    } else {
      // Outer scope: the nested template's expressions are the parent's, evaluated as the parent would.
      this.resources(template, templatePath, outer, scope, depth + 1);
    }
  }

  private objectOrBlind(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (value instanceof Unreadable) {
      this.blind(path, value);
      return undefined;
    }
    const obj = asObject(value);
    if (!obj) this.blind(path, new Unreadable("shape", `should be an object, but is ${Array.isArray(value) ? "a list" : `a ${typeof value}`}`));
    return obj;
  }
}

/** A value written as one expression (`"[variables('t')]"`) is evaluated; an object is walked as written. */
function resolveTopLevel(value: unknown, context: ExpressionContext): unknown {
  return typeof value === "string" ? evaluateString(value, context) : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return new Unreadable("shape", `is not valid JSON (${(e as Error).message})`);
  }
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unreadable)
    ? (value as Record<string, unknown>)
    : undefined;
}
