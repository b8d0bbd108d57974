/**
 * How the register reaches the policies that need it. Pulumi's policy runtime gives each policy
 * only its own config, and the register is written once, under the main policy: in each stack
 * analysis the main policy, which runs first, posts the settings it read, and the others take them.
 *
 * A post lasts for the analysis in progress only. The runtime runs one analysis's policies in one
 * turn of the event loop (each validation is synchronous, the runtime chains them on promises), and
 * a post expires when that turn ends; so settings from an earlier configuration, or an analysis in
 * which the main policy did not run (disabled), are never taken for the current one.
 */
import { PackSettings } from "./settings";

export type Taken = { readonly settings: PackSettings } | { readonly missing: string };

export class RegisterBoard {
  private posted?: PackSettings;

  post(settings: PackSettings): void {
    this.posted = settings;
    setImmediate(() => {
      if (this.posted === settings) this.posted = undefined;
    });
  }

  take(): Taken {
    return this.posted ? { settings: this.posted } : { missing: REGISTER_NOT_IN_FORCE };
  }
}

export const REGISTER_NOT_IN_FORCE =
  "The exception register is not in force in this analysis: it is read by m365-advertisement-requires-exception, " +
  "which did not run (it is disabled, or this pack's policies were configured apart), so this policy cannot judge the " +
  "exceptions. Enable m365-advertisement-requires-exception, or disable this policy as well.";
