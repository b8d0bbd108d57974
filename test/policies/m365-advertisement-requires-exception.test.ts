import { PolicyRuntime, type StackResource, UNKNOWN, secret } from "../../harness/policy-runtime";
import {
  classicRouteFilter,
  daysFromToday,
  exception,
  filterId,
  nativeProvider,
  NATIVE,
  peering,
  routeFilter,
  routeFilterRule,
  SUBSCRIPTION,
  urnOf,
} from "../../harness/stack";

const POLICY = "m365-advertisement-requires-exception";
let runtime: PolicyRuntime;

beforeAll(async () => {
  runtime = await PolicyRuntime.start();
});
afterAll(() => runtime.close());

const violations = (resources: StackResource[], config: Record<string, unknown> = {}) =>
  runtime.violationsOf(POLICY, resources, { [POLICY]: config });

describe("Microsoft 365 communities without an exception", () => {
  test("a property named like the runtime's proxy internals does not stand in for the filter's own rules", async () => {
    // The binding reads the data under the runtime's proxy; a program's property of that name is data, not a proxy.
    const decoy = { routeFilterName: "rf-m365", resourceGroupName: "rg-hub", rules: [] };
    const filter = routeFilter("rf-m365", ["12076:5010"], { props: { __getSpecialProxyTarget: decoy, __isSpecialProxy: true } });
    const found = await violations([filter]);
    expect(found.map((v) => [v.urn, v.enforcementLevel])).toEqual([[filter.urn, "mandatory"]]);
    expect(found[0].message).toContain("12076:5010");
  });

  test("an inline rule allowing Exchange Online is a mandatory violation on the filter", async () => {
    const filter = routeFilter("rf-m365", ["12076:5010", "12076:51004"]);
    const [v, ...rest] = await violations([filter]);
    expect(rest).toEqual([]);
    expect(v.urn).toBe(filter.urn);
    expect(v.enforcementLevel).toBe("mandatory");
    expect(v.message).toContain("12076:5010 Exchange Online (rules[0].communities[0])");
    expect(v.message).toContain("https://learn.microsoft.com/microsoft-365/enterprise/azure-expressroute");
    expect(v.message).toContain('"routeFilters":["rf-m365"]');
    expect(v.message).not.toContain("51004");
  });

  test("regional and non-gated service communities pass", async () => {
    expect(await violations([routeFilter("rf-azure", ["12076:51004", "12076:5060", "12076:5070", "12076:52006"])])).toEqual([]);
  });

  test("spaces and leading zeros do not hide a community", async () => {
    const [v] = await violations([routeFilter("rf-m365", [" 12076:05020 "])]);
    expect(v.message).toContain("12076:5020 SharePoint Online");
  });

  test("a Deny rule advertises nothing", async () => {
    expect(await violations([routeFilter("rf-m365", ["12076:5010"], { access: "Deny" })])).toEqual([]);
  });

  test("judged before the step: the per-resource analysis alone blocks the filter, once", async () => {
    await runtime.configure({});
    const filter = routeFilter("rf-m365", ["12076:5100"]);
    const [v, ...rest] = (await runtime.analyze(filter)).filter((d) => d.policyName === POLICY);
    expect(rest).toEqual([]);
    expect(v.enforcementLevel).toBe("mandatory");
    expect(v.urn).toBe(filter.urn);
    const ms = peering("er-hub-microsoft", UNKNOWN, { propertyDependencies: { routeFilter: [filter.urn] } });
    // The stack analysis does not report it again.
    expect((await runtime.analyzeStack([filter, ms])).filter((d) => d.policyName === POLICY)).toEqual([]);
  });

  test("a resource it does not judge is 'not applicable', not 'passed'", async () => {
    await runtime.configure({});
    const response = await runtime.analyzeResponse(peering("er-hub-microsoft", filterId("rf")));
    expect(response.notApplicable).toEqual(expect.arrayContaining([expect.objectContaining({ policyName: POLICY })]));
  });

  test("a standalone rule names its filter and is judged on its own", async () => {
    const filter = routeFilter("rf-m365", ["12076:51004"]);
    const rule = routeFilterRule("rule-exo", "rf-m365", ["12076:5010"]);
    const [v, ...rest] = await violations([filter, rule]);
    expect(rest).toEqual([]);
    expect(v.urn).toBe(rule.urn);
    expect(v.message).toContain("Route filter rf-m365");
  });

  test("a standalone rule whose filter is not known yet fails closed", async () => {
    const filter = routeFilter("rf-m365", ["12076:51004"]);
    const rule = routeFilterRule("rule-exo", UNKNOWN, ["12076:5010"], { propertyDependencies: { routeFilterName: [filter.urn] } });
    const [v, ...rest] = await violations([filter, rule], { exceptions: [exception()] });
    expect(rest).toEqual([]);
    expect(v.urn).toBe(rule.urn);
    expect(v.enforcementLevel).toBe("mandatory");
    expect(v.message).toContain("Cannot verify which route filter rule-exo adds 12076:5010 to: routeFilterName is not known yet");
  });

  test("a filter and its standalone rule, each covered by another exception, are blocked together", async () => {
    const filter = routeFilter("rf-m365", ["12076:5010"]);
    const rule = routeFilterRule("rule-spo", "rf-m365", ["12076:5020"]);
    const register = [exception(), exception({ id: "ER365-2026-008", communities: ["12076:5020"] })];
    const found = await violations(
      [filter, rule, peering("er-hub-microsoft", UNKNOWN, { propertyDependencies: { routeFilter: [filter.urn] } })],
      {
        exceptions: register,
      },
    );
    // Reported on the part the closest exception leaves out.
    expect(found.map((v) => v.urn)).toEqual([rule.urn]);
    expect(found[0].message).toContain("Together with its standalone rules it allows 12076:5010, 12076:5020");
    expect(found[0].message).toContain("attached to the IPv4 Microsoft peering of circuit er-hub (er-hub-microsoft)");
  });

  test("versioned azure-native tokens are covered", async () => {
    const filter = routeFilter("rf-m365", ["12076:5030"], { type: "azure-native:network/v20240501:RouteFilter" });
    expect((await violations([filter])).map((v) => v.urn)).toEqual([filter.urn]);
  });

  test("classic provider route filter", async () => {
    const filter = classicRouteFilter("rf-classic", ["12076:5010"]);
    const [v] = await violations([filter]);
    expect(v.urn).toBe(filter.urn);
    expect(v.message).toContain("(rule.communities[0])");
  });

  test("US Government values are gated when the provider's environment says so", async () => {
    const filter = routeFilter("rf-gov", ["12076:5110"], { provider: nativeProvider({ environment: "usgovernment" }) });
    const [v] = await violations([filter]);
    expect(v.message).toContain("12076:5110 Exchange Online (US Government)");
    expect(v.message).toContain("(AzureUSGovernment)");
  });

  test("a config cloud that contradicts the provider's environment cannot be verified, never overrides it", async () => {
    const filter = routeFilter("rf-gov", ["12076:5110"], { provider: nativeProvider({ environment: "usgovernment" }) });
    const [v] = await violations([filter], { cloud: "AzureCloud" });
    expect(v.enforcementLevel).toBe("mandatory");
    expect(v.message).toContain('the pack option cloud is AzureCloud but its provider\'s environment "usgovernment" is AzureUSGovernment');
  });

  test("a public-cloud value in the US Government cloud cannot be verified", async () => {
    const [v] = await violations([routeFilter("rf", ["12076:5010"])], { cloud: "AzureUSGovernment" });
    expect(v.message).toContain("12076:5010 is not a community Microsoft publishes for AzureUSGovernment");
  });
});

