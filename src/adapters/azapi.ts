/**
 * The AzAPI provider (Pulumi package bridged from the Terraform azapi provider; tokens and inputs
 * as in the `ediri-azapi` 1.12.2 package's schema, `sensitiveBody` as azapi 2.x adds it): any ARM
 * resource, its `type` written `<resource type>@<api version>` and its request `body` as an
 * object or JSON text.
 *
 * - `azapi:index/resource:Resource` creates `name` under `parentId` (a resource group for a route
 *   filter, the filter for a rule, the circuit for a peering);
 * - `azapi:index/updateResource:UpdateResource` changes the existing `resourceId` (or `name`
 *   under `parentId`) with the body;
 * - `azapi:index/resourceAction:ResourceAction` sends the body to `resourceId` + "/" + `action`
 *   (azapi's ResourceClient.Action); a PUT or PATCH of that URL creates or changes what it names.
 *
 * Where Azure puts the resource is `parentId` or the URL, not the provider's subscription: so
 * identity comes from them, or from the ID in state. A deployment or deployment stack (with its
 * template in `body.properties`) is read by the ARM template adapter, at the scope its parent is.
 */
import { isRecord } from "../core/json";
import { type Fact, Unreadable } from "../core/model";
import { mayReachNamespace, rewrittenPath, rewrittenSegment } from "./arm-path";
import { ARM_TYPES, armFacts, ROUTE_FILTER } from "./arm-resources";
import { armDeploymentFacts, DEPLOYMENT_TYPES } from "./arm-template";
import { type Adapter, type AdapterInput, at, type Base, blindFact, idOf, knownText, resourceGroupOfId, subscriptionOfId } from "./common";
import { memberIgnoringCase, own, sameValue, setOwn } from "./values";

const RESOURCE = "azapi:index/resource:Resource";
const UPDATE = "azapi:index/updateResource:UpdateResource";
const ACTION = "azapi:index/resourceAction:ResourceAction";

// The methods azapi's ResourceAction accepts; POST is its default.
const METHODS = new Set(["POST", "PATCH", "PUT", "DELETE", "GET", "HEAD"]);

export function azapiAdapterFor(type: string): Adapter | undefined {
  if (type === RESOURCE || type === UPDATE) return azapiFacts;
  if (type === ACTION) return actionFacts;
  return undefined;
}

/** The resource an ARM request creates or changes. */
interface Target {
  /** Lower case, without an API version. */
  readonly kind: string;
  readonly name: unknown;
  readonly parentId?: string;
  /** Where the parent is written. */
  readonly parentProperty: string;
}

function azapiFacts(input: AdapterInput, base: Base): Fact[] {
  const { props } = input;
  const type = props.type;
  if (type instanceof Unreadable) return [blindFact(base, "type", type)];
  if (typeof type !== "string") return [];
  const kind = type.split("@")[0].trim().toLowerCase();
  if (!relevant(kind)) return [];

  // The resource's own ID: in state, else the one an update names, else parentId + name. Only
  // UpdateResource has a resourceId input; one given to Resource is no input the provider reads.
  const named = input.record.type === UPDATE ? props.resourceId : undefined;
  const id = idOf(input) ?? knownText(named);
  const where = named !== undefined ? "resourceId" : "parentId";
  // The filter's identity is read from the path the request goes to: only from one written plainly.
  const path = id ?? `${knownText(props.parentId) ?? ""}/${typeof props.name === "string" ? props.name : ""}`;
  const rewritten = path
    .split("/")
    .map(rewrittenSegment)
    .find((why) => why !== undefined);
  if (rewritten) return [blindFact(base, where, rewrittenPath(path, rewritten))];
  return requestFacts(input, base, {
    kind,
    name: id ? id.split("/").pop() : props.name,
    parentId: id ? id.replace(/\/[^/]+\/[^/]+$/, "") : knownText(props.parentId),
    parentProperty: where,
  });
}

function actionFacts(input: AdapterInput, base: Base): Fact[] {
  const { props } = input;
  const method = props.method ?? "POST";
  if (method instanceof Unreadable) return [blindFact(base, "method", method)];
  const verb = typeof method === "string" ? method.trim().toUpperCase() : undefined;
  if (!verb || !METHODS.has(verb))
    return [
      blindFact(base, "method", new Unreadable("shape", `should be one of ${[...METHODS].join(", ")}, but is ${JSON.stringify(method)}`)),
    ];
  // Other methods read or call an operation; only PUT or PATCH creates or changes what the URL names.
  if (verb !== "PUT" && verb !== "PATCH") return [];

  const { resourceId, action } = props;
  if (resourceId instanceof Unreadable) return [blindFact(base, "resourceId", resourceId)];
  if (action instanceof Unreadable) return [blindFact(base, "action", action)];
  if (typeof resourceId !== "string" || (action !== undefined && action !== null && typeof action !== "string")) {
    const which = typeof resourceId !== "string" ? "resourceId" : "action";
    return [blindFact(base, which, new Unreadable("shape", "should be a string"))];
  }
  const url = knownText(action) ? `${resourceId.trim()}/${(action as string).trim()}` : resourceId.trim();
  const where = knownText(action) ? "resourceId/action" : "resourceId";
  // Only a URL through a namespace that has route filters, peerings or deployments can reach one.
  const rewritten = url
    .split("/")
    .map(rewrittenSegment)
    .find((why) => why !== undefined);
  if (rewritten) return mayReachNamespace(url) ? [blindFact(base, where, rewrittenPath(url, rewritten))] : [];
  const target = urlTarget(url);
  if (!target) {
    return mayReachNamespace(url)
      ? [
          blindFact(
            base,
            where,
            new Unreadable("shape", `makes the URL ${JSON.stringify(url)}, which names no ARM resource the pack can tell`),
          ),
        ]
      : [];
  }
  if (!relevant(target.kind)) return [];
  return requestFacts(input, base, { ...target, parentProperty: where });
}

