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

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const dir = group ? join(modules, "kubernetes-models", group, version) : join(modules, "kubernetes-models", version);
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
