// Validates rendered Kubernetes manifests offline against the API schemas shipped in the npm package
// kubernetes-models, plus the chart's own promises (probes, non-root, resources, PDB selects the pods).
//   node validate-manifests.mjs <node_modules dir> <manifest.yaml>...
// Exit 0 when every document is valid; 1 with one line per problem otherwise.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
  console.error("usage: node validate-manifests.mjs <node_modules dir> <manifest.yaml>...");
  process.exit(2);
}
const require = createRequire(join(modules, "noop.js"));
const YAML = require("yaml");

const problems = [];
let checked = 0;

// Which chart's files/ the PrometheusRule and dashboard must equal (the same files promtool and the docs use).
const chartFiles = process.env.CHART_FILES;

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  // prometheus-operator's CRDs come from @kubernetes-models/prometheus-operator.
  const base = group === "monitoring.coreos.com" ? join(modules, "@kubernetes-models", "prometheus-operator") : join(modules, "kubernetes-models");
  const dir = group ? join(base, group, version) : join(base, version);
  const mod = await import(pathToFileURL(join(dir, `${kind}.js`)).href);
  return mod[kind] ?? mod.default;
}

function containersOf(doc) {
  return doc.spec?.template?.spec?.containers ?? [];
}

function chartChecks(doc, where, all) {
  if (doc.kind === "Deployment" || doc.kind === "StatefulSet") {
    const pod = doc.spec.template.spec;
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod securityContext.runAsNonRoot is not true`);
    for (const c of containersOf(doc)) {
      for (const p of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        if (!c[p]?.httpGet?.path) problems.push(`${where}: container ${c.name} has no ${p}`);
      }
      if (c.livenessProbe?.httpGet?.path !== "/health") problems.push(`${where}: liveness is not /health`);
      if (c.readinessProbe?.httpGet?.path !== "/health/ready") problems.push(`${where}: readiness is not /health/ready`);
      if (!c.resources?.requests?.memory || !c.resources?.limits?.memory) problems.push(`${where}: container ${c.name} has no memory request/limit`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem is writable`);
      const envFrom = (c.envFrom ?? []).map((e) => e.configMapRef?.name).filter(Boolean);
      for (const name of envFrom) {
        if (!all.some((d) => d.kind === "ConfigMap" && d.metadata?.name === name)) problems.push(`${where}: envFrom ConfigMap ${name} is not rendered`);
      }
      for (const e of c.env ?? []) {
        const v = e.value ?? "";
        if (/password|secret|key/i.test(e.name) && v) problems.push(`${where}: ${e.name} is a plain value, not from a Secret`);
      }
    }
  }
  const selects = (sel) => all.filter((d) => d.kind === "Deployment" || d.kind === "StatefulSet")
    .some((w) => Object.entries(sel ?? {}).every(([k, v]) => w.spec.template.metadata.labels?.[k] === v));
  if (doc.kind === "HorizontalPodAutoscaler") {
    const t = doc.spec.scaleTargetRef;
    const w = all.find((d) => d.kind === t.kind && d.metadata?.name === t.name);
    if (!w) problems.push(`${where}: scales ${t.kind}/${t.name}, which is not rendered`);
    else if (w.spec.replicas !== undefined) problems.push(`${where}: ${t.kind}/${t.name} still sets replicas, fighting the HPA`);
  }
  if (doc.kind === "PodMonitor" && !selects(doc.spec.selector?.matchLabels)) problems.push(`${where}: selector matches no workload's pods`);
  if (doc.kind === "ServiceMonitor") {
    const sel = doc.spec.selector?.matchLabels ?? {};
    const services = all.filter((d) => d.kind === "Service" && Object.entries(sel).every(([k, v]) => d.metadata?.labels?.[k] === v)
      && !(doc.spec.selector?.matchExpressions ?? []).some((e) => e.operator === "DoesNotExist" && d.metadata?.labels?.[e.key] !== undefined));
    if (services.length !== 1) problems.push(`${where}: selects ${services.length} Services, expected exactly 1`);
  }
  if (doc.kind === "NetworkPolicy" && !selects(doc.spec.podSelector?.matchLabels)) problems.push(`${where}: podSelector matches no workload's pods`);
  if (doc.kind === "PrometheusRule" && chartFiles) {
    const rules = YAML.parse(readFileSync(join(chartFiles, "prometheus-rules.yml"), "utf8"));
    if (JSON.stringify(rules) !== JSON.stringify(doc.spec)) problems.push(`${where}: spec differs from files/prometheus-rules.yml`);
    if (!(doc.spec.groups ?? []).some((g) => g.rules?.length)) problems.push(`${where}: no rules`);
  }
  if (doc.kind === "ConfigMap" && doc.metadata?.name?.endsWith("-dashboard") && chartFiles) {
    const file = readFileSync(join(chartFiles, "grafana-dashboard.json"), "utf8");
    const json = Object.values(doc.data ?? {})[0] ?? "";
    if (json !== file) problems.push(`${where}: differs from files/grafana-dashboard.json`);
    try { JSON.parse(json); } catch { problems.push(`${where}: dashboard is not JSON`); }
  }
  if (doc.kind === "Pod" && doc.metadata?.annotations?.["helm.sh/hook"] === "test") {
    const c = doc.spec.containers?.[0];
    const service = all.find((d) => d.kind === "Service" && !d.metadata?.labels?.["glyphh.io/service"]);
    const want = service ? `http://${service.metadata.name}:${service.spec.ports[0].port}/health/ready` : "(no Service)";
    if (!(c?.command ?? []).includes(want)) problems.push(`${where}: helm test does not check ${want}`);
    if (doc.spec.securityContext?.runAsNonRoot !== true) problems.push(`${where}: test pod may run as root`);
  }
  if (doc.kind === "PodDisruptionBudget") {
    const sel = doc.spec.selector?.matchLabels ?? {};
    const workloads = all.filter((d) => d.kind === "Deployment" || d.kind === "StatefulSet");
    const matches = workloads.some((w) => Object.entries(sel).every(([k, v]) => w.spec.template.metadata.labels?.[k] === v));
    if (!matches) problems.push(`${where}: selector matches no workload's pods`);
  }
}

for (const file of files) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  const parsed = [];
  for (const d of docs) {
    if (d.errors.length) {
      problems.push(`${file}: YAML error: ${d.errors[0].message}`);
      continue;
    }
    const value = d.toJS();
    if (value) parsed.push(value);
  }
  if (parsed.length === 0) problems.push(`${file}: no manifests`);
  for (const doc of parsed) {
    const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
    let Model;
    try {
      Model = await modelFor(doc.apiVersion, doc.kind);
    } catch {
      problems.push(`${where}: unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (err) {
      const details = (err.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
      problems.push(`${where}: ${details || err.message}`);
    }
    chartChecks(doc, where, parsed);
    checked++;
  }
}

for (const p of problems) console.error(p);
console.log(`validated ${checked} manifests in ${files.length} file(s): ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
