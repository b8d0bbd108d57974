/** What a scan found, in the terms every output format shares. */
import * as path from "path";
import { isCoveredType } from "../adapters";
import { AcceptedRisk } from "../core/accepted-risk";
import { EnforcementLevel, Finding } from "../core/evaluate";
import { GuardPolicy } from "../core/guard-policy";
import { InputKind, ScannedResource } from "./inputs";

export interface ScanReport {
  /** What produced the report, for every format to name. */
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri?: string };
  /** YYYY-MM-DD the expiry decisions were made for. */
  readonly date: string;
  readonly inputs: readonly { readonly file: string; readonly kind: InputKind }[];
  readonly configFile?: string;
  readonly resources: readonly ScannedResource[];
  /** Every policy of the pack with the level the config gives it. */
  readonly policies: readonly { readonly policy: GuardPolicy; readonly level: EnforcementLevel }[];
  readonly findings: readonly Finding[];
  /** Route filters allowed Microsoft 365 communities by an exception of the register: no finding, but recorded. */
  readonly acceptedRisks: readonly AcceptedRisk[];
}

export interface Tally {
  readonly mandatory: number;
  readonly advisory: number;
  /** A mandatory finding stops `pulumi up`, so it fails the scan too. */
  readonly blocked: boolean;
}

export function tally(report: ScanReport): Tally {
  const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory").length;
  return { mandatory, advisory: report.findings.length - mandatory, blocked: mandatory > 0 };
}

/** The resources the pack reads (route filters, their rules, circuits and peerings). */
export function checkedResources(report: ScanReport): ScannedResource[] {
  return report.resources.filter((r) => isCoveredType(r.record.type));
}

// Each report's resources by URN, built once: every finding of every format looks its resource up.
const byUrn = new WeakMap<ScanReport, Map<string, ScannedResource>>();

export function resourceOf(report: ScanReport, urn: string | undefined): ScannedResource | undefined {
  if (urn === undefined) return undefined;
  let index = byUrn.get(report);
  if (!index) {
    index = new Map();
    // The first of a URN wins, as a search in order would find it.
    for (const r of report.resources) if (!index.has(r.record.urn)) index.set(r.record.urn, r);
    byUrn.set(report, index);
  }
  return index.get(urn);
}

/**
 * Where a finding (or an accepted risk) points in the files: its resource's line; a finding about
 * the stack or the register points at the config file (where the register is written), else the first input.
 */
export function locationOf(report: ScanReport, about: { readonly urn?: string }): { file: string; line?: number } {
  const resource = resourceOf(report, about.urn);
  if (resource) return { file: resource.file, line: resource.line };
  return { file: report.configFile ?? report.inputs[0].file };
}

/** "rf-m365 (azure-native:network:RouteFilter)", or what a finding without a resource is about. */
export function subjectOf(report: ScanReport, finding: Finding): string {
  if (finding.urn === undefined) return STACK_SUBJECT;
  const resource = resourceOf(report, finding.urn);
  return resource ? `${resource.record.name} (${resource.record.type})` : finding.urn;
}

export const STACK_SUBJECT = "the stack and its policy pack config";

export function firstLine(message: string): string {
  return message.split("\n", 1)[0];
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * A file as CI tools want it: relative to the working directory (the repository root in CI), with
 * forward slashes; undefined when the file lies outside it.
 */
export function workspacePath(file: string): string | undefined {
  const relative = path.relative(process.cwd(), path.resolve(file));
  if (relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join("/");
}
