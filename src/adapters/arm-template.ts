/**
 * ARM template deployments: route filters, rules and peerings a template creates, read from the
 * inline template with what the deployment literally gives it (parameters, defaults, variables).
 * A template the pack cannot see (linked, a template spec, unknown at preview) or cannot read
 * (an expression it does not evaluate, a copy loop) is "cannot verify", never "nothing there".
 */
import { asRecord, isRecord } from "../core/json";
import { type Fact, Unreadable } from "../core/model";
import {
  type DeploymentScope,
  evaluateString,
  type ExpressionContext,
  type GivenValues,
  resolveTree,
  templateContext,
} from "./arm-expressions";
import { ARM_TYPES, armFacts, ROUTE_FILTER } from "./arm-resources";
import {
  type Adapter,
  type AdapterInput,
  at,
  type Base,
  blindFact,
  idOf,
  INPUTS,
  inputOf,
  knownText,
  nativeToken,
  resourceGroupOfId,
  subscriptionOfId,
} from "./common";
import { HIDDEN_KEYS, memberIgnoringCase, own } from "./values";

const NESTED_DEPLOYMENT = "microsoft.resources/deployments";
const DEPLOYMENT_STACK = "microsoft.resources/deploymentstacks";
/** Resource types (lower case) whose properties are a deployment's: a template and its parameters. */
export const DEPLOYMENT_TYPES: ReadonlySet<string> = new Set([NESTED_DEPLOYMENT, DEPLOYMENT_STACK]);
// ARM itself refuses deeper nesting long before this; it bounds the walk on hostile input.
const MAX_NESTING = 20;

interface Deployment {
  readonly template: unknown;
  readonly templatePath: string;
  /** Set when the template is elsewhere (templateLink, a template spec). */
  readonly elsewhere?: { readonly property: string; readonly why: string };
  readonly given: GivenValues;
  readonly scope: DeploymentScope;
  /** Whether the template or the parameter values given beside it arrived as objects (see keysHiddenIn). */
  readonly keysHidden: boolean;
}

type Reading = (input: AdapterInput, base: Base) => Deployment;

// azure-native (and azure-nextgen, and local package) deployment resources, by resource name in module `resources`.
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
  DeploymentStackAtResourceGroup: (input, base) =>
    stackDeployment(input, { subscriptionId: base.subscriptionId, resourceGroup: group(input) }),
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
    const given =
      props.parametersBody !== undefined && props.parametersBody !== null
        ? givenFromText(props.parametersBody)
        : givenFromMap(props.parameters, (v) => v);
    return {
      template: props.templateBody,
      templatePath: "templateBody",
      keysHidden: keysHiddenIn(props.templateBody, props.parameters),
      given,
      scope: { subscriptionId: base.subscriptionId, resourceGroup: group(input) },
    };
  },
};

export function armTemplateAdapterFor(type: string): Adapter | undefined {
  const native = nativeToken(type);
  const reading = native
    ? native.module === "resources" && Object.prototype.hasOwnProperty.call(NATIVE, native.resource)
      ? NATIVE[native.resource]
      : undefined
    : Object.prototype.hasOwnProperty.call(CLASSIC, type)
      ? CLASSIC[type]
      : undefined;
  return reading && ((input, base) => deploymentFacts(base, reading(input, base)));
}

function group(input: AdapterInput): string | undefined {
  return knownText(inputOf(input.props, "resourceGroupName"));
}

/** What stack analysis sees of a deployment that exists are its outputs, which hold no template; its inputs do. */
function withTemplate(props: Record<string, unknown>, holder: (p: Record<string, unknown>) => unknown): Record<string, unknown> {
  const direct = asRecord(holder(props));
  if (direct && own(direct, "template") !== undefined) return direct;
  const inputs = asRecord(own(props, INPUTS));
  const kept = inputs && asRecord(holder(inputs));
  return kept ?? direct ?? {};
}

/** An azure-native deployment's `properties`, from its inputs or, once it exists, from the inputs kept for it. */
export function nativeDeploymentProperties(props: Record<string, unknown>): unknown {
  const whole = own(props, "properties");
  // Unknown at preview as a whole: the template is in it.
  return whole instanceof Unreadable ? whole : withTemplate(props, (p) => own(p, "properties"));
}

