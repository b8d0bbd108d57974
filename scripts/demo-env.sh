# Sourced by scripts/demo.sh and scripts/measure-demo.sh: an offline, throw-away Pulumi setup for the demo
# project (root Pulumi.yaml, program demo/). Sets PATH and PULUMI_* for the real Pulumi CLI with Pulumi's own
# Node.js language host and the STAND-IN providers, and creates the stack `demo` in a temporary file backend.
#
# Defines: repo_root, cli_dir, demo_tmp, pulumi_demo (runs pulumi in repo_root), print_setup.

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd -- "$repo_root"

# node >= 22 from the `node` devDependency (npm scripts put it first too; this covers running the script directly).
export PATH="$repo_root/node_modules/.bin:$PATH"

[[ -f dist/policies/index.js ]] || { echo "demo: the policy pack is not built; run \`npm run build\` first." >&2; exit 1; }

if ! cli_dir=$(bash scripts/ensure-pulumi.sh); then
  echo "demo: scripts/ensure-pulumi.sh could not provide the Pulumi CLI (see above)." >&2
  exit 1
fi
export PATH="$cli_dir:$PATH"

# The passphrase secrets provider writes the stack's salt to Pulumi.demo.yaml next to Pulumi.yaml: never clobber
# one that is already there, and remove ours on exit.
if [[ -e Pulumi.demo.yaml ]]; then
  echo "demo: $repo_root/Pulumi.demo.yaml exists; move it away first (the demo creates and removes its own)." >&2
  exit 1
fi
demo_tmp=$(mktemp -d "${TMPDIR:-/tmp}/expressroute-demo.XXXXXX")
trap 'rm -rf -- "$demo_tmp" "$repo_root/Pulumi.demo.yaml"' EXIT

# Nothing from the caller's Pulumi setup (tokens, backends, passphrase files) applies.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^PULUMI_' || true)
mkdir -p -- "$demo_tmp/state" "$demo_tmp/home"
export PULUMI_BACKEND_URL="file://$demo_tmp/state"
export PULUMI_HOME="$demo_tmp/home"
export PULUMI_CONFIG_PASSPHRASE=""
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true

pulumi_demo() { pulumi "$@" --non-interactive; }

# The versions are asked of the binaries that run, never written here.
print_setup() {
  local sdk_native sdk_classic
  sdk_native=$(node -p 'require("@pulumi/azure-native/package.json").version')
  sdk_classic=$(node -p 'require("@pulumi/azure/package.json").version')
  cat <<INFO
What runs here:
  Pulumi CLI + engine   REAL     pulumi $(pulumi version) ($cli_dir/pulumi)
  Node.js language host REAL     $(node tools/pulumi-cli/plugin-version.js "$cli_dir/pulumi-language-nodejs" 2>/dev/null || echo 'pulumi-language-nodejs: version unknown') ($cli_dir)
  Program runtime       REAL     @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version'), node $(node --version)
  Providers             STAND-IN azure-native $sdk_native and azure $sdk_classic from test/e2e/providers
                                 (echo their inputs; never call Azure), wired in by Pulumi.yaml \`plugins\`
  Policy pack           REAL     policies/ on @pulumi/policy $(node -p 'require("@pulumi/policy/package.json").version')
  State                 throw-away file backend in $demo_tmp
INFO
}

pulumi_demo stack init demo >/dev/null
