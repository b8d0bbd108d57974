/**
 * Drives a policy pack through the real Pulumi policy runtime, the way the Pulumi engine does:
 * it starts `@pulumi/pulumi/cmd/run-policy-pack` on the pack directory and speaks the gRPC
 * analyzer protocol to it (GetAnalyzerInfo, Configure, Remediate, Analyze, AnalyzeStack).
 * Only the engine's side is ours; the pack, its runtime and the wire format are the real ones.
 */
import { type ChildProcess, spawn } from "child_process";
import { existsSync } from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

export interface StackResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  readonly propertyDependencies?: Record<string, string[]>;
  readonly provider?: { urn: string; type: string; name: string; props: Record<string, unknown> };
}

export interface Diagnostic {
  readonly policyName: string;
  readonly enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
  readonly urn: string;
  readonly message: string;
}

export interface Remediated {
  readonly policyName: string;
  readonly properties?: Record<string, unknown>;
  readonly diagnostic: string;
}

export interface PolicyInfo {
  readonly name: string;
  readonly enforcementLevel: Diagnostic["enforcementLevel"];
  readonly configSchema: { properties: Record<string, { default?: unknown }>; required: string[] };
  readonly severity: number;
}

const LEVEL_NAMES = ["advisory", "mandatory", "disabled", "remediate"] as const;
const LEVEL_CODES: Record<string, pb.EnforcementLevel> = {
  advisory: pb.EnforcementLevel.ADVISORY,
  mandatory: pb.EnforcementLevel.MANDATORY,
  disabled: pb.EnforcementLevel.DISABLED,
  remediate: pb.EnforcementLevel.REMEDIATE,
};

export type PackConfig = Record<string, string | ({ enforcementLevel?: string } & Record<string, unknown>)>;

/** The repository root, whether this file runs as TypeScript (jest) or compiled under dist/ (bench). */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "policies", "PulumiPolicy.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no policies/PulumiPolicy.yaml above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

export const PACK_DIR = path.join(REPO_ROOT, "policies");

