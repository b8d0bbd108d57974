const SCAN_EXIT_CODES = `  0  no mandatory finding (advisory findings may be listed)
  1  at least one mandatory finding: \`pulumi up\` with the pack would be blocked
  2  usage error, unreadable or unrecognised input, invalid policy pack config or register`;

export const GENERAL_HELP = `expressroute-m365-guard: checks Azure ExpressRoute route filters for Microsoft 365 BGP communities
outside the exception register, with the same policies as the Pulumi policy pack, over files
Pulumi writes (no Pulumi engine needed).

Usage:
  expressroute-m365-guard scan <file...> [options]        judge a stack export or a preview stream
  expressroute-m365-guard exceptions check <config> [...]  check the exception register
  expressroute-m365-guard <command> --help                 help for a command
  expressroute-m365-guard --version

Exit codes of scan (exceptions check has its own, see its --help):
${SCAN_EXIT_CODES}
`;

export const SCAN_HELP = `Usage: expressroute-m365-guard scan <file...> [--config <file>] [--format <format>] [--output <file>] [--now <date>]

Runs every policy of the pack over each file, as \`pulumi preview --policy-pack\` would over that stack.
Each <file> is one stack, in either form (told apart by content):
  - \`pulumi stack export\` output (deployment version 3 or 4);
  - the event stream of \`PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json\`.

Options:
  --config <file>   the policy pack config, as given to \`pulumi preview --policy-pack-config\`
                    (policy name -> level or {enforcementLevel, ...options}; "all" -> level)
  --format <format> text (default), json, sarif (SARIF 2.1.0, for code scanning),
                    junit (JUnit XML: mandatory = failure, advisory = skipped with its message),
                    markdown (a pull request comment)
  --output <file>   write the report there instead of to stdout
  --now <date>      decide expiry as of this day, YYYY-MM-DD (default: today, UTC)
  -h, --help        this help

Exit codes:
${SCAN_EXIT_CODES}
`;

export const EXCEPTIONS_CHECK_HELP = `Usage: expressroute-m365-guard exceptions check <config> [--state <export>...] [--now <date>] [--expiring-within <days>]

Validates the exception register in the policy pack config (under m365-advertisement-requires-exception)
and lists entries that have expired or expire soon. Given stack exports, also lists entries whose
route filters exist in none of them (stale).

Options:
  --state <export>          a \`pulumi stack export\` file to look for the named route filters in; repeatable
  --now <date>              decide expiry as of this day, YYYY-MM-DD (default: today, UTC)
  --expiring-within <days>  the reminder window (default: m365-exception-expiring's expiryWarningDays, else 30)
  -h, --help                this help

Exit codes:
  0  the register is valid; nothing expired or stale (entries expiring soon are listed)
  1  an entry has expired, or names no route filter in any --state
  2  usage error, invalid config or register (every problem is listed, one per line), unreadable state
`;
