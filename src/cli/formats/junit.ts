import { type Finding } from "../../core/evaluate";
import { checkedResources, firstLine, type ScanReport, STACK_SUBJECT } from "../report";

/**
 * JUnit XML for test-result views (Azure DevOps PublishTestResults): a suite per enabled policy, a
 * test case per policy and resource, plus one for what the policy says about the stack and its
 * config. A mandatory finding is a failure. An advisory finding is a skipped test carrying its
 * message, so that warnings show without failing the run, as `pulumi up` proceeds past them.
 */
export function formatJunit(report: ScanReport): string {
  const urns = [...new Set([...checkedResources(report).map((r) => r.record.urn), ...report.findings.flatMap((f) => f.urn ?? [])])];
  const suites = report.policies
    .filter(({ level }) => level !== "disabled")
    .map(({ policy, level }) => {
      // The policy's findings by resource (undefined: on the stack), grouped once.
      const own = new Map<string | undefined, Finding[]>();
      for (const f of report.findings) if (f.policy === policy) own.set(f.urn, [...(own.get(f.urn) ?? []), f]);
      const cases = [
        testCase(policy.name, STACK_SUBJECT, own.get(undefined) ?? []),
        ...urns.map((urn) => testCase(policy.name, urn, own.get(urn) ?? [])),
      ];
      const failures = level === "advisory" ? 0 : cases.filter((c) => c.failing).length;
      const skipped = level === "advisory" ? cases.filter((c) => c.failing).length : 0;
      return {
        tests: cases.length,
        failures,
        skipped,
        xml: [
          `  <testsuite name="${attr(policy.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`,
          "    <properties>",
          `      <property name="enforcementLevel" value="${attr(level)}"/>`,
          `      <property name="severity" value="${attr(policy.severity)}"/>`,
          "    </properties>",
          ...cases.map((c) => c.xml),
          "  </testsuite>",
        ].join("\n"),
      };
    });
  const sum = (key: "tests" | "failures" | "skipped") => suites.reduce((n, s) => n + s[key], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(report.tool.name)}" tests="${sum("tests")}" failures="${sum("failures")}" errors="0" skipped="${sum("skipped")}" time="0">`,
    ...suites.map((s) => s.xml),
    "</testsuites>",
    "",
  ].join("\n");
}

function testCase(policy: string, name: string, findings: Finding[]): { failing: boolean; xml: string } {
  const open = `    <testcase classname="${attr(policy)}" name="${attr(name)}" time="0"`;
  if (findings.length === 0) return { failing: false, xml: `${open}/>` };
  const text = findings.map((f) => f.message).join("\n\n");
  const summary = firstLine(findings[0].message);
  const body =
    findings[0].enforcementLevel === "mandatory"
      ? `      <failure type="mandatory" message="${attr(summary)}">${escape(text)}</failure>`
      : `      <skipped message="${attr(`advisory: ${summary}`)}"/>\n      <system-out>${escape(text)}</system-out>`;
  return { failing: true, xml: `${open}>\n${body}\n    </testcase>` };
}

// Characters XML 1.0 does not allow at all, even escaped: control characters are the point here.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escape(text: string): string {
  return text.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values also keep their quotes and line breaks (a parser would turn a raw newline into a space). */
function attr(text: string): string {
  return escape(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;");
}