describe("cannot verify: fails closed", () => {
  test("a community computed at preview is a mandatory 'cannot verify' naming the property", async () => {
    const [v] = await violations([routeFilter("rf", ["12076:51004", UNKNOWN])]);
    expect(v.enforcementLevel).toBe("mandatory");
    expect(v.message).toMatch(/Cannot verify .* rules\[0\]\.communities\[1\] is not known until the update runs/);
  });

  test("a whole unknown communities list", async () => {
    const [v] = await violations([routeFilter("rf", UNKNOWN)]);
    expect(v.message).toContain("rules[0].communities is not known");
  });

  test("an unparseable community", async () => {
    const [v] = await violations([routeFilter("rf", ["12076-5010"])]);
    expect(v.message).toContain('"12076-5010" is not of the form ASN:value');
  });

  test("a number where a community string belongs", async () => {
    const [v] = await violations([routeFilter("rf", [120765010])]);
    expect(v.message).toContain("expected a string");
  });

  test("a secret community is read (the runtime decrypts secrets for analysis)", async () => {
    const [v] = await violations([routeFilter("rf", [secret("12076:5010")])]);
    expect(v.message).toContain("12076:5010 Exchange Online");
  });

  test("an unknown provider environment", async () => {
    const [v] = await violations([routeFilter("rf", ["12076:51004"], { provider: nativeProvider({ environment: UNKNOWN }) })]);
    expect(v.message).toContain("provider.environment is not known");
  });

  test.each(["__proto__", "constructor", "Constructor"])(
    "a provider environment named like a member of every object (%s) is one the catalog does not cover",
    async (environment) => {
      const [v, ...rest] = await violations([routeFilter("rf", ["12076:5010"], { provider: nativeProvider({ environment }) })]);
      expect(rest).toEqual([]);
      expect(v.enforcementLevel).toBe("mandatory");
      expect(v.message).toContain(`its provider's environment "${environment}" is not a cloud the community catalog covers`);
    },
  );

  test("a filter whose provider reported no properties", async () => {
    const [v] = await violations([{ ...routeFilter("rf", []), props: {} }]);
    expect(v.message).toContain("(all properties) are absent");
  });
});