function nativeDeployment(input: AdapterInput, scope: DeploymentScope): Deployment {
  return fromProperties(nativeDeploymentProperties(input.props), "properties", scope);
}

function stackDeployment(input: AdapterInput, scope: DeploymentScope): Deployment {
  return fromProperties(
    withTemplate(input.props, (p) => p),
    "",
    scope,
  );
}

/**
 * The facts of an ARM deployment's properties (`template`, `templateLink`, `parameters`,
 * `parametersLink`) deploying at `scope`: the one reading of a deployment or deployment stack,
 * whichever resource sends it (azure-native's typed or generic resources, AzAPI) or declares it
 * (a template's nested deployments and stacks).
 */
export function armDeploymentFacts(base: Base, properties: unknown, path: string, scope: DeploymentScope, keysHidden?: boolean): Fact[] {
  const deployment = fromProperties(properties, path, scope);
  return deploymentFacts(base, { ...deployment, keysHidden: keysHidden ?? deployment.keysHidden });
}

/**
 * A deployment's properties read into its template and the parameter values it is given. Sent
 * to Azure they are read as written; declared in a template (`outer`), the declaring template's
 * expressions in them are evaluated first.
 */
function fromProperties(properties: unknown, path: string, scope: DeploymentScope, outer?: ExpressionContext): Deployment {
  const holder = asRecord(properties);
  if (!holder) {
    const why =
      present(properties) && !(properties instanceof Unreadable)
        ? new Unreadable("shape", `should be an object, but is ${Array.isArray(properties) ? "a list" : `a ${typeof properties}`}`)
        : properties;
    return { template: why, templatePath: path, keysHidden: true, given: new Map(), scope };
  }
  const template = memberIgnoringCase(holder, "template");
  const parameters = memberIgnoringCase(holder, "parameters");
  return {
    template: outer ? resolveTopLevel(template, outer) : template,
    templatePath: at(path, "template"),
    keysHidden: keysHiddenIn(template, parameters),
    elsewhere: present(memberIgnoringCase(holder, "templateLink"))
      ? { property: at(path, "templateLink"), why: "links the template from elsewhere, which the pack cannot read" }
      : undefined,
    given: present(memberIgnoringCase(holder, "parametersLink"))
      ? new Unreadable("shape", `come from ${at(path, "parametersLink")}, a file the pack cannot read`)
      : givenFromMap(outer ? resolveTree(parameters, outer) : parameters, parameterEntry),
    scope,
  };
}

function classicDeployment(input: AdapterInput, scope: DeploymentScope): Deployment {
  const { props } = input;
  const spec = props.templateSpecVersionId;
  return {
    template: props.templateContent,
    templatePath: "templateContent",
    // parametersContent is JSON text, which the engine leaves alone.
    keysHidden: keysHiddenIn(props.templateContent, undefined),
    elsewhere: present(spec)
      ? { property: "templateSpecVersionId", why: "deploys a template spec, which the pack cannot read" }
      : undefined,
    given: givenFromText(props.parametersContent),
    scope,
  };
}

/** `{ "<name>": { "value": ... } }`, given as JSON text; a whole parameters file is accepted too. */
function givenFromText(text: unknown): GivenValues {
  if (text === undefined || text === null) return new Map();
  if (text instanceof Unreadable) return text;
  if (typeof text !== "string") return new Unreadable("shape", "should be JSON text");
  const parsed = parseJson(text);
  if (parsed instanceof Unreadable) return parsed;
  const obj = asRecord(parsed);
  const file = obj && own(obj, "$schema") !== undefined ? asRecord(own(obj, "parameters")) : undefined;
  return givenFromMap(file ?? parsed, parameterEntry);
}

function givenFromMap(value: unknown, entry: (v: unknown) => unknown): GivenValues {
  if (value === undefined || value === null) return new Map();
  if (value instanceof Unreadable) return value;
  const obj = asRecord(value);
  if (!obj) return new Unreadable("shape", "should be an object of parameter values");
  return new Map(Object.keys(obj).map((k) => [k.toLowerCase(), entry(memberIgnoringCase(obj, k))]));
}

/** One given parameter: `{ value }`, or a Key Vault `{ reference }`, which the pack cannot read. */
function parameterEntry(entry: unknown): unknown {
  if (entry instanceof Unreadable) return entry;
  const obj = asRecord(entry);
  if (obj && own(obj, "value") !== undefined) return own(obj, "value");
  if (obj && own(obj, "reference") !== undefined) return new Unreadable("shape", "is a Key Vault reference, which the pack cannot read");
  return new Unreadable("shape", 'should be written { "value": ... }');
}