function relevant(kind: string): boolean {
  return ARM_TYPES.has(kind) || DEPLOYMENT_TYPES.has(kind);
}

/** What one request makes of its target, from the body it sends. */
function requestFacts(input: AdapterInput, base: Base, target: Target): Fact[] {
  const { value: body, path } = requestBody(input.props);
  const properties = body instanceof Unreadable ? body : body === undefined ? undefined : memberIgnoringCase(body, "properties");
  const propertiesPath = body instanceof Unreadable ? path : at(path, "properties");
  const subscriptionId = subscriptionOfId(target.parentId);
  const resourceGroup = resourceGroupOfId(target.parentId);
  if (DEPLOYMENT_TYPES.has(target.kind)) {
    // A body sent as JSON text reaches the pack whole; one sent as an object lost its "__" keys on the way.
    const keysHidden = ["body", "sensitiveBody"].some((key) => typeof own(input.props, key) === "object" && own(input.props, key) !== null);
    return armDeploymentFacts(base, properties, propertiesPath, { subscriptionId, resourceGroup }, keysHidden);
  }
  return armFacts(base, {
    type: target.kind,
    name: target.name,
    // A rule's parent is its route filter's ID; a peering's, its circuit's.
    parent: target.parentId,
    parentProperty: target.parentProperty,
    properties: properties ?? {},
    path: "body",
    propertiesPath,
    subscriptionId,
    resourceGroup,
    id: target.kind === ROUTE_FILTER ? idOf(input) : undefined,
    dependsOn: [...(input.record.propertyDependencies.body ?? []), ...(input.record.propertyDependencies.sensitiveBody ?? [])],
  });
}

/**
 * What a request URL names, read as ARM does: a scope (`/subscriptions/<id>`, then
 * `resourceGroups/<name>`), then `providers/<namespace>` and type/name pairs, where a
 * `providers` segment in a type's place starts an extension resource. Anything else (a
 * collection, an operation, an empty segment) names no resource: undefined.
 */
export function urlTarget(url: string): Omit<Target, "parentProperty"> | undefined {
  if (!url.startsWith("/")) return undefined;
  const parts = url === "/" ? [] : url.slice(1).split("/");
  if (parts.some((p) => p === "")) return undefined;
  const lower = parts.map((p) => p.toLowerCase());
  let i = 0;
  let kind = "";
  if (lower[i] === "subscriptions" && i + 1 < parts.length) {
    kind = "microsoft.resources/subscriptions";
    i += 2;
    if (lower[i] === "resourcegroups" && i + 1 < parts.length) {
      kind = "microsoft.resources/resourcegroups";
      i += 2;
    }
  }
  let blockStart = -1;
  while (i < parts.length) {
    if (lower[i] !== "providers" || i + 3 >= parts.length) return undefined;
    blockStart = i;
    const types = [lower[i + 1]];
    i += 2;
    while (i < parts.length && lower[i] !== "providers") {
      if (i + 1 >= parts.length) return undefined;
      types.push(lower[i]);
      i += 2;
    }
    kind = types.join("/");
  }
  if (!kind) return undefined;
  const top = blockStart >= 0 && blockStart + 4 === parts.length;
  const parent = top ? parts.slice(0, blockStart) : parts.slice(0, -2);
  return { kind, name: parts[parts.length - 1], parentId: `/${parent.join("/")}` };
}

/**
 * The body the request sends. azapi 2.x merge-patches `sensitiveBody` (write-only) into `body`
 * (its utils.MergeObject: objects key by key, lists item by item or by name, a null removes).
 * The pack merges objects key by key and reads a key both give only when they give the same
 * value: any other overlap is "cannot verify" rather than a guess at azapi's list merge.
 */
function requestBody(props: Record<string, unknown>): { value: Record<string, unknown> | Unreadable | undefined; path: string } {
  const body = readBody(own(props, "body"));
  const sensitive = readBody(own(props, "sensitiveBody"));
  if (sensitive === undefined) return { value: body, path: "body" };
  const path = "body+sensitiveBody";
  if (body === undefined) return { value: sensitive, path };
  if (body instanceof Unreadable || sensitive instanceof Unreadable) {
    return { value: body instanceof Unreadable ? body : sensitive, path: body instanceof Unreadable ? "body" : "sensitiveBody" };
  }
  return { value: merged(body, sensitive), path };
}

function merged(body: Record<string, unknown>, sensitive: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(body)) setOwn(out, key, body[key]);
  for (const key of Object.keys(sensitive)) {
    const mine = own(body, key);
    const theirs = sensitive[key];
    if (mine === undefined) setOwn(out, key, theirs);
    else if (isRecord(mine) && isRecord(theirs)) setOwn(out, key, merged(mine, theirs));
    else if (sameValue(mine, theirs) !== true) {
      setOwn(
        out,
        key,
        new Unreadable("shape", "is given differently in body and in sensitiveBody, whose merge by azapi the pack does not guess"),
      );
    }
  }
  return out;
}

/** A request body: an object, or (azapi 1.x) JSON text. */
function readBody(body: unknown): Record<string, unknown> | Unreadable | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Unreadable) return body;
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body) as unknown;
    } catch (e) {
      return new Unreadable("shape", `is not valid JSON (${(e as Error).message})`);
    }
  }
  return isRecord(value) ? value : new Unreadable("shape", "should be an object (the request body)");
}