describe("exceptions", () => {
  const filter = routeFilter("rf-m365", ["12076:5010"]);

  test("a valid exception covers the filter", async () => {
    expect(await violations([filter], { exceptions: [exception()] })).toEqual([]);
  });

  test.each([
    ["URN", urnOf(NATIVE.routeFilter, "rf-m365")],
    ["Azure name, any case", "RF-M365"],
  ])("matches by %s", async (_how, name) => {
    expect(await violations([filter], { exceptions: [exception({ routeFilters: [name] })] })).toEqual([]);
  });

  test("matches by full resource ID when subscription, group and name compose it (the preview that creates it)", async () => {
    const shown = routeFilter("rf-m365", ["12076:5010"], { provider: nativeProvider({ subscriptionId: SUBSCRIPTION }) });
    expect(await violations([shown], { exceptions: [exception({ routeFilters: [filterId("rf-m365").toUpperCase()] })] })).toEqual([]);
  });

  test("a Pulumi logical name is no name of the filter", async () => {
    const renamed = routeFilter("rf-m365", ["12076:5010"], { props: { routeFilterName: "rf-other" } });
    const [v] = await violations([renamed], { exceptions: [exception({ routeFilters: ["rf-m365"] })] });
    expect(v.message).toContain("No exception in the register names this route filter");
  });

  test("an id input proves nothing: a filter in another subscription spoofing an excepted filter's ID is not covered", async () => {
    const other = "99999999-2222-3333-4444-555555555555";
    const spoof = routeFilter("rf-m365", ["12076:5010"], {
      provider: nativeProvider({ subscriptionId: other }),
      props: { id: filterId("rf-m365"), name: "rf-m365" },
    });
    const [v] = await violations([spoof], { exceptions: [exception({ routeFilters: [filterId("rf-m365")] })] });
    expect(v.enforcementLevel).toBe("mandatory");
    const unscoped = routeFilter("rf-m365", ["12076:5010"], { props: { id: filterId("rf-m365") } });
    expect(await violations([unscoped], { exceptions: [exception({ routeFilters: [filterId("rf-m365")] })] })).toHaveLength(1);
  });

  test("a standalone rule through another subscription's provider is not covered by the in-stack filter's exception", async () => {
    const filter = routeFilter("rf-m365", ["12076:5010"], { provider: nativeProvider({ subscriptionId: SUBSCRIPTION }) });
    const elsewhere = nativeProvider({ subscriptionId: "99999999-2222-3333-4444-555555555555" }, "other");
    const rule = routeFilterRule("rule-exo", "rf-m365", ["12076:5010"], { provider: elsewhere });
    const register = [exception({ routeFilters: [filterId("rf-m365")] })];
    const found = await violations([filter, rule], { exceptions: register });
    expect(found.map((v) => v.urn)).toEqual([rule.urn]);
  });

  test("an expired exception does not cover", async () => {
    const [v] = await violations([filter], { exceptions: [exception({ expires: daysFromToday(-1) })] });
    expect(v.message).toContain(`ER365-2026-007 expired on ${daysFromToday(-1)}`);
  });

  test("it holds through its last day", async () => {
    expect(await violations([filter], { exceptions: [exception({ expires: daysFromToday(0) })] })).toEqual([]);
  });

  test("it must list every gated community the filter allows", async () => {
    const both = routeFilter("rf-m365", ["12076:5010", "12076:5020"]);
    const [v] = await violations([both], { exceptions: [exception()] });
    expect(v.message).toContain("12076:5020 SharePoint Online");
    expect(v.message).not.toContain("12076:5010 Exchange");
    expect(v.message).toContain("ER365-2026-007 does not list 12076:5020");
  });

  test("a subscription-limited exception needs the filter's subscription shown", async () => {
    const limited = exception({ subscriptions: [SUBSCRIPTION] });
    const [v] = await violations([filter], { exceptions: [limited] });
    expect(v.message).toContain("subscription cannot be shown");
    const shown = routeFilter("rf-m365", ["12076:5010"], { provider: nativeProvider({ subscriptionId: SUBSCRIPTION }) });
    expect(await violations([shown], { exceptions: [limited] })).toEqual([]);
  });

  test("a stack-limited exception", async () => {
    expect(await violations([filter], { exceptions: [exception({ stacks: ["hub/dev"] })] })).toEqual([]);
    const [v] = await violations([filter], { exceptions: [exception({ stacks: ["prod"] })] });
    expect(v.message).toContain("limited to stacks prod; this is stack hub/dev");
  });

  test("an invalid register entry grants nothing and is itself a mandatory violation", async () => {
    const found = await violations([filter], { exceptions: [exception({ expires: "2027-02-30" })] });
    expect(found.map((v) => v.urn).sort()).toEqual(["", filter.urn].sort());
    expect(found.find((v) => v.urn === "")!.message).toContain("exceptions[0] (ER365-2026-007), field expires");
  });

  test("an entry that still holds a suggested entry's placeholder grants nothing, in the pack itself", async () => {
    const found = await violations([filter], {
      exceptions: [exception({ microsoftAuthorization: "<reference of Microsoft's authorization for the subscription>" })],
    });
    expect(found.map((v) => v.urn).sort()).toEqual(["", filter.urn].sort());
    expect(found.find((v) => v.urn === "")!.message).toContain(
      'field microsoftAuthorization: "<reference of Microsoft\'s authorization for the subscription>" is a placeholder',
    );
  });

  test("a resource tag can never grant an exception", async () => {
    const tagged = routeFilter("rf-m365", ["12076:5010"], { props: { tags: { "m365-exception": "ER365-2026-007" } } });
    expect(await violations([tagged])).toHaveLength(1);
  });
});

