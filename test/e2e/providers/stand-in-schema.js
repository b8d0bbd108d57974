// STAND-IN package schema for the stand-in providers (stand-in-provider.js): NOT the real azure-native or azure
// schema. Programs in languages without an SDK of their own (Pulumi YAML) ask the provider for its schema
// (GetSchema) to resolve resource types and their properties. This one covers only the resource types the
// examples and the demo use, with the property names of the installed SDK's declarations (the `<Type>Args`
// interface for inputs, the class's readonly fields for outputs) and every property typed Any: the stand-in
// checks no values, as it creates none.
"use strict";

const fs = require("fs");
const ts = require("typescript");

/** SDK modules (under @pulumi/<package>/) of the resource types the stand-in describes. */
const MODULES = {
  "azure-native": [
    "resources/resourceGroup",
    "network/expressRouteCircuit",
    "network/expressRouteCircuitPeering",
    "network/routeFilter",
    "network/routeFilterRule",
    "network/virtualNetwork",
  ],
  azure: ["core/resourceGroup", "network/expressRouteCircuit", "network/expressRouteCircuitPeering", "network/routeFilter"],
};

const ANY = { $ref: "pulumi.json#/Any" };

function sdkFile(pkg, modulePath, extension) {
  return require.resolve(`@pulumi/${pkg}/${modulePath}${extension}`);
}

/** The type token the SDK registers the class under, e.g. azure-native:network:RouteFilter. */
function tokenOf(pkg, modulePath) {
  const js = fs.readFileSync(sdkFile(pkg, modulePath, ".js"), "utf8");
  const m = /static __pulumiType = '([^']+)'/.exec(js);
  if (!m) throw new Error(`stand-in schema: no __pulumiType in @pulumi/${pkg}/${modulePath}.js`);
  return m[1];
}

/** Inputs (name -> optional?) of `<className>Args` and outputs of `class <className>` in the module's .d.ts. */
function declaredProperties(pkg, modulePath, className) {
  const file = sdkFile(pkg, modulePath, ".d.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const inputs = new Map();
  const outputs = [];
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === `${className}Args`) {
      for (const member of statement.members) {
        if (ts.isPropertySignature(member)) inputs.set(member.name.getText(source), member.questionToken !== undefined);
      }
    }
    if (ts.isClassDeclaration(statement) && statement.name?.text === className) {
      for (const member of statement.members) {
        const modifiers = ts.getModifiers(member) ?? [];
        const isStatic = modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        const isReadonly = modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
        if (ts.isPropertyDeclaration(member) && isReadonly && !isStatic) outputs.push(member.name.getText(source));
      }
    }
  }
  if (inputs.size === 0 && outputs.length === 0) throw new Error(`stand-in schema: no ${className} or ${className}Args in ${file}`);
  return { inputs, outputs };
}

function anyOf(names) {
  return Object.fromEntries([...names].map((n) => [n, ANY]));
}

function resourceSchema(pkg, modulePath) {
  const token = tokenOf(pkg, modulePath);
  const { inputs, outputs } = declaredProperties(pkg, modulePath, token.slice(token.lastIndexOf(":") + 1));
  return [
    token,
    {
      description: `STAND-IN schema of ${token} (property names from the @pulumi/${pkg} SDK, types Any).`,
      inputProperties: anyOf(inputs.keys()),
      requiredInputs: [...inputs].filter(([, optional]) => !optional).map(([name]) => name),
      properties: anyOf(outputs),
    },
  ];
}

/** The schema GetSchema answers for `pkg` at `version`, as a JSON string. */
function standInSchema(pkg, version) {
  const modules = MODULES[pkg];
  if (!modules) throw new Error(`stand-in schema: unknown package ${pkg}`);
  const provider = declaredProperties(pkg, "provider", "Provider");
  return JSON.stringify({
    name: pkg,
    version,
    description: `STAND-IN schema of ${pkg} for the expressroute-m365-guard tests: only the resource types its examples use.`,
    provider: { inputProperties: anyOf(provider.inputs.keys()) },
    resources: Object.fromEntries(modules.map((m) => resourceSchema(pkg, m))),
  });
}

module.exports = { standInSchema };
