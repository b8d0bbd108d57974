/**
 * `catalog show` and `catalog diff` through the real command in this process, on hand-written
 * lists in the shapes the Azure CLI and the REST API return (service-communities.ts).
 */
import { builtInCommunities, CLOUDS } from "../../src/core/catalog";
import * as sources from "../../src/core/sources";
import { runCli } from "./run-cli";
import { exceptionEntry, packConfig, routeFilter, stackExport, workDir } from "./fixtures";
import { azCliShape, changedServices, publicCloudServices, restShape } from "./service-communities";

describe("catalog show", () => {
  test("every cloud, every value with its service, its gate and the number of its source; then the sources", () => {
    const { code, stdout, stderr } = runCli(["catalog", "show"], workDir({}));
    expect(code).toBe(0);
    expect(stderr).toBe("");
    for (const cloud of CLOUDS) expect(stdout).toContain(`\n${cloud}:\n`.slice(cloud === CLOUDS[0] ? 1 : 0));
    expect(stdout).toMatch(/^AzureCloud:\n {2}12076:5010 {2}Exchange Online: Microsoft 365, needs Microsoft's authorization \[1\]\n/);
    expect(stdout).toContain("  12076:5040  CRM Online (Dynamics v8.2 and earlier): no authorization needed [1]\n");
    expect(stdout).toContain("  12076:50000-50999 regional Azure communities, never Microsoft 365 [2]\n");
    expect(stdout).toMatch(
      /12076:5110 {2}Exchange Online \(US Government\): Microsoft 365, needs Microsoft's authorization \(authorization required by the pack's assumption, made to fail closed[^\n]*\) \[\d\]\n/,
    );
    expect(stdout).toContain("AzureChinaCloud:\n  no service community of Microsoft peering (none is Microsoft 365)\n");
    const listed = stdout.slice(stdout.indexOf("Sources:"));
    for (const value of CLOUDS.flatMap(builtInCommunities)) expect(stdout).toContain(`  ${value.community.padEnd(11)} ${value.service}:`);
    for (const source of [
      sources.ROUTING_REQUIREMENTS,
      sources.PRIVATE_PEERING_REGIONAL,
      sources.US_GOVERNMENT_AUTHORIZATION_ASSUMED,
      sources.US_GOVERNMENT_DYNAMICS_2018,
    ]) {
      expect(listed).toContain(`${source.document}\n      ${source.url} (read ${source.read})`);
    }
  });

  test("--cloud and --format json: one cloud, for scripts, with the sources", () => {
    const { code, stdout } = runCli(["catalog", "show", "--cloud", "AzureUSGovernment", "--format", "json"], workDir({}));
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc.clouds)).toEqual(["AzureUSGovernment"]);
    expect(doc.clouds.AzureUSGovernment.communities).toHaveLength(builtInCommunities("AzureUSGovernment").length);
    expect(doc.clouds.AzureUSGovernment.communities[0]).toMatchObject({
      community: "12076:5110",
      requiresAuthorization: true,
      assumption: expect.stringContaining("fail closed"),
      source: sources.US_GOVERNMENT_AUTHORIZATION_ASSUMED,
    });
    expect(doc.clouds.AzureUSGovernment.regionalRanges).toEqual([
      { from: "12076:50000", to: "12076:50999", source: sources.PRIVATE_PEERING_REGIONAL },
      { from: "12076:51000", to: "12076:55999", source: sources.ROUTING_REQUIREMENTS },
    ]);
  });

  test("an unknown cloud is a usage error", () => {
    const { code, stderr } = runCli(["catalog", "show", "--cloud", "AzureGermanCloud"], workDir({}));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: catalog show: option '--cloud <cloud>' argument 'AzureGermanCloud' is invalid\. Allowed choices are AzureCloud, AzureUSGovernment, AzureChinaCloud \(see --help\)\n$/,
    );
  });
});