describe("remediation", () => {
  test("removes the uncovered Microsoft 365 communities and keeps the rest", async () => {
    await runtime.configure({ [POLICY]: { enforcementLevel: "remediate" } });
    const [r] = await runtime.remediate(routeFilter("rf", ["12076:5010", "12076:51004"]));
    expect(r.policyName).toBe(POLICY);
    expect((r.properties as { rules: { communities: string[] }[] }).rules[0].communities).toEqual(["12076:51004"]);
  });

  test("keeps communities an exception covers", async () => {
    await runtime.configure({ [POLICY]: { enforcementLevel: "remediate", exceptions: [exception({ routeFilters: ["rf"] })] } });
    const [r] = await runtime.remediate(routeFilter("rf", ["12076:5010", "12076:5020"]));
    expect((r.properties as { rules: { communities: string[] }[] }).rules[0].communities).toEqual(["12076:5010"]);
  });

  test("drops an inline rule left empty, and leaves a standalone rule to the report", async () => {
    await runtime.configure({ [POLICY]: { enforcementLevel: "remediate" } });
    const [r] = await runtime.remediate(routeFilter("rf", ["12076:5010"]));
    expect((r.properties as { rules: unknown[] }).rules).toEqual([]);
    expect(await runtime.remediate(routeFilterRule("rule", "rf", ["12076:5010"]))).toEqual([]);
  });

  test("never turns a secret into a plain value", async () => {
    await runtime.configure({ [POLICY]: { enforcementLevel: "remediate" } });
    // A secret list cannot be edited without revealing it: reported instead (validateResource blocks it).
    expect(await runtime.remediate(routeFilter("rf", secret(["12076:5010", "12076:51004"])))).toEqual([]);
    // A secret item that stays keeps its secrecy.
    const [r] = await runtime.remediate(routeFilter("rf", ["12076:5010", secret("12076:51004")]));
    expect((r.properties as { rules: { communities: unknown[] }[] }).rules[0].communities).toEqual([secret("12076:51004")]);
  });

  test("a value unknown at preview leaves the filter as it is (the stack verdict still blocks)", async () => {
    await runtime.configure({ [POLICY]: { enforcementLevel: "remediate" } });
    const remediations = await runtime.remediate(routeFilter("rf", ["12076:5010", UNKNOWN]));
    expect(remediations.filter((r) => r.properties)).toEqual([]);
  });
});
