/**
 * A resource as @pulumi/policy presents it to a policy: its properties go through the runtime's
 * own deserializer and unknown-checking proxy (internal modules of @pulumi/policy, loaded as-is),
 * then, as the binding does, are read from under that proxy; so core-level tests see exactly what
 * the policies see without a gRPC round trip.
 */
import { type Struct } from "google-protobuf/google/protobuf/struct_pb";
import { factsOf } from "../../src/adapters";
import { type AnalysedResource } from "../../src/core/evaluate";
import { type ResourceRecord } from "../../src/core/model";
import { runtimeTarget } from "../../policies/runtime-props";
import { type StackResource, toStruct } from "../../harness/policy-runtime";

const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(s: Struct, proxySecrets: boolean): Record<string, unknown>;
};
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T>(v: T): T };

const asRuntimeProps = (props: Record<string, unknown>) =>
  runtimeTarget(unknownCheckingProxy(deserializeProperties(toStruct(props), false))) as Record<string, unknown>;

export function asRuntimeSees(resource: StackResource): ResourceRecord {
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    props: asRuntimeProps(resource.props),
    propertyDependencies: resource.propertyDependencies ?? {},
    provider: resource.provider && { type: resource.provider.type, props: asRuntimeProps(resource.provider.props) },
  };
}

/** A record as the command's scan hands it to the core: its reference and the facts the adapters read. */
export function analysed(record: ResourceRecord): AnalysedResource {
  return { resource: { urn: record.urn, name: record.name, type: record.type }, facts: factsOf(record) };
}
