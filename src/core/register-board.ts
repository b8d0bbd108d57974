/**
 * What one policy of an analysis hands to the next. Pulumi's policy runtime gives each policy only
 * its own config and its own copy of the stack; the register is written once, under the main
 * policy, and the stack view is the same for every stack policy. So the first policy to need
 * either posts it, and the others of the same analysis take it.
 *
 * A post lasts for the analysis in progress only. The runtime runs one analysis's policies in one
 * turn of the event loop (each validation is synchronous, the runtime chains them on promises), and
 * a post expires when that turn ends; so what an earlier configuration or analysis posted, or an
 * analysis in which the main policy did not run (disabled), is never taken for the current one.
 */
import { MAIN_POLICY, type PackSettings, type Taken } from "./register";

export class AnalysisBoard<T> {
  private posted?: T;

  post(value: T): void {
    this.posted = value;
    setImmediate(() => {
      if (this.posted === value) this.posted = undefined;
    });
  }

  take(): T | undefined {
    return this.posted;
  }
}

/** The register posted by the main policy, or why it is not in force. */
export class RegisterBoard extends AnalysisBoard<PackSettings> {
  taken(): Taken {
    const settings = this.take();
    return settings ? { settings } : { missing: REGISTER_NOT_IN_FORCE };
  }
}

export const REGISTER_NOT_IN_FORCE =
  `The exception register is not in force in this analysis: it is read by ${MAIN_POLICY}, ` +
  "which did not run (it is disabled, or this pack's policies were configured apart), so this policy cannot judge the " +
  `exceptions. Enable ${MAIN_POLICY}, or disable this policy as well.`;
