#!/usr/bin/env bash
# Re-records test/cli/recorded/ with the real Pulumi CLI and language host (scripts/ensure-pulumi.sh),
# the stand-in azure-native provider (test/e2e/providers) and this pack, as recorded/README.md
# describes. Run after `npm run build` when the pack's messages change.
set -euo pipefail
repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
out="$repo/test/cli/recorded"
cli_dir=$(bash "$repo/scripts/ensure-pulumi.sh")
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

version=$(node -p "require('$repo/node_modules/@pulumi/azure-native/package.json').version")
cat >"$work/Pulumi.yaml" <<YAML
name: hub
runtime: nodejs
plugins:
  providers:
    - name: azure-native
      path: $repo/test/e2e/providers/azure-native
      version: $version
YAML
cp "$out/program.js" "$work/index.js"
echo '{"name": "hub", "private": true, "main": "index.js"}' >"$work/package.json"
ln -s "$repo/node_modules" "$work/node_modules"
echo '{}' >"$work/cfg.json"
echo '{"all": "advisory"}' >"$work/advisory.json"

export PATH="$repo/node_modules/.bin:$cli_dir:$PATH"
export PULUMI_BACKEND_URL="file://$work/state" PULUMI_CONFIG_PASSPHRASE=pw PULUMI_HOME="$work/home"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_IGNORE_AMBIENT_PLUGINS=true
mkdir -p "$work/state"
cd "$work"
pulumi stack init dev >/dev/null
pulumi config set azure-native:environment public
pulumi config set --secret hub:community 12076:5020
preview() { PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true pulumi preview --json --policy-pack "$repo/policies" --policy-pack-config cfg.json >"$1" || true; }
preview "$out/preview-create.jsonl"
pulumi up --yes --policy-pack "$repo/policies" --policy-pack-config advisory.json >/dev/null
pulumi stack export --file "$out/state.json"
preview "$out/preview-deployed.jsonl"
echo "recorded into $out with $(pulumi version) and pulumi-language-nodejs from $cli_dir" >&2
