/** The domain details of the community catalog (src/core/catalog.ts): the communities, services and clouds Microsoft publishes. */
import { CommunityCatalog } from "../../src/core/catalog";
import { community } from "../../src/core/community";

const classify = (cloud: "AzureCloud" | "AzureUSGovernment", value: string) => new CommunityCatalog(cloud).classify(community(value));

test.each(["12076:50002", "12076:50059", "12076:50999"])("private peering's regional %s is known, not Microsoft 365", (value) => {
  const kind = classify("AzureCloud", value);
  expect(kind.kind).toBe("regional");
  expect(kind.kind === "regional" && kind.source.document).toContain("Regional BGP community (private peering)");
});

test("just outside the regional ranges is not recognised", () => {
  expect(classify("AzureCloud", "12076:49999").kind).toBe("unrecognised");
  expect(classify("AzureCloud", "12076:56000").kind).toBe("unrecognised");
});

test("US Government's older 12076:5140 is Dynamics 365, needing no authorization, with its 2018 source", () => {
  const kind = classify("AzureUSGovernment", "12076:5140");
  expect(kind.kind === "service" && kind.entry.requiresAuthorization).toBe(false);
  expect(kind.kind === "service" && kind.entry.source.document).toContain("ms.date 2018-12-13");
  expect(classify("AzureCloud", "12076:5140").kind).toBe("unrecognised");
});

test.each(["12076:5110", "12076:5120", "12076:5130", "12076:5200"])("US Government %s is gated by an assumption that says so", (value) => {
  const catalog = new CommunityCatalog("AzureUSGovernment");
  expect(catalog.isGated(community(value))).toBe(true);
  expect(catalog.serviceOf(community(value))).toContain("authorization required by the pack's assumption, made to fail closed");
  const kind = catalog.classify(community(value));
  expect(kind.kind === "service" && kind.entry.source.document).toContain("ASSUMPTION");
});

test("the public cloud's gate is Microsoft's own mark, not an assumption", () => {
  const catalog = new CommunityCatalog("AzureCloud");
  expect(catalog.serviceOf(community("12076:5010"))).toBe("Exchange Online");
});
