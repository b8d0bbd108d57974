import * as path from "path";
import { Unreadable } from "../../src/core/model";
import { readInput } from "../../src/cli/inputs";
import { adapterInput } from "../../src/adapters/common";
import { CliError } from "../../src/cli/errors";
import { encrypted, filterId, peering, previewStream, provider, routeFilter, stackExport, UNKNOWN, urnOf, workDir } from "./fixtures";

const read = (content: unknown, name = "input.json") => readInput(path.join(workDir({ [name]: content }), name));
const failure = (content: unknown, name = "input.json") => {
  try {
    read(content, name);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return (e as Error).message;
  }
  throw new Error("expected the input to be refused");
};

describe("stack exports", () => {
  test("outputs win over inputs; ID, dependencies and the provider's inputs come along", () => {
    const azure = provider({ environment: "usgovernment" }, "gov");
    const filter = routeFilter("rf-m365", ["12076:5110"], { provider: azure });
    const ms = peering("ms", filterId("rf-m365"), { provider: azure, propertyDependencies: { routeFilter: [filter.urn] } });
    const input = read(stackExport([filter, ms], 3, [azure]));
    expect(input.kind).toBe("stack export");
    const [, , record, peeringRecord] = input.resources.map((r) => r.record);
    expect(record.urn).toBe(filter.urn);
    expect(record.name).toBe("rf-m365");
    expect(record.id).toBe(filterId("rf-m365"));
    const { props } = adapterInput(record);
    expect(props.routeFilterName).toBe("rf-m365"); // input only
    expect(props.name).toBe("rf-m365"); // output
    expect((props.rules as { id?: string }[])[0].id).toContain("/routeFilterRules/"); // the output's rules
    expect(record.provider).toEqual({ type: "pulumi:providers:azure-native", props: { environment: "usgovernment" } });
    expect(peeringRecord.propertyDependencies).toEqual({ routeFilter: [filter.urn] });
  });

  test("each resource knows the line its urn is written on", () => {
    const input = read(stackExport([routeFilter("rf-m365", ["12076:5010"])]));
    const text = JSON.stringify(stackExport([routeFilter("rf-m365", ["12076:5010"])]), null, 2).split("\n");
    const filter = input.resources.find((r) => r.record.name === "rf-m365")!;
    expect(text[filter.line! - 1]).toContain(`"urn": "${urnOf("azure-native:network:RouteFilter", "rf-m365")}"`);
  });

  test("the old copy of a replaced resource, pending deletion, is not part of the stack", () => {
    const old = { ...routeFilter("rf-m365", ["12076:5010"]), delete: true };
    const input = read(stackExport([old, routeFilter("rf-m365", ["12076:51004"])]));
    const filters = input.resources.filter((r) => r.record.name === "rf-m365");
    expect(filters).toHaveLength(1);
    expect((filters[0].record.props.rules as { communities: string[] }[])[0].communities).toEqual(["12076:51004"]);
  });

  test("an encrypted secret stays as Pulumi wrote it, for the pack to treat as unreadable", () => {
    const input = read(stackExport([routeFilter("rf-m365", [encrypted()])]));
    const rules = input.resources.find((r) => r.record.name === "rf-m365")!.record.props.rules as { communities: unknown[] }[];
    expect(rules[0].communities[0]).toEqual(encrypted());
  });

  test("version 4 (a stack using a newer state feature) has the same resources and is read", () => {
    expect(read({ ...stackExport([routeFilter("rf-m365", ["12076:5010"])], 4), features: ["taint"] }).resources).toHaveLength(3);
  });

  test.each([2, 5, "3", null])("deployment version %p is refused, naming the version", (version) => {
    const doc = stackExport([routeFilter("rf-m365", ["12076:5010"])], version);
    expect(failure(doc)).toMatch(/input\.json: is a stack export of deployment version (2|5|"3"|null); this tool reads versions 3 and 4/);
  });

  test("an export with no resources is refused", () => {
    expect(failure({ version: 3, deployment: { manifest: {} } })).toMatch(/input\.json: is a stack export with no resources/);
  });

  test("a resource without urn or type is refused with its position", () => {
    expect(failure({ version: 3, deployment: { resources: [{ type: "x" }] } })).toMatch(
      /input\.json: resources\[0\] is not a resource \(it needs a urn and a type\)$/,
    );
  });
});

