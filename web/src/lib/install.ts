/**
 * Agent install instructions (frontend-and-agent.md A.6, backend-api.md §4.2): commands are built here
 * with the user's API key, the service name and the agents' domain filled in; template files (compose,
 * DaemonSet, Helm manifest, ECS task definition, Ansible playbook) come rendered from the api.
 * The original UI enabled Docker and command line only; every target it had a component for is here.
 */

export interface InstallOptions {
  apiKey: string;
  service: string;
  /** The agents' domain (`--server-host`, `--glogger-server`), e.g. https://agents.example.com. */
  host: string;
  /** `--no-verify`: skip TLS verification (the original's checkbox, on by default). */
  noVerify: boolean;
  /** Kubernetes namespace for the DaemonSet and Helm. */
  namespace: string;
}

export interface InstallFile {
  /** The api's template type: `/api/installations/{type}/file`. */
  type: "docker_compose" | "daemon_set" | "helm" | "ecs" | "ansible";
  filename: string;
}

export interface InstallStep {
  title: string;
  code?: string;
  file?: InstallFile;
  note?: string;
}

export const INSTALL_METHODS = [
  { id: "docker", label: "Docker" },
  { id: "binary", label: "Command line" },
  { id: "compose", label: "Docker Compose" },
  { id: "k8s", label: "Kubernetes DaemonSet" },
  { id: "helm", label: "Helm" },
  { id: "ecs", label: "AWS ECS" },
  { id: "ansible", label: "Ansible" },
] as const;
export type InstallMethodId = (typeof INSTALL_METHODS)[number]["id"];

export const DOCKER_IMAGE = "granulate/gprofiler:latest";
const BINARY_URL = "https://github.com/Granulate/gprofiler/releases/latest/download/gprofiler_$(uname -m)";

/**
 * Problems with a service name, empty when valid. The rule is what the ingest Worker keeps of a name
 * (workers/core/src/service-name.ts), so the name the agent sends is the name the studio shows; the
 * original UI's `^[a-zA-Z0-9][a-zA-Z0-9+_]+$` refused `-` and `.`, which its backend accepted.
 */
export function serviceNameProblems(name: string): string[] {
  if (!name) return ["Enter a service name"];
  const problems: string[] = [];
  if (!/^[A-Za-z0-9]/.test(name)) problems.push("Must start with a letter or a digit");
  if (/[^A-Za-z0-9_.-]/.test(name)) problems.push("Only letters, digits, '_', '.' and '-'");
  if (name.length > 100) problems.push("At most 100 characters");
  return problems;
}

/** The agents' domain as a base URL, or null when it is not one; quotes and shell syntax are refused. */
export function normalizeHost(host: string): string | null {
  const text = host.trim();
  if (!/^https?:\/\/[^\s"'`$\\]+$/.test(text)) return null;
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return null;
  }
}

const hostFlags = (o: InstallOptions, q: string) =>
  `--server-host ${q}${o.host}${q} --glogger-server ${q}${o.host}${q}${o.noVerify ? " --no-verify" : ""}`;

export function installSteps(method: InstallMethodId, o: InstallOptions): InstallStep[] {
  switch (method) {
    case "docker":
      return [
        {
          title: "Run the agent container on each host",
          code:
            `docker pull ${DOCKER_IMAGE}\n` +
            `docker run --name granulate-gprofiler --restart=always -d --pid=host --userns=host --privileged ` +
            `${DOCKER_IMAGE} -cu --token="${o.apiKey}" --service-name="${o.service}" ${hostFlags(o, '"')}`,
        },
      ];
    case "binary":
      return [
        {
          title: "Download and start the agent on each host",
          code:
            `wget ${BINARY_URL} -O gprofiler\n` +
            `sudo chmod +x gprofiler\n` +
            `sudo TMPDIR=/proc/self/cwd sh -c "setsid ./gprofiler -cu --token='${o.apiKey}' ` +
            `--service-name='${o.service}' ${hostFlags(o, "'")} > /dev/null 2>&1 &"`,
        },
      ];
    case "compose":
      return [
        {
          title: "Download the compose file",
          file: { type: "docker_compose", filename: "docker-compose.yml" },
        },
        { title: "Start it on each host", code: `docker compose -f docker-compose.yml up -d` },
      ];
    case "k8s":
      return [
        { title: "Download the DaemonSet", file: { type: "daemon_set", filename: "gprofilerDaemonSet.yml" } },
        {
          title: "Apply it",
          code: `kubectl apply -f gprofilerDaemonSet.yml\nkubectl -n ${o.namespace} rollout status daemonset/granulate-gprofiler`,
          note: "One agent runs on every node; nodes that join later get one too.",
        },
      ];
    case "helm":
      return [
        {
          title: "Install the chart from the gProfiler repository",
          code:
            `git clone --depth 1 https://github.com/Granulate/gprofiler.git\n` +
            `cd gprofiler/deploy/k8s/helm-charts\n` +
            `helm install gprofiler . --create-namespace -n ${o.namespace} ` +
            `--set gprofiler.token="${o.apiKey}" --set gprofiler.serviceName="${o.service}" ` +
            `--set "gprofiler.extraArguments={--server-host=${o.host},--glogger-server=${o.host}${o.noVerify ? ",--no-verify" : ""}}"`,
        },
        {
          title: "Or apply the rendered manifest without Helm",
          file: { type: "helm", filename: "gprofiler.yml" },
          code: `kubectl apply -f gprofiler.yml`,
        },
      ];
    case "ecs":
      return [
        {
          title: "Download the task definition",
          file: { type: "ecs", filename: "gprofiler_task_definition.json" },
        },
        {
          title: "Register it and run it as a daemon service on your cluster",
          code:
            `aws ecs register-task-definition --cli-input-json file://gprofiler_task_definition.json\n` +
            `aws ecs create-service --cluster <your-cluster> --service-name granulate-gprofiler ` +
            `--task-definition granulate-gprofiler --scheduling-strategy DAEMON`,
        },
      ];
    case "ansible":
      return [
        { title: "Download the playbook", file: { type: "ansible", filename: "gprofiler_playbook.yml" } },
        {
          title: "Run it against your inventory",
          code:
            `ansible-playbook -i <inventory> gprofiler_playbook.yml ` +
            `--extra-vars "gprofiler_token='${o.apiKey}'" --extra-vars "gprofiler_service='${o.service}'" ` +
            `--extra-vars "gprofiler_args='${hostFlags(o, "")}'"`,
          note: "The playbook targets `hosts: all`; limit it with `-l` if needed.",
        },
      ];
  }
}
