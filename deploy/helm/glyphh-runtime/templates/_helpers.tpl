{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "glyphh-runtime.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name. */}}
{{- define "glyphh-runtime.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "glyphh-runtime.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "glyphh-runtime.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "glyphh-runtime.selectorLabels" -}}
app.kubernetes.io/name: {{ include "glyphh-runtime.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "glyphh-runtime.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "glyphh-runtime.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret that holds each secret value: the user's existing one, or the chart's own. */}}
{{- define "glyphh-runtime.databaseSecret" -}}
{{- default (include "glyphh-runtime.fullname" .) .Values.database.existingSecret }}
{{- end }}
{{- define "glyphh-runtime.databaseSecretKey" -}}
{{- if .Values.database.existingSecret }}{{ .Values.database.existingSecretPasswordKey }}{{ else }}database-password{{ end }}
{{- end }}
{{- define "glyphh-runtime.licenseSecret" -}}
{{- default (include "glyphh-runtime.fullname" .) .Values.license.existingSecret }}
{{- end }}
{{- define "glyphh-runtime.licenseSecretKey" -}}
{{- if .Values.license.existingSecret }}{{ .Values.license.existingSecretKey }}{{ else }}license-key{{ end }}
{{- end }}
{{- define "glyphh-runtime.jwtSecret" -}}
{{- default (include "glyphh-runtime.fullname" .) .Values.auth.existingSecret }}
{{- end }}
{{- define "glyphh-runtime.jwtSecretKey" -}}
{{- if .Values.auth.existingSecret }}{{ .Values.auth.existingSecretKey }}{{ else }}jwt-secret-key{{ end }}
{{- end }}

{{- define "glyphh-runtime.hasLicense" -}}
{{- if or .Values.license.key .Values.license.existingSecret }}true{{ end }}
{{- end }}
{{- define "glyphh-runtime.hasJwt" -}}
{{- if or .Values.auth.jwtSecretKey .Values.auth.existingSecret }}true{{ end }}
{{- end }}
{{- define "glyphh-runtime.hasRootCert" -}}
{{- if or .Values.license.rootCert .Values.license.rootCertConfigMap }}true{{ end }}
{{- end }}

{{/* Refuses combinations that cannot work, with the value to change named. */}}
{{- define "glyphh-runtime.validate" -}}
{{- if not (has .Values.deploymentMode (list "local" "self-hosted" "cloud")) }}
{{- fail (printf "deploymentMode: %q is not one of local, self-hosted, cloud" .Values.deploymentMode) }}
{{- end }}
{{- if and (not .Values.database.external) (gt (int .Values.replicaCount) 1) }}
{{- fail "database.external=false uses the embedded SQLite file, which serves one replica only: set replicaCount=1 or use an external PostgreSQL" }}
{{- end }}
{{- if and (not .Values.database.external) (not .Values.persistence.enabled) }}
{{- fail "database.external=false keeps the data in the data directory: set persistence.enabled=true or every restart loses it" }}
{{- end }}
{{- if and .Values.database.external (not .Values.database.host) }}
{{- fail "database.host is required when database.external=true" }}
{{- end }}
{{- if and .Values.database.external (not (has .Values.database.sslMode (list "disable" "allow" "prefer" "require" "verify-ca" "verify-full"))) }}
{{- fail (printf "database.sslMode: %q is not one of disable, allow, prefer, require, verify-ca, verify-full" .Values.database.sslMode) }}
{{- end }}
{{- if eq .Values.deploymentMode "self-hosted" }}
{{- if not (include "glyphh-runtime.hasLicense" .) }}
{{- fail "deploymentMode=self-hosted needs a license: set license.existingSecret (recommended) or license.key" }}
{{- end }}
{{- if not (include "glyphh-runtime.hasRootCert" .) }}
{{- fail "deploymentMode=self-hosted needs the vendor root certificate: set license.rootCert or license.rootCertConfigMap" }}
{{- end }}
{{- end }}
{{- if and (ne .Values.deploymentMode "local") (not (include "glyphh-runtime.hasJwt" .)) (ne .Values.auth.mode "none") (ne .Values.auth.mode "apikey") }}
{{- fail "JWT is on outside local mode: set auth.existingSecret (recommended) or auth.jwtSecretKey (at least 32 bytes)" }}
{{- end }}
{{- if and .Values.license.offlineMode (hasPrefix "GLYPHH-" .Values.license.key) }}
{{- fail "license.offlineMode=true but license.key is an online key (GLYPHH-...), which always calls home: use the offline license text, or set license.offlineMode=false" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not .Values.database.external) }}
{{- fail "autoscaling.enabled=true needs database.external=true: the embedded SQLite file serves one replica only" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (not .Values.autoscaling.targetCPUUtilizationPercentage) (not .Values.autoscaling.targetMemoryUtilizationPercentage) }}
{{- fail "autoscaling.enabled=true needs autoscaling.targetCPUUtilizationPercentage or autoscaling.targetMemoryUtilizationPercentage" }}
{{- end }}
{{- if and .Values.monitoring.podMonitor.enabled .Values.monitoring.serviceMonitor.enabled }}
{{- fail "monitoring.podMonitor.enabled and monitoring.serviceMonitor.enabled would scrape every pod twice: enable one" }}
{{- end }}
{{- if and .Values.auth.jwtSecretKey (lt (len .Values.auth.jwtSecretKey) 32) }}
{{- fail "auth.jwtSecretKey must be at least 32 bytes (256 bits)" }}
{{- end }}
{{- end }}
