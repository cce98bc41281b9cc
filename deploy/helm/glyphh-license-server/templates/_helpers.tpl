{{- define "glyphh-license-server.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "glyphh-license-server.fullname" -}}
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

{{- define "glyphh-license-server.selectorLabels" -}}
app.kubernetes.io/name: {{ include "glyphh-license-server.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "glyphh-license-server.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "glyphh-license-server.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "glyphh-license-server.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "glyphh-license-server.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Refuses combinations that cannot work, naming the value to change. */}}
{{- define "glyphh-license-server.validate" -}}
{{- if not .Values.signing.existingSecret }}
{{- fail "signing.existingSecret is required: the Secret with signing.crt and signing.key from 'glyphh-license ca create' (the server refuses to start without a signing CA outside Development)" }}
{{- end }}
{{- if not .Values.admin.existingSecret }}
{{- fail "admin.existingSecret is required: the Secret whose ADMIN_API_KEY_HASHES key lists the admin API key hashes" }}
{{- end }}
{{- if and .Values.database.external (not .Values.database.existingSecret) }}
{{- fail "database.existingSecret is required when database.external=true: the Secret with the DATABASE_URL (key database.urlKey)" }}
{{- end }}
{{- if and (not .Values.database.external) (gt (int .Values.replicaCount) 1) }}
{{- fail "database.external=false uses the embedded SQLite file, which serves one replica only: set replicaCount=1 or use PostgreSQL" }}
{{- end }}
{{- if and (not .Values.database.external) (not .Values.persistence.enabled) }}
{{- fail "database.external=false keeps the licenses in the data directory: set persistence.enabled=true or every restart loses them" }}
{{- end }}
{{- end }}
