{{/*
Names and labels. Every template here takes a context with .Values, .Release and .Chart (.Chart.Name is
enough), so an application chart that has this chart as a dependency can call them with the subchart's values:
  (dict "Values" (index .Values "sidecar-ai") "Release" .Release "Chart" (dict "Name" "sidecar-ai"))
*/}}
{{- define "sidecar-ai.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sidecar-ai.fullname" -}}
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

{{- define "sidecar-ai.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sidecar-ai.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sidecar-ai.labels" -}}
{{ include "sidecar-ai.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | default "" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | default "Helm" }}
{{- end }}

{{- define "sidecar-ai.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sidecar-ai.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sidecar-ai.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | default "latest") }}
{{- end }}

{{- define "sidecar-ai.provisionerImage" -}}
{{- $repository := .Values.models.provisionerImage.repository | default .Values.image.repository }}
{{- $tag := .Values.models.provisionerImage.tag | default (printf "%s-provisioner" (.Values.image.tag | default .Chart.AppVersion | default "latest")) }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{- define "sidecar-ai.credentialsSecret" -}}
{{- if .Values.credentials.existingSecret }}
{{- .Values.credentials.existingSecret }}
{{- else if .Values.credentials.create }}
{{- printf "%s-credentials" (include "sidecar-ai.fullname" .) }}
{{- end }}
{{- end }}

{{/*
The agent config: config from the values, with the settings the pod's layout decides.
*/}}
{{- define "sidecar-ai.config" -}}
{{- $config := deepCopy .Values.config }}
{{- $_ := set $config "state_dir" .Values.state.mountPath }}
{{- $telemetry := deepCopy ($config.telemetry | default dict) }}
{{- $_ = set $telemetry "listen" (printf "0.0.0.0:%d" (int .Values.telemetry.port)) }}
{{- $_ = set $config "telemetry" $telemetry }}
{{- if .Values.api.enabled }}
{{- $api := deepCopy ($config.api | default dict) }}
{{- $_ = set $api "listen" (printf "0.0.0.0:%d" (int .Values.api.port)) }}
{{- $_ = set $config "api" $api }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/*
The agent's container, without a restartPolicy: the Deployment runs it as a container, the sidecar template
as a native sidecar. The second argument of the list says which: (list $ctx "sidecar") or (list $ctx "deployment").
*/}}
{{- define "sidecar-ai.agentContainer" -}}
{{- $ctx := index . 0 }}
{{- $role := index . 1 -}}
name: sidecar-ai
image: {{ include "sidecar-ai.image" $ctx }}
imagePullPolicy: {{ $ctx.Values.image.pullPolicy }}
{{- if eq $role "sidecar" }}
# A native sidecar: started before the application, stopped after it (Kubernetes 1.29+).
restartPolicy: Always
{{- end }}
args: ["run", "-c", "/etc/sidecar-ai/sidecar.yaml"]
ports:
  - { name: telemetry, containerPort: {{ $ctx.Values.telemetry.port }}, protocol: TCP }
  {{- if and $ctx.Values.api.enabled (eq $role "deployment") }}
  - { name: api, containerPort: {{ $ctx.Values.api.port }}, protocol: TCP }
  {{- end }}
{{- $secret := include "sidecar-ai.credentialsSecret" $ctx }}
{{- if $secret }}
envFrom:
  - secretRef: { name: {{ $secret }} }
{{- end }}
{{- with $ctx.Values.env }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.probes.startup }}
startupProbe:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.probes.liveness }}
livenessProbe:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.probes.readiness }}
readinessProbe:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $ctx.Values.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumeMounts:
  {{- if eq $role "sidecar" }}
  - { name: {{ $ctx.Values.sidecar.logVolume.name }}, mountPath: {{ $ctx.Values.sidecar.logVolume.mountPath }}, readOnly: true }
  {{- end }}
  - { name: sidecar-ai-config, mountPath: /etc/sidecar-ai, readOnly: true }
  - { name: sidecar-ai-state, mountPath: {{ $ctx.Values.state.mountPath }} }
  - { name: sidecar-ai-tmp, mountPath: /tmp }
  {{- if $ctx.Values.models.pull }}
  - { name: sidecar-ai-models, mountPath: {{ $ctx.Values.models.mountPath }}, readOnly: true }
  {{- end }}
{{- end }}

{{/*
The init container that pulls models into the models volume before the agent starts (models.pull).
*/}}
{{- define "sidecar-ai.modelsInitContainer" -}}
name: sidecar-ai-models
image: {{ include "sidecar-ai.provisionerImage" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
args:
  {{- toYaml (concat (list "models" "pull" "--dir" .Values.models.mountPath) .Values.models.pull) | nindent 2 }}
env:
  # Maven's local repository on the scratch volume rather than the image's home folder.
  - { name: MAVEN_OPTS, value: "-Dmaven.repo.local=/tmp/m2" }
{{- with .Values.models.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  allowPrivilegeEscalation: false
  capabilities: { drop: [ALL] }
volumeMounts:
  - { name: sidecar-ai-models, mountPath: {{ .Values.models.mountPath }} }
  - { name: sidecar-ai-tmp, mountPath: /tmp }
{{- end }}

{{/*
For an application's pod spec: the init containers (models, when pulled, then the native sidecar).
  initContainers:
    {{- include "sidecar-ai.sidecar.initContainers" $ctx | nindent 4 }}
*/}}
{{- define "sidecar-ai.sidecar.initContainers" -}}
{{- if .Values.models.pull -}}
- {{- include "sidecar-ai.modelsInitContainer" . | nindent 2 }}
{{ end -}}
- {{- include "sidecar-ai.agentContainer" (list . "sidecar") | nindent 2 }}
{{- end }}

{{/*
The volumes the agent needs, beside the application's own (its log volume is the application's):
  volumes:
    {{- include "sidecar-ai.sidecar.volumes" $ctx | nindent 4 }}
*/}}
{{- define "sidecar-ai.sidecar.volumes" -}}
- name: sidecar-ai-config
  configMap: { name: {{ include "sidecar-ai.fullname" . }} }
- name: sidecar-ai-state
  {{- toYaml .Values.state.volume | nindent 2 }}
- name: sidecar-ai-tmp
  emptyDir: {}
{{- if .Values.models.pull }}
- name: sidecar-ai-models
  {{- toYaml .Values.models.volume | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by the Deployment and the example application.
*/}}
{{- define "sidecar-ai.podSettings" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "sidecar-ai.podAnnotations" -}}
{{- $annotations := deepCopy (.Values.podAnnotations | default dict) }}
{{- if .Values.telemetry.scrapeAnnotations }}
{{- $_ := set $annotations "prometheus.io/scrape" "true" }}
{{- $_ = set $annotations "prometheus.io/port" (toString .Values.telemetry.port) }}
{{- $_ = set $annotations "prometheus.io/path" "/metrics" }}
{{- end }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
