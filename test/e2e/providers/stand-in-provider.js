// STAND-IN resource provider for the expressroute-m365-guard e2e tests and demo: NOT the real azure-native or
// azure (classic) provider, and it never talks to Azure. It serves the provider gRPC protocol with
// @pulumi/pulumi/provider so that the real Pulumi engine can run a preview offline:
//
//   check   returns the inputs unchanged (unknown values stay unknown);
//   create  returns the inputs plus `id` (a deterministic ARM-like id) and `name`; with
//           STAND_IN_OUTPUTS=api in its environment, azure-native outputs take the real provider's shape instead:
//           the API's (no path parameters such as resourceGroupName or routeFilterName) plus the inputs under
//           `__inputs` (the real provider marks them secret; the stand-in does not);
//   diff    reports a change when an input differs; read keeps the state, update recomputes it, delete forgets it;
//   getSchema  answers the STAND-IN schema of stand-in-schema.js (Pulumi YAML programs ask for it).
//
// During a preview the engine does not call create at all: the @pulumi/pulumi provider server does not announce
// preview support (ConfigureResponse.supportsPreview), so the engine itself uses the checked inputs as the
// planned outputs; every output that is not an input (`id`, azure-native's `name`) stays unknown, as a real
// provider reports for a resource that does not exist yet.
//
// Usage: node stand-in-provider.js <azure-native|azure> [engine address]
"use strict";

const provider = require("@pulumi/pulumi/provider");

// The stand-in does not read its provider's configuration: every resource lands in this subscription, the one
// the examples that declare a subscription (us-government) give their provider.
const SUBSCRIPTION = "/subscriptions/11111111-2222-3333-4444-555555555555";

// Per package: the input that holds a resource's Azure name, and the one that names a peering's circuit.
const PACKAGES = {
  "azure-native": {
    // azure-native takes the Azure name from `<lowerCamelType>Name`, with a few historical exceptions.
    nameInput: (typeName) =>
      ({ ExpressRouteCircuit: "circuitName", ExpressRouteCircuitPeering: "peeringName" })[typeName] ?? lowerFirst(typeName) + "Name",
    circuitInput: "circuitName",
  },
  azure: {
    nameInput: () => "name",
    circuitInput: "expressRouteCircuitName",
  },
};

function lowerFirst(s) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** `urn:pulumi:stack::project::azure-native:network:RouteFilter::rf-m365` -> ["azure-native:network:RouteFilter", "rf-m365"] */
function parseUrn(urn) {
  const parts = urn.split("::");
  const qualifiedType = parts[2];
  return [qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), parts.slice(3).join("::")];
}

/** e.g. RouteFilter -> .../resourceGroups/<rg>/providers/Microsoft.Network/routeFilters/<name>. Besides resource
 * groups, every other type the examples and the demo use is in Microsoft.Network. */
function armId(pkg, type, inputs, name) {
  const typeName = type.slice(type.lastIndexOf(":") + 1);
  // Azure Policy's resources (azure-native authorization): a definition in the subscription, an assignment or
  // an exemption under the scope it is given.
  if (/^Policy(Definition|Assignment|Exemption)$/.test(typeName)) {
    const scope = typeName === "PolicyDefinition" ? SUBSCRIPTION : inputs.scope;
    return `${scope}/providers/Microsoft.Authorization/${lowerFirst(typeName)}s/${name}`;
  }
  const group = `${SUBSCRIPTION}/resourceGroups/${typeName === "ResourceGroup" ? name : inputs.resourceGroupName}`;
  if (typeName === "ResourceGroup") {
    return group;
  }
  if (typeName === "ExpressRouteCircuitPeering") {
    const circuit = inputs[PACKAGES[pkg].circuitInput];
    return `${group}/providers/Microsoft.Network/expressRouteCircuits/${circuit}/peerings/${name}`;
  }
  return `${group}/providers/Microsoft.Network/${lowerFirst(typeName)}s/${name}`;
}

function standInProvider(pkg) {
  const spec = PACKAGES[pkg];
  if (!spec) {
    throw new Error(`stand-in provider: unknown package ${pkg}; expected one of ${Object.keys(PACKAGES).join(", ")}`);
  }
  // Report the version of the installed SDK package, which is the version the program asks the engine for.
  const version = require(`@pulumi/${pkg}/package.json`).version;

  /** What Azure would report for a resource: its inputs plus `id` and `name`. */
  const outputsFor = (urn, inputs) => {
    const [type, logicalName] = parseUrn(urn);
    const typeName = type.slice(type.lastIndexOf(":") + 1);
    // A classic peering has no name input: Azure names it after its type (e.g. MicrosoftPeering).
    const name =
      inputs[spec.nameInput(typeName)] ?? (typeName === "ExpressRouteCircuitPeering" ? inputs.peeringType : undefined) ?? logicalName;
    const id = armId(pkg, type, inputs, name);
    if (pkg === "azure-native" && process.env.STAND_IN_OUTPUTS === "api") {
      const pathParameters = new Set([
        "resourceGroupName",
        "routeFilterName",
        "ruleName",
        "circuitName",
        "peeringName",
        spec.nameInput(typeName),
      ]);
      const body = Object.fromEntries(Object.entries(inputs).filter(([key]) => !pathParameters.has(key)));
      return { id, outs: { ...body, id, name, __inputs: inputs } };
    }
    return { id, outs: { ...inputs, id, name } };
  };

  return {
    version,
    async getSchema() {
      // Loaded here: it reads declarations with the TypeScript compiler, which only YAML programs need.
      return require("./stand-in-schema").standInSchema(pkg, version);
    },
    async check(_urn, _olds, news) {
      return { inputs: news };
    },
    async diff(_id, _urn, outputs, news) {
      // `olds` are the outputs of create: the inputs plus `id` and, unless it is an input, `name`.
      const olds = outputs.__inputs ?? outputs;
      const added = new Set(["id", ...("name" in news ? [] : ["name"])]);
      const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !added.has(k)));
      return { changes: [...keys].some((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])) };
    },
    async create(urn, inputs) {
      return outputsFor(urn, inputs);
    },
    async read(id, _urn, props) {
      return { id, props };
    },
    async update(_id, urn, _olds, news) {
      return { outs: outputsFor(urn, news).outs };
    },
    async delete() {},
  };
}

const [pkg, ...args] = process.argv.slice(2);
provider.main(standInProvider(pkg), args);
