/**
 * The props the policy runtime hands a policy, taken off its proxies: the adapters read the data under
 * them, and remediation reads and writes secrets in the engine's wire form. This module knows internals
 * of @pulumi/policy (its proxies' target key, its Secret); the tests of the binding cover them.
 */
import { Secret } from "@pulumi/policy";
import { types } from "util";
import { isSecretMarker, wireSecret } from "../src/adapters/values";

/** The value under the runtime's proxies, which hand out their target under this key (an internal of @pulumi/policy). */
export function runtimeTarget(value: unknown): unknown {
  let inner = value;
  // Only a proxy is unwrapped: a plain object may hold a property of that name that the program gave it.
  while (types.isProxy(inner)) inner = (inner as Record<string, unknown>).__getSpecialProxyTarget;
  return inner;
}

/**
 * The runtime's props of a resource to remediate, as the engine sent them: a secret stays marked
 * (the wire form), where reading through the runtime's proxies would silently unwrap it.
 */
export function wireProps(props: Record<string, unknown>): Record<string, unknown> {
  const toWire = (value: unknown): unknown => {
    const raw = runtimeTarget(value);
    if (raw instanceof Secret) return wireSecret(toWire(raw.value));
    if (Array.isArray(raw)) return raw.map(toWire);
    if (isPlainObject(raw)) return Object.fromEntries(Object.keys(raw).map((k) => [k, toWire(raw[k])]));
    return raw;
  };
  return toWire(props) as Record<string, unknown>;
}

/** Only plain data is copied: anything else (an asset, an archive) is handed back as it came. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object") return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Back from the wire form: what stays secret is handed to the runtime as a Secret. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (isPlainObject(value)) {
    if (isSecretMarker(value)) return new Secret(fromWire(value.value));
    return Object.fromEntries(Object.keys(value).map((k) => [k, fromWire(value[k])]));
  }
  return value;
}
