// GET /api/api_key and the installation files (backend-api.md §4.1, §4.2). The templates are bundled
// (workers/api/templates); the original fetched them from GitHub on every call, fell back to files it
// overwrote with the previous caller's values, and pasted values unescaped (§10.18).
import { Hono, type Context } from "hono";
import { renderTemplate } from "../../../core/src/installation-template";
import { fail } from "../../../shared/src/errors";
import { withPostgres } from "../../../shared/src/postgres";
import ansiblePlaybook from "../../templates/ansible-playbook.yml.tmpl";
import daemonSet from "../../templates/daemonset.yaml.tmpl";
import dockerCompose from "../../templates/docker-compose.yml.tmpl";
import ecsTaskDefinition from "../../templates/ecs-task-definition.json.tmpl";
import { attachment } from "../download";
import type { ApiEnv } from "../env";
import { sessionSecret } from "../session";
import { uiAgentKey } from "../store/agent-keys";

interface FileSpec {
  template: string;
  contentType: string;
  fileName: string;
  /** For the DaemonSet templates. */
  namespace?: string;
}

/** The files of /api/installations/{file_type}/file; `helm` is the DaemonSet in namespace granulate, as the original. */
const FILES: Record<string, FileSpec> = {
  docker_compose: { template: dockerCompose, contentType: "text/yaml", fileName: "docker-compose.yml" },
  ecs: {
    template: ecsTaskDefinition,
    contentType: "application/json",
    fileName: "gprofiler_task_definition.json",
  },
  ansible: { template: ansiblePlaybook, contentType: "text/yaml", fileName: "gprofiler_playbook.yml" },
  helm: { template: daemonSet, contentType: "text/yaml", fileName: "gprofiler.yml", namespace: "granulate" },
};
/** A Kubernetes namespace name (RFC 1123 label). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const MAX_SERVICE_NAME = 200;

export const installationsRoute = new Hono<ApiEnv>();

installationsRoute.get("/api/api_key", async (c) => c.json({ apiKey: await agentKey(c) }));

installationsRoute.get("/api/installations/daemon_set/file", async (c) => {
  const namespace = c.req.query("namespace");
  if (!namespace || !NAMESPACE.test(namespace)) fail(400, "'namespace' must be a Kubernetes namespace name");
  return file(c, {
    template: daemonSet,
    contentType: "text/yaml",
    fileName: "gprofilerDaemonSet.yml",
    namespace,
  });
});

installationsRoute.get("/api/installations/:fileType/file", async (c) => {
  const spec = Object.hasOwn(FILES, c.req.param("fileType")) ? FILES[c.req.param("fileType")] : undefined;
  if (!spec) fail(400, `'file_type' must be one of daemon_set, ${Object.keys(FILES).join(", ")}`);
  return file(c, spec);
});

async function file(c: Context<ApiEnv>, spec: FileSpec) {
  const serviceName = c.req.query("serviceName");
  if (!serviceName) fail(400, "Missing query parameter 'serviceName'");
  if (serviceName.length > MAX_SERVICE_NAME)
    fail(400, `'serviceName' is longer than ${MAX_SERVICE_NAME} characters`);
  const serverHost = c.env.AGENT_SERVER_HOST;
  if (!serverHost) fail(503, "AGENT_SERVER_HOST is not configured");
  const values = { token: await agentKey(c), serviceName, serverHost, namespace: spec.namespace ?? "" };
  return c.body(renderTemplate(spec.template, values), 200, {
    "content-type": `${spec.contentType}; charset=utf-8`,
    "content-disposition": attachment(spec.fileName),
  });
}

const agentKey = (c: Context<ApiEnv>) => withPostgres(() => uiAgentKey(c.var.db, sessionSecret(c)));
