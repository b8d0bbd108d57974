import { CloudName } from "./catalog";

// Values of `environment` on the azure-native and classic azure providers, and Azure's own cloud names.
const ENVIRONMENTS: Record<string, CloudName> = {
  public: "AzureCloud",
  azurecloud: "AzureCloud",
  azurepubliccloud: "AzureCloud",
  usgovernment: "AzureUSGovernment",
  azureusgovernment: "AzureUSGovernment",
  azureusgovernmentcloud: "AzureUSGovernment",
  china: "AzureChinaCloud",
  azurechinacloud: "AzureChinaCloud",
};

export type CloudChoice = { ok: true; cloud: CloudName } | { ok: false; reason: string };

/** Config `cloud` wins; else the provider's `environment`; else the public cloud. */
export function chooseCloud(configured: CloudName | undefined, providerEnvironment: string | undefined): CloudChoice {
  if (configured) return { ok: true, cloud: configured };
  if (providerEnvironment === undefined) return { ok: true, cloud: "AzureCloud" };
  const cloud = ENVIRONMENTS[providerEnvironment.toLowerCase()];
  return cloud
    ? { ok: true, cloud }
    : {
        ok: false,
        reason: `its provider's environment "${providerEnvironment}" is not a cloud the community catalog covers (set the pack option cloud to decide)`,
      };
}