/**
 * The engine hides every key beginning "__" in values that reach it as objects, never inside JSON
 * text: in the template, and in the parameter values given beside it (a given `__c` is dropped, and
 * the template's default for it read instead). The one rule every reading of a deployment uses.
 */
function keysHiddenIn(template: unknown, parameters: unknown): boolean {
  return typeof template !== "string" || isRecord(parameters);
}

function deploymentFacts(base: Base, deployment: Deployment): Fact[] {
  const walk = new TemplateWalk(base, deployment.keysHidden);
  walk.deployment(deployment, undefined, 0);
  return walk.facts;
}

/** Walks a template (and the templates nested in it), collecting the facts of what it deploys. */
class TemplateWalk {
  readonly facts: Fact[] = [];

  /**
   * `keysHidden`: the template arrived as an object, from which Pulumi's engine hid every key
   * beginning "__" before the pack saw it (see `entries`); `insideStack`: reading a deployment
   * stack's template, where a stack in it is not read again (see `stack`).
   */
  constructor(
    private readonly base: Base,
    private readonly keysHidden: boolean,
    private readonly insideStack = false,
  ) {}

  /** A route filter fact that holds nothing but why the deployment cannot be read. */
  blind(property: string, why: Unreadable): Fact {
    const fact = blindFact(this.base, property, why);
    this.facts.push(fact);
    return fact;
  }

  /**
   * What a deployment creates: its template read with the parameters it is given, or, declared
   * in a template and evaluated there (`outer`), with the declaring template's expressions.
   */
  deployment(deployment: Deployment, outer: ExpressionContext | undefined, depth: number): void {
    const { elsewhere, templatePath, scope } = deployment;
    if (elsewhere) this.blind(elsewhere.property, new Unreadable("shape", elsewhere.why));
    if (!present(deployment.template)) {
      if (!elsewhere) this.blind(templatePath, new Unreadable("shape", "is absent, so the pack cannot see what the deployment creates"));
      return;
    }
    const template = this.objectOrBlind(
      !outer && typeof deployment.template === "string" ? parseJson(deployment.template) : deployment.template,
      templatePath,
    );
    if (template)
      this.resources(template, templatePath, outer ?? templateContext(template, deployment.given, scope, this.keysHidden), scope, depth);
  }

  private resources(
    template: Record<string, unknown>,
    path: string,
    context: ExpressionContext,
    scope: DeploymentScope,
    depth: number,
  ): void {
    const resourcesPath = at(path, "resources");
    // `existing` (a resource referred to, not deployed) is a keyword of languageVersion 2.0 only;
    // elsewhere ARM is assumed to ignore it, as it does other names it does not know, and deploy the resource.
    const version = memberIgnoringCase(template, "languageVersion");
    const honoursExisting = typeof version === "string" && Number.parseInt(version, 10) >= 2;
    for (const [resource, where] of this.entries(memberIgnoringCase(template, "resources"), resourcesPath)) {
      this.resource(resource, where, context, scope, undefined, depth, honoursExisting);
    }
  }