describe("preview streams", () => {
  test("each step's inputs, its line, and the default provider configured from the prelude's stack config", () => {
    const filter = routeFilter("rf-m365", ["12076:5110"], { planned: true });
    const text = previewStream([{ op: "create", state: filter }], {
      config: { "azure-native:environment": "usgovernment", "azure-native:subscriptionId": "[secret]", "azure:environment": "public" },
    });
    const input = read(text, "preview.jsonl");
    expect(input.kind).toBe("preview stream");
    const [scanned] = input.resources;
    expect(scanned.line).toBe(2);
    expect(scanned.record.props).toEqual(filter.inputs);
    expect(scanned.record.id).toBeUndefined();
    expect(scanned.record.propertyDependencies).toEqual({});
    expect(scanned.record.provider).toEqual({
      type: "pulumi:providers:azure-native",
      props: { environment: "usgovernment", subscriptionId: new Unreadable("secret") },
    });
  });

  test("the planned outputs sent after a step win over its inputs, as stack analysis sees them", () => {
    const filter = routeFilter("rf-m365", ["12076:5010"], { planned: true });
    const outputs = { name: "rf-m365", rules: [{ access: "Deny", communities: ["12076:5010"] }] };
    const input = read(previewStream([{ op: "create", state: filter, outputs }]));
    const { __inputs: inputs, ...props } = adapterInput(input.resources[0].record).props;
    expect(props).toEqual({ ...(filter.inputs as object), ...outputs });
    expect(inputs).toEqual(filter.inputs);
    expect(input.resources[0].line).toBe(3);
  });

  test("an explicit provider in the stream gives its own inputs", () => {
    const azure = provider({ environment: "china" }, "cn");
    const input = read(
      previewStream([
        { op: "same", state: azure },
        { op: "create", state: routeFilter("rf", ["12076:5010"], { provider: azure }) },
      ]),
    );
    expect(input.resources[1].record.provider?.props).toEqual({ environment: "china" });
  });

  test("deleted resources leave the stack; a replacement keeps its new state", () => {
    const gone = routeFilter("rf-gone", ["12076:5010"]);
    const replaced = routeFilter("rf-m365", ["12076:5020"]);
    const input = read(
      previewStream([
        { op: "same", state: gone },
        { op: "delete", state: gone },
        { op: "create-replacement", state: replaced },
        { op: "replace", state: replaced },
        { op: "delete-replaced", state: routeFilter("rf-m365", ["12076:5010"]) },
      ]),
    );
    expect(input.resources.map((r) => r.record.name)).toEqual(["rf-m365"]);
    expect(input.resources[0].record.props).toEqual(replaced.inputs);
  });

  test("an unknown ID at preview is no ID", () => {
    const input = read(previewStream([{ op: "create", state: { ...routeFilter("rf", ["12076:5010"]), id: UNKNOWN } }]));
    expect(input.resources[0].record.id).toBeUndefined();
  });

  test("a failed preview is read, with a note", () => {
    const input = read(previewStream([{ op: "create", state: routeFilter("rf", ["12076:5010"]) }], { result: "failed" }));
    expect(input.notes).toEqual([expect.stringContaining("the preview reports it failed")]);
  });

  test("a single-line stream is a stream too", () => {
    expect(failure(previewStream([], { result: null }))).toMatch(/ends before the preview's summary event/);
  });

  test.each([
    ["with no resources", previewStream([]), /input\.json: is a preview stream with no resources/],
    [
      "cut mid-line",
      previewStream([{ op: "create", state: routeFilter("rf", ["12076:5010"]) }]).slice(0, -40),
      /input\.json:3:\d+: is not valid JSON .*cut short/,
    ],
    [
      "without its summary",
      previewStream([{ op: "create", state: routeFilter("rf", ["12076:5010"]) }], { result: null }),
      /ends before the preview's summary event/,
    ],
    [
      "of a canceled preview",
      previewStream([{ op: "create", state: routeFilter("rf", ["12076:5010"]) }], { result: "canceled" }),
      /records a canceled preview/,
    ],
  ])("a stream %s is refused", (_what, text, message) => {
    expect(failure(text)).toMatch(message);
  });
});

describe("unrecognised files", () => {
  test.each([
    ["an empty file", "", /input\.json: is empty/],
    [
      "a truncated export",
      JSON.stringify(stackExport([routeFilter("rf", ["12076:5010"])]), null, 2).slice(0, 300),
      /input\.json:\d+:\d+: is not valid JSON \(.*\); is the file cut short\?/,
    ],
    [
      "a non-streaming preview summary with no steps",
      { steps: [], changeSummary: {} },
      /is a `pulumi preview --json` summary with no resources/,
    ],
    ["some other JSON", { hello: "world" }, /is neither a `pulumi stack export` file nor a `pulumi preview --json` event stream/],
    ["plain text", "route-filter rf-m365\n", /is not valid JSON/],
  ])("%s is refused", (_what, content, message) => {
    expect(failure(content)).toMatch(message);
  });

  test("a missing file is named", () => {
    expect(() => readInput("/nonexistent/state.json")).toThrow("/nonexistent/state.json: no such file");
  });
});