describe("catalog diff", () => {
  const diff = (list: unknown, args: string[] = [], extra: Record<string, unknown> = {}) =>
    runCli(["catalog", "diff", "services.json", ...args], workDir({ "services.json": list, ...extra }));

  test.each([
    ["az network route-filter rule list-service-communities", azCliShape(publicCloudServices())],
    ["REST list of bgpServiceCommunities", restShape(publicCloudServices())],
  ])("the list as the catalog knows it (%s): no difference, exit 0", (shape, list) => {
    const { code, stdout } = diff(list);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `services.json: 13 community values (${shape}) compared with the AzureCloud catalog.\n\n` +
        "Unchanged: 10 service values; 3 regional values.\nThe catalog matches Microsoft's list.\n",
    );
  });

  test("new, classified differently and missing values: exit 1, each listed; isAuthorizedToUse decides nothing", () => {
    const { code, stdout } = diff(azCliShape(changedServices()));
    expect(code).toBe(1);
    expect(stdout).toContain(
      'New: Microsoft lists them, the catalog does not (the pack blocks a route filter that allows them as "cannot verify"):\n' +
        "  - 12076:5310 ExampleOffice365Service, serviceGroup O365: Microsoft 365, needs authorization\n" +
        "  - 12076:5320 ExampleAzureService, serviceGroup Azure: not Microsoft 365\n",
    );
    expect(stdout).toContain(
      "Classified differently:\n" +
        "  - 12076:5220: the catalog has Microsoft Defender for Identity: no authorization needed; Microsoft's list has serviceGroup O365 (Microsoft 365)\n" +
        "  - 12076:51003: the catalog has a regional Azure community; Microsoft's list has serviceGroup O365 (Microsoft 365)\n",
    );
    expect(stdout).toContain("Missing: in the catalog, not in Microsoft's list:\n  - 12076:5250 Microsoft PSTN services\n");
    expect(stdout).toContain("Unchanged: 8 service values; 2 regional values.");
    expect(stdout).toContain("additionalCommunities cannot redefine a built-in value");
  });

  test("a Microsoft 365 value stays one whatever isAuthorizedToUse says", () => {
    const services = publicCloudServices();
    for (const c of services[0].bgpCommunities) c.isAuthorizedToUse = true;
    expect(diff(azCliShape(services)).code).toBe(0);
    for (const c of services[0].bgpCommunities) c.serviceGroup = "Exchange";
    const moved = diff(azCliShape(services));
    expect(moved.code).toBe(1);
    expect(moved.stdout).toContain(
      "12076:5010: the catalog has Exchange Online: Microsoft 365, needs authorization; Microsoft's list has serviceGroup Exchange (not Microsoft 365)",
    );
  });

  test("the IPv6 entry of a value counts with its IPv4 one: a value any entry puts in O365 is Microsoft 365", () => {
    const services = publicCloudServices();
    services[0].bgpCommunities[0].serviceGroup = "Exchange";
    expect(diff(azCliShape(services)).code).toBe(0);
  });

  test("--cloud compares with another cloud's catalog", () => {
    const { code, stdout } = diff(azCliShape(publicCloudServices()), ["--cloud", "AzureUSGovernment"]);
    expect(code).toBe(1);
    expect(stdout).toContain("compared with the AzureUSGovernment catalog");
    expect(stdout).toContain("  - 12076:5010 Exchange, serviceGroup O365: Microsoft 365, needs authorization\n");
    expect(stdout).toContain("  - 12076:5110 Exchange Online (US Government)\n");
  });

  test("without --cloud, the config's cloud option decides", () => {
    const config = { "m365-advertisement-requires-exception": { cloud: "AzureUSGovernment" } };
    const { stdout } = diff(azCliShape(publicCloudServices()), ["--config", "policy-config.json"], { "policy-config.json": config });
    expect(stdout).toContain("compared with the AzureUSGovernment catalog");
  });

  test("--write-config prints the additionalCommunities entries; with them in the config, only what a release must fix is left", () => {
    const list = azCliShape(changedServices());
    const written = diff(list, ["--write-config"]);
    expect(written.code).toBe(1);
    expect(JSON.parse(written.stdout)).toEqual([
      { community: "12076:5310", service: "ExampleOffice365Service", requiresAuthorization: true },
      { community: "12076:5320", service: "ExampleAzureService", requiresAuthorization: false },
    ]);
    expect(written.stderr).toMatch(/^services\.json: 14 community values/);

    const config = { "m365-advertisement-requires-exception": { additionalCommunities: JSON.parse(written.stdout) } };
    const after = diff(list, ["--config", "policy-config.json"], { "policy-config.json": config });
    expect(after.code).toBe(1);
    expect(after.stdout).not.toContain("New:");
    expect(after.stdout).toContain("Classified differently:");

    // And the pack now knows them: a filter with the new Microsoft 365 value needs an exception, one with the other passes.
    const state = stackExport([routeFilter("rf-new", ["12076:5310"]), routeFilter("rf-other", ["12076:5320"])]);
    const scanned = runCli(
      ["scan", "state.json", "--config", "policy-config.json", "--format", "json", "--now", "2026-11-26"],
      workDir({ "state.json": state, "policy-config.json": config }),
    );
    expect(
      JSON.parse(scanned.stdout).findings.map((f: { resourceName: string; message: string }) => [f.resourceName, f.message.split("\n")[0]]),
    ).toEqual([["rf-new", "Route filter rf-new allows Microsoft 365 communities (AzureCloud) with no exception on record:"]]);
    const excepted = packConfig([exceptionEntry({ routeFilters: ["rf-new"], communities: ["12076:5310"] })]);
    (excepted["m365-advertisement-requires-exception"] as Record<string, unknown>).additionalCommunities = JSON.parse(written.stdout);
    expect(
      runCli(
        ["scan", "state.json", "--config", "policy-config.json", "--now", "2026-11-26"],
        workDir({ "state.json": state, "policy-config.json": excepted }),
      ).code,
    ).toBe(0);
  });

  test("with nothing new, --write-config prints an empty list", () => {
    const { code, stdout } = diff(restShape(publicCloudServices()), ["--write-config"]);
    expect(code).toBe(0);
    expect(stdout).toBe("[]\n");
  });

  describe("input it cannot read: exit 2, one line naming the file, the entry and the field", () => {
    const withCommunity = (change: Record<string, unknown>) => {
      const list = azCliShape(publicCloudServices()) as Record<string, any>[];
      Object.assign(list[2].bgpCommunities[0], change);
      return list;
    };
    test.each([
      ["not JSON", "[{", /^error: services\.json:1:3: is not valid JSON \(/],
      [
        "another document",
        { services: [] },
        /^error: services\.json: is neither the output of `az network route-filter rule list-service-communities` \(a JSON array of services\) nor the REST list of bgpServiceCommunities/,
      ],
      ["an empty list", [], /^error: services\.json: lists no service/],
      ["an empty REST list", { value: [] }, /^error: services\.json: lists no service/],
      ["a service that is not an object", [42], /^error: services\.json: \[0\]: must be an object, got number 42$/],
      [
        "a service without bgpCommunities",
        [{ name: "Exchange" }],
        /^error: services\.json: \[0\], field bgpCommunities: must be a list, got null$/,
      ],
      [
        "a REST entry without properties",
        { value: [{ name: "Exchange" }] },
        /^error: services\.json: value\[0\]\.properties: must be an object, got null$/,
      ],
      [
        "a malformed community value",
        withCommunity({ communityValue: "12076:abc" }),
        /^error: services\.json: \[2\]\.bgpCommunities\[0\], field communityValue: "12076:abc" has a non-numeric part "abc"$/,
      ],
      [
        "a missing community value",
        withCommunity({ communityValue: undefined }),
        /^error: services\.json: \[2\]\.bgpCommunities\[0\], field communityValue: missing: expected a string like "12076:5010"$/,
      ],
      [
        "no serviceGroup",
        withCommunity({ serviceGroup: "" }),
        /^error: services\.json: \[2\]\.bgpCommunities\[0\], field serviceGroup: must be the name of Microsoft's service group/,
      ],
      [
        "prefixes that are not a list",
        withCommunity({ communityPrefixes: "13.107.64.0/18" }),
        /^error: services\.json: \[2\]\.bgpCommunities\[0\], field communityPrefixes: must be a list of prefixes \(it may be empty\), got "13\.107\.64\.0\/18"$/,
      ],
      [
        "isAuthorizedToUse as text",
        withCommunity({ isAuthorizedToUse: "yes" }),
        /^error: services\.json: \[2\]\.bgpCommunities\[0\], field isAuthorizedToUse: must be true or false, got "yes"$/,
      ],
    ])("%s", (_what, content, message) => {
      const { code, stdout, stderr } = diff(content);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(stderr.trimEnd()).toMatch(message);
    });

    test("a REST entry names its place under value[]", () => {
      const list = restShape(publicCloudServices()) as { value: { properties: { bgpCommunities: Record<string, unknown>[] } }[] };
      list.value[4].properties.bgpCommunities[0].communityValue = "12076:99999";
      expect(diff(list).stderr).toBe(
        'error: services.json: value[4].properties.bgpCommunities[0], field communityValue: "12076:99999" has a part above 65535\n',
      );
    });

    test("a missing file, a missing argument", () => {
      expect(runCli(["catalog", "diff", "nope.json"], workDir({})).stderr).toBe("error: nope.json: no such file\n");
      const none = runCli(["catalog", "diff"], workDir({}));
      expect(none.code).toBe(2);
      expect(none.stderr).toBe("error: catalog diff: missing required argument 'file' (see --help)\n");
    });
  });
});