  /** A template's resources: a list, or (languageVersion 2.0) an object keyed by symbolic name. */
  private entries(value: unknown, path: string): [unknown, string][] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.map((r, i) => [r, `${path}[${i}]`]);
    if (this.keysHidden && !(value instanceof Unreadable)) {
      // Any symbolic name may have been hidden, and with it a resource Azure deploys.
      const why = `lists resources by symbolic name, and ${HIDDEN_KEYS}. Write the resources as a list, or give the template as JSON text`;
      this.blind(path, new Unreadable("shape", why));
      return [];
    }
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
    honoursExisting: boolean,
  ): void {
    if (depth > MAX_NESTING) {
      this.blind(path, new Unreadable("shape", `is nested more than ${MAX_NESTING} levels deep`));
      return;
    }
    const resource = value instanceof Unreadable ? (this.blind(path, value), undefined) : asRecord(value);
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
    const relevant = ARM_TYPES.has(kind) || DEPLOYMENT_TYPES.has(kind);
    if (relevant && present(memberIgnoringCase(resource, "copy"))) {
      this.blind(at(path, "copy"), new Unreadable("shape", `deploys ${type} in a copy loop, which the pack does not expand`));
      return;
    }
    const name = resolveTree(memberIgnoringCase(resource, "name"), context);
    const segments = typeof name === "string" ? name.split("/") : undefined;
    // A child names its parent: "filter/rule" at the top level, or its own name inside the parent.
    const fullName =
      parent?.name !== undefined && typeof name === "string" ? `${parent.name}/${name}` : typeof name === "string" ? name : undefined;
    const parentName = parent ? parent.name : segments && segments.length > 1 ? segments.slice(0, -1).join("/") : undefined;
    const ownName = segments ? segments[segments.length - 1] : name;

    if (DEPLOYMENT_TYPES.has(kind)) this.nested(resource, path, context, scope, depth, kind === DEPLOYMENT_STACK);
    else if (ARM_TYPES.has(kind) && !(kind === ROUTE_FILTER && honoursExisting && memberIgnoringCase(resource, "existing") === true)) {
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
        this.resource(child, `${path}.resources[${i}]`, context, scope, { type: fullType, name: fullName }, depth + 1, honoursExisting),
      );
    }
  }

  /** A nested deployment or stack: its own target, and its template read in the outer scope or its own (`inner`). */
  private nested(
    resource: Record<string, unknown>,
    path: string,
    outer: ExpressionContext,
    outerScope: DeploymentScope,
    depth: number,
    stack: boolean,
  ): void {
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
    const propertiesPath = at(path, "properties");
    const properties = resolveTopLevel(memberIgnoringCase(resource, "properties"), outer);
    const deployment = fromProperties(properties, propertiesPath, scope, outer);
    if (stack) {
      this.stack(deployment, path, outer, depth + 1);
      return;
    }
    const holder = asRecord(properties);
    const optionsValue = holder ? resolveTopLevel(memberIgnoringCase(holder, "expressionEvaluationOptions"), outer) : undefined;
    const options = asRecord(optionsValue);
    const evaluation = options
      ? resolveTree(memberIgnoringCase(options, "scope"), outer)
      : optionsValue instanceof Unreadable
        ? optionsValue
        : undefined;
    if (evaluation instanceof Unreadable) {
      // Which parameters the nested template reads depends on it.
      this.blind(at(propertiesPath, "expressionEvaluationOptions"), evaluation);
      return;
    }
    const inner = typeof evaluation === "string" && evaluation.toLowerCase() === "inner";
    // Outer scope (the default): the nested template's expressions are the parent's, evaluated as the parent would.
    this.deployment(deployment, inner ? undefined : outer, depth + 1);
  }

  /**
   * A deployment stack declared in a template. ASSUMED, not documented: ARM evaluates the
   * declaring template's expressions in every property of a resource it deploys, a stack's
   * template included (only a nested deployment has `expressionEvaluationOptions`), and the
   * stack then deploys what is left with its own parameters. Because that is assumed, the
   * template is read both ways, in the declaring template and with the stack's parameters: the
   * facts are kept only when both readings agree; otherwise, and for a stack inside a stack's
   * template (which would double the reading at each level), it is "cannot verify".
   */
  private stack(deployment: Deployment, path: string, outer: ExpressionContext, depth: number): void {
    if (this.insideStack) {
      this.blind(
        path,
        new Unreadable("shape", "deploys a deployment stack inside a deployment stack's template, which the pack does not read"),
      );
      return;
    }
    const reading = (context: ExpressionContext | undefined) => {
      const walk = new TemplateWalk(this.base, this.keysHidden, true);
      walk.deployment(deployment, context, depth);
      return walk.facts;
    };
    const asDeclared = reading(outer);
    if (JSON.stringify(asDeclared) === JSON.stringify(reading(undefined))) this.facts.push(...asDeclared);
    else {
      this.blind(
        path,
        new Unreadable(
          "shape",
          "deploys a deployment stack whose template reads differently in the declaring template and with the stack's own parameters; which ARM does is assumed, not documented",
        ),
      );
    }
  }

  private objectOrBlind(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (value instanceof Unreadable) {
      this.blind(path, value);
      return undefined;
    }
    const obj = asRecord(value);
    if (!obj)
      this.blind(path, new Unreadable("shape", `should be an object, but is ${Array.isArray(value) ? "a list" : `a ${typeof value}`}`));
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