export class PolicyRuntime {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: AnalyzerClient,
    readonly policies: readonly PolicyInfo[],
  ) {}

  static async start(packDir = PACK_DIR): Promise<PolicyRuntime> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    // The engine address argument is unused by the runtime; the language host passes it first.
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", packDir], {
      cwd: packDir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => {
        out += d;
        const m = /^(\d+)\n/.exec(out);
        if (m) resolve(m[1]);
      });
      child.stderr.on("data", (d) => (err += d));
      child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before serving: ${err}`)));
    });
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const info = await call<Empty, pb.AnalyzerInfo>(client, "getAnalyzerInfo", new Empty());
    const policies = info.getPoliciesList().map((p) => ({
      name: p.getName(),
      enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()],
      configSchema: {
        properties: (p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}) as PolicyInfo["configSchema"]["properties"],
        required: p.getConfigschema()?.getRequiredList() ?? [],
      },
      severity: p.getSeverity(),
    }));
    return new PolicyRuntime(child, client, policies);
  }

  /** The pack's process, for memory readings. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Like the engine: every policy gets its level (config, else its default) and schema defaults under config. */
  async configure(config: PackConfig = {}): Promise<void> {
    const request = new pb.ConfigureAnalyzerRequest();
    const all = typeof config.all === "string" ? config.all : undefined;
    for (const policy of this.policies) {
      const entry = config[policy.name];
      const given = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
      const { enforcementLevel, ...props } = given;
      const defaults = Object.fromEntries(
        Object.entries(policy.configSchema.properties)
          .filter(([, schema]) => schema.default !== undefined)
          .map(([key, schema]) => [key, schema.default]),
      );
      const pc = new pb.PolicyConfig();
      pc.setEnforcementlevel(LEVEL_CODES[enforcementLevel ?? all ?? policy.enforcementLevel]);
      pc.setProperties(toStruct({ ...defaults, ...props }));
      request.getPolicyconfigMap().set(policy.name, pc);
    }
    await call(this.client, "configure", request);
  }

  async analyzeStack(resources: readonly StackResource[]): Promise<Diagnostic[]> {
    const request = new pb.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((r) => {
        const resource = describe(new pb.AnalyzerResource(), r);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
          const deps = new pb.AnalyzerPropertyDependencies();
          deps.setUrnsList(urns);
          resource.getPropertydependenciesMap().set(key, deps);
        }
        resource.setDependenciesList([...new Set(Object.values(r.propertyDependencies ?? {}).flat())]);
        return resource;
      }),
    );
    const response = await call<pb.AnalyzeStackRequest, pb.AnalyzeResponse>(this.client, "analyzeStack", request);
    return diagnosticsOf(response);
  }

  /**
   * As the engine runs a preview: each resource analysed on its own (before its step), then the
   * whole stack. The same props stand for inputs and outputs, as with the echoing providers.
   */
  async analyzeAll(resources: readonly StackResource[]): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    for (const resource of resources) diagnostics.push(...(await this.analyze(resource)));
    return [...diagnostics, ...(await this.analyzeStack(resources))];
  }

  /** Configures the pack, analyses every resource and the stack, and keeps one policy's violations. */
  async violationsOf(policy: string, resources: readonly StackResource[], config: PackConfig = {}): Promise<Diagnostic[]> {
    await this.configure(config);
    return (await this.analyzeAll(resources)).filter((d) => d.policyName === policy);
  }

  async analyze(r: StackResource): Promise<Diagnostic[]> {
    return (await this.analyzeResponse(r)).diagnostics;
  }

  /** The per-resource answer in full: diagnostics, and the policies that said they do not apply. */
  async analyzeResponse(r: StackResource): Promise<{ diagnostics: Diagnostic[]; notApplicable: { policyName: string; reason: string }[] }> {
    const response = await call<pb.AnalyzeRequest, pb.AnalyzeResponse>(this.client, "analyze", resourceRequest(r));
    const notApplicable = response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() }));
    return { diagnostics: diagnosticsOf(response), notApplicable };
  }

  async remediate(r: StackResource): Promise<Remediated[]> {
    const response = await call<pb.AnalyzeRequest, pb.RemediateResponse>(this.client, "remediate", resourceRequest(r));
    return response.getRemediationsList().map((x) => ({
      policyName: x.getPolicyname(),
      properties: x.getProperties()?.toJavaScript(),
      diagnostic: x.getDiagnostic(),
    }));
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.on("exit", resolve));
      this.child.kill();
      await exited;
    }
  }
}

function resourceRequest(r: StackResource): pb.AnalyzeRequest {
  return describe(new pb.AnalyzeRequest(), r);
}

/** The fields a per-resource request and a stack analysis entry share. */
function describe<T extends pb.AnalyzeRequest | pb.AnalyzerResource>(message: T, r: StackResource): T {
  message.setUrn(r.urn);
  message.setType(r.type);
  message.setName(r.name);
  message.setProperties(toStruct(r.props));
  message.setOptions(new pb.AnalyzerResourceOptions());
  if (r.provider) message.setProvider(providerOf(r.provider));
  return message;
}

function providerOf(p: NonNullable<StackResource["provider"]>): pb.AnalyzerProviderResource {
  const provider = new pb.AnalyzerProviderResource();
  provider.setUrn(p.urn);
  provider.setType(p.type);
  provider.setName(p.name);
  provider.setProperties(toStruct(p.props));
  return provider;
}

function diagnosticsOf(response: pb.AnalyzeResponse): Diagnostic[] {
  return response.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
    urn: d.getUrn(),
    message: d.getMessage(),
  }));
}

/** The engine's wire format has no `undefined`: absent properties are simply not sent. */
export function toStruct(props: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

function call<Req, Res>(client: AnalyzerClient, method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    (client as unknown as Record<string, (r: Req, cb: (e: Error | null, res: Res) => void) => void>)[method](request, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}
