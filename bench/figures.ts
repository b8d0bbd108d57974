/**
 * How the bench summarises repeated measurements: the median and spread of a set of figures (usually
 * ratios taken within a pair), and how it prints them. Shared by bench/run.ts and bench/preview.ts.
 */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly q1: number;
  readonly q3: number;
  readonly max: number;
  readonly n: number;
}

export function spreadOf(xs: readonly number[]): Spread {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => {
    const i = q * (sorted.length - 1);
    const lo = Math.floor(i);
    return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (i - lo);
  };
  return { median: at(0.5), min: sorted[0], q1: at(0.25), q3: at(0.75), max: sorted[sorted.length - 1], n: sorted.length };
}

export const fixed = (x: number) => x.toFixed(2);
/** `of` names what the figures are ratios of, e.g. "round ratios". */
export const describeSpread = (s: Spread, of = "pair ratios") =>
  `median of ${s.n} ${of}; min ${fixed(s.min)}, IQR ${fixed(s.q1)}-${fixed(s.q3)}, max ${fixed(s.max)}`;
export const ms = (x: number) => `${Math.round(x).toLocaleString("en")} ms`;

export const now = () => process.hrtime.bigint();
/** Milliseconds since `start` (a `now()`). */
export const since = (start: bigint) => Number(now() - start) / 1e6;

/** Judged on the figure as printed (two decimals, or whole milliseconds), so that a printed 1.10 meets <= 1.10. */
export function verdict(name: string, value: number, target: number, relation: "<" | "<="): string {
  const printed = value < 100 ? fixed(value) : String(Math.round(value));
  const met = relation === "<" ? Number(printed) < target : Number(printed) <= target;
  return `${name} ${met ? "met" : "MISSED"} (${printed} ${relation} ${target}${met ? "" : " wanted"})`;
}
