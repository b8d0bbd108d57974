import { type CloudName } from "./catalog";

// Values of `environment` on the azure-native and classic azure providers, and Azure's own cloud names.
// A Map, so that an environment named like a member of every object (__proto__, constructor) is just unknown.
const ENVIRONMENTS = new Map<string, CloudName>([
  ["public", "AzureCloud"],
  ["azurecloud", "AzureCloud"],
  ["azurepubliccloud", "AzureCloud"],
  ["usgovernment", "AzureUSGovernment"],
  ["azureusgovernment", "AzureUSGovernment"],
  ["azureusgovernmentcloud", "AzureUSGovernment"],
  ["china", "AzureChinaCloud"],
  ["azurechinacloud", "AzureChinaCloud"],
]);

export type CloudChoice = { ok: true; cloud: CloudName } | { ok: false; reason: string };

/**
 * The provider's `environment` decides; the option `cloud` fills in when the provider declares
 * none (or one the catalog does not know), else the public cloud. An option that contradicts the
 * provider is no override: the same value means different services in different clouds.
 */
export function chooseCloud(configured: CloudName | undefined, providerEnvironment: string | undefined): CloudChoice {
  const declared = providerEnvironment === undefined ? undefined : ENVIRONMENTS.get(providerEnvironment.toLowerCase());
  if (declared && configured && declared !== configured) {
    return {
      ok: false,
      reason: `the pack option cloud is ${configured} but its provider's environment "${providerEnvironment}" is ${declared}`,
    };
  }
  if (declared ?? configured) return { ok: true, cloud: (declared ?? configured)! };
  if (providerEnvironment === undefined) return { ok: true, cloud: "AzureCloud" };
  return {
    ok: false,
    reason: `its provider's environment "${providerEnvironment}" is not a cloud the community catalog covers (set the pack option cloud to decide)`,
  };
}
