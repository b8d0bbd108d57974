/**
 * `pulumi policy publish` of the pack the npm package ships assembled (dist/policy-pack, built by
 * scripts/assemble-policy-pack.js), run as the README writes it, from the package installed out of the tarball
 * `npm pack` makes, with the REAL Pulumi CLI, against a
 * STAND-IN Pulumi Cloud: a local HTTP server that answers the few API calls the CLI makes to publish (who is
 * logged in, the publish request, the upload, the completion) and records what it was sent. What Pulumi Cloud
 * shows for the pack and its policies is what the CLI sends in the publish request, which it reads from the
 * running pack (GetAnalyzerInfo); the upload is the `npm pack` of the directory.
 *
 * The pack runs (for its metadata) from the installed package, outside the repository, on the dependencies the
 * package brought; what is uploaded is the assembled directory alone, which Pulumi Cloud installs with the
 * dependencies its manifest declares.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { type AddressInfo } from "net";
import * as path from "path";
import { PACK, POLICIES } from "../../src/policies";
import { assertBuilt } from "../cli/run-cli";
import { commandsOf, documentedBlock, runDocumented } from "./documented";
import { type Cli, REPO, type RunResult, ensureCli, explain, scratchRoot } from "../../harness/pulumi-cli";
import { PACKAGE_VERSION, TOOL_PATH, npmInstall, packTarball } from "./package";

const ORG = "my-org";

interface Recorded {
  /** Method and path of every call, in order. */
  readonly calls: string[];
  publish?: any;
  upload?: Buffer;
}

/** STAND-IN Pulumi Cloud: only the calls `pulumi policy publish` makes (pkg/backend/httpstate/client, CLI v3.274.1). */
async function standInCloud(): Promise<{ url: string; recorded: Recorded; close: () => Promise<void> }> {
  const recorded: Recorded = { calls: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const route = `${req.method} ${req.url}`;
      recorded.calls.push(route);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (route === "GET /api/user")
        return json(200, { githubLogin: "publisher", name: "Publisher", organizations: [{ githubLogin: ORG, name: ORG }] });
      if (route === "GET /api/capabilities") return json(200, { capabilities: [] });
      if (route === `POST /api/orgs/${ORG}/policypacks`) {
        recorded.publish = JSON.parse(body.toString("utf8"));
        return json(200, { version: 1, uploadURI: `http://${req.headers.host}/upload`, requiredHeaders: {} });
      }
      if (route === "PUT /upload") {
        recorded.upload = body;
        return json(200, {});
      }
      if (route === `POST /api/orgs/${ORG}/policypacks/${PACK.name}/versions/${PACKAGE_VERSION}/complete`) return json(204, {});
      // The CLI reads the published version back to print it: answer with what was published.
      if (route === `GET /api/orgs/${ORG}/policypacks/${PACK.name}/versions/${PACKAGE_VERSION}` && recorded.publish) {
        const { name, displayName, versionTag, policies } = recorded.publish;
        return json(200, { name, displayName, version: 1, versionTag, policies, applied: false });
      }
      json(404, { code: 404, message: `stand-in Pulumi Cloud: no ${route}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, recorded, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let cli: Cli;
let root: string;
let cloud: Awaited<ReturnType<typeof standInCloud>>;
let publish: RunResult;

beforeAll(async () => {
  assertBuilt();
  cli = await ensureCli();
  root = scratchRoot("policy-publish");
  const project = path.join(root, "platform-tools");
  fs.mkdirSync(project);
  await npmInstall(project, (await packTarball(root)).file);
  const [command, ...more] = commandsOf(documentedBlock("README.md", "publish"));
  expect(more).toEqual([]);

  cloud = await standInCloud();
  const home = path.join(root, "home");
  fs.mkdirSync(home);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_")));
  publish = await runDocumented(command, project, {
    ...inherited,
    PATH: [cli.dir, TOOL_PATH].join(path.delimiter),
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: cloud.url,
    // Any well-formed token: the stand-in accepts it.
    PULUMI_ACCESS_TOKEN: "pul-0000000000000000000000000000000000000000",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  });
}, 20 * 60_000);

afterAll(async () => {
  await cloud?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test("the real CLI publishes the assembled pack", () => {
  explain(publish, () => {
    expect(publish.code).toBe(0);
    expect(cloud.recorded.calls).toContain(`POST /api/orgs/${ORG}/policypacks/${PACK.name}/versions/${PACKAGE_VERSION}/complete`);
  });
});

test("Pulumi Cloud is sent the pack's name, version, display name, README, provider, tags and repository", () => {
  const sent = cloud.recorded.publish;
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  expect(sent).toMatchObject({
    name: PACK.name,
    versionTag: manifest.version,
    displayName: PACK.displayName,
    description: expect.stringContaining("Microsoft 365"),
    readme: fs.readFileSync(path.join(REPO, "policies", "README.md"), "utf8"),
    provider: "azure",
    tags: [...PACK.tags],
    repository: manifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, ""),
    runtime: "nodejs",
  });
});

test("each policy is sent with the metadata its definition gives the runtime", () => {
  const sent: any[] = cloud.recorded.publish.policies;
  expect(sent.map((p) => p.name).sort()).toEqual(POLICIES.map((p) => p.name).sort());
  for (const definition of POLICIES) {
    const policy = sent.find((p) => p.name === definition.name);
    expect(policy).toMatchObject({
      description: definition.description,
      enforcementLevel: definition.enforcementLevel,
      severity: definition.severity,
      remediationSteps: definition.remediationSteps,
      url: definition.url,
      displayName: definition.displayName,
    });
    expect(definition.displayName).not.toBe("");
    expect(definition.tags.length).toBeGreaterThan(0);
    expect(policy.tags).toEqual(definition.tags);
  }
});

test("the upload is the assembled directory: compiled pack, PulumiPolicy.yaml, README, licence, manifest", () => {
  const tarball = path.join(root, "uploaded.tgz");
  fs.writeFileSync(tarball, cloud.recorded.upload!);
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
  for (const file of ["PulumiPolicy.yaml", "README.md", "LICENSE", "package.json", "policies/index.js", "src/core/catalog.js"]) {
    expect(files).toContain(`package/${file}`);
  }
  expect(files.filter((f) => f.includes("node_modules/") || f.endsWith(".map"))).toEqual([]);
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
  expect(manifest).toMatchObject({ version: PACKAGE_VERSION, main: "policies/index.js" });
  expect(Object.keys(manifest.dependencies).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "ajv"]);
});
