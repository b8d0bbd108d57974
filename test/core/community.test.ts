import { builtInCommunities, CommunityCatalog } from "../../src/core/catalog";
import { community, parseCommunity } from "../../src/core/community";

describe("parseCommunity", () => {
  test.each([
    ["12076:5010", "12076:5010"],
    ["  12076:5010\t", "12076:5010"],
    ["12076:05010", "12076:5010"],
    ["012076 : 5010", "12076:5010"],
    ["0:0", "0:0"],
    ["65535:65535", "65535:65535"],
  ])("%j means %s", (raw, expected) => {
    expect(parseCommunity(raw)).toEqual({ ok: true, community: expected });
  });

  test.each([
    ["12076-5010", /not of the form ASN:value/],
    ["12076:5010:1", /not of the form ASN:value/],
    ["12076:", /non-numeric part/],
    ["12076:50a0", /non-numeric part/],
    ["12076:-5010", /non-numeric part/],
    ["65536:1", /above 65535/],
    ["", /not of the form/],
    [5010, /expected a string.*number 5010/],
    [null, /expected a string.*null/],
    [["12076:5010"], /expected a string.*a list/],
  ])("%j is refused", (raw, reason) => {
    const parsed = parseCommunity(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(reason);
  });

  test("a typo in a trusted literal surfaces at once", () => {
    expect(() => community("12076;5010")).toThrow(/invalid community literal/);
  });
});

describe("community catalog", () => {
  const gatedValues = (cloud: "AzureCloud" | "AzureUSGovernment" | "AzureChinaCloud") =>
    builtInCommunities(cloud)
      .filter((e) => e.requiresAuthorization)
      .map((e) => e.community)
      .sort();

  test("public cloud: authorization gates exactly Exchange, SharePoint, Skype/Teams and Other Office 365", () => {
    expect(gatedValues("AzureCloud")).toEqual(["12076:5010", "12076:5020", "12076:5030", "12076:5100"]);
  });

  test("US Government uses its own values", () => {
    expect(gatedValues("AzureUSGovernment")).toEqual(["12076:5110", "12076:5120", "12076:5130", "12076:5200"]);
  });

  test("21Vianet (China) carries no Office 365 communities", () => {
    expect(gatedValues("AzureChinaCloud")).toEqual([]);
    expect(new CommunityCatalog("AzureChinaCloud").classify(community("12076:5010")).kind).toBe("unrecognised");
  });

  test("a value means different things per cloud", () => {
    expect(new CommunityCatalog("AzureCloud").isGated(community("12076:5110"))).toBe(false);
    expect(new CommunityCatalog("AzureUSGovernment").isGated(community("12076:5010"))).toBe(false);
    expect(new CommunityCatalog("AzureUSGovernment").isGated(community("12076:5110"))).toBe(true);
  });

  test.each(["12076:5040", "12076:5050", "12076:5060", "12076:5070", "12076:5220", "12076:5250"])(
    "%s is a public-cloud service that needs no authorization",
    (value) => {
      const kind = new CommunityCatalog("AzureCloud").classify(community(value));
      expect(kind).toMatchObject({ kind: "service", entry: { requiresAuthorization: false } });
    },
  );

  test.each(["12076:51004", "12076:52006", "12076:53001", "12076:54010", "12076:55000", "12076:51105", "12076:51301"])(
    "%s is regional (Azure prefixes, never Microsoft 365)",
    (value) => {
      expect(new CommunityCatalog("AzureCloud").classify(community(value)).kind).toBe("regional");
    },
  );

  test.each(["12076:5999", "12076:56000", "8075:5010", "65000:100"])("%s is unrecognised", (value) => {
    expect(new CommunityCatalog("AzureCloud").classify(community(value)).kind).toBe("unrecognised");
  });

  test("every entry cites its source document and the date it was read", () => {
    for (const cloud of ["AzureCloud", "AzureUSGovernment"] as const) {
      for (const entry of builtInCommunities(cloud)) {
        expect(entry.source.document).toMatch(/expressroute-routing/);
        expect(entry.source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  test("additional communities extend the catalog but never redefine a built-in value", () => {
    const catalog = new CommunityCatalog("AzureCloud", [
      { community: community("12076:5300"), service: "New Microsoft 365 service", requiresAuthorization: true },
      { community: community("12076:5010"), service: "weakened", requiresAuthorization: false },
    ]);
    expect(catalog.isGated(community("12076:5300"))).toBe(true);
    expect(catalog.isGated(community("12076:5010"))).toBe(true);
    expect(catalog.serviceOf(community("12076:5010"))).toBe("Exchange Online");
  });
});
