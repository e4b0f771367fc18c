// Profiles from other clients (Pyroscope's /ingest, pprof) written as the gProfiler agent's own profile
// text (indexer-flamedb.md §2.5): a `# {json}` header line whose metadata.hostname and
// cloud_info.instance_type become HostName and InstanceType, then `<container>;<frame>;… <count>` lines
// (container prefix on, as for every agent since profile API v2), so the unchanged indexer stores them.

export interface ProfileTags {
  /** → HostName */
  hostname: string;
  /** → InstanceType */
  instanceType: string;
  /** The raw container field of each stack line → ContainerName and ContainerEnvName (§2.7). */
  container: string;
}

/** How a client's profile came in, kept in the header for whoever reads the stored object. */
export interface ProfileSource {
  format: string;
  [key: string]: unknown;
}

const HOSTNAME_LABELS = ["hostname", "host", "host_name", "node", "instance"];
const INSTANCE_TYPE_LABELS = ["instance_type", "instancetype", "machine_type"];
const CONTAINER_LABELS = ["container", "container_name"];

/**
 * The studio's tags from Pyroscope labels (or pprof route parameters). A pod and a namespace become the
 * Docker-shim name `k8s_<container>_<pod>_<namespace>_<uid>_0`, which the indexer decodes into the
 * container and its k8s workload (ContainerEnvName) as for the agent's containers.
 */
export function tagsFromLabels(labels: Readonly<Record<string, string>>): ProfileTags {
  const lower = new Map(Object.entries(labels).map(([key, value]) => [key.toLowerCase(), value]));
  const first = (keys: string[]) => tagValue(keys.map((key) => lower.get(key)).find((value) => value) ?? "");
  const container = first(CONTAINER_LABELS);
  const pod = first(["pod", "pod_name"]);
  const namespace = first(["namespace", "kubernetes_namespace"]);
  const k8s = pod && namespace && ![container, pod, namespace].some((part) => part.includes("_"));
  return {
    hostname: first(HOSTNAME_LABELS),
    instanceType: first(INSTANCE_TYPE_LABELS),
    container: k8s ? `k8s_${container || pod}_${pod}_${namespace}_${first(["pod_uid"]) || "0"}_0` : container,
  };
}

/** A tag value as one field of a stack line: no `;` (the field separator), no line breaks. */
const tagValue = (value: string) => value.replace(/[;\r\n]/g, "_").trim();

/** A frame name as one field of a stack line; the indexer trims it and drops it when empty. */
export const frameName = (name: string) => name.replace(/;/g, ":").replace(/[\r\n]+/g, " ");

/** The header line: what the indexer reads (hostname, instance type) and where the profile came from. */
export function agentHeaderLine(tags: ProfileTags, source: ProfileSource): string {
  const header = {
    metadata: { hostname: tags.hostname, cloud_info: { instance_type: tags.instanceType } },
    source,
  };
  return `# ${JSON.stringify(header)}`;
}

/** One stack line of the agent format. */
export const agentStackLine = (container: string, stack: string, count: number) => `${container};${stack} ${count}`;

/** NumSamples is a UInt32: larger counts are refused rather than wrapped (indexer-flamedb.md §7.7). */
export const MAX_COUNT = 0xffffffff;

export type TextFormat = "folded" | "lines";

/**
 * Pyroscope's text formats, line by line, to agent stack lines: `folded` is `frame;frame;… <count>`
 * (the count after the last space), `lines` one sample per line. As Pyroscope's parser does, lines
 * without a usable count are skipped; they are counted for the answer.
 */
export class TextProfileConverter {
  skipped = 0;
  lines = 0;
  private carry = "";

  constructor(
    private readonly format: TextFormat,
    private readonly container: string,
  ) {}

  /** The agent lines (each ending in `\n`) for the complete lines in `text`. */
  push(text: string): string {
    const end = text.lastIndexOf("\n");
    if (end === -1) {
      this.carry += text;
      return "";
    }
    const complete = this.carry + text.slice(0, end);
    this.carry = text.slice(end + 1);
    return this.convert(complete.split("\n"));
  }

  finish(): string {
    const rest = this.carry;
    this.carry = "";
    return this.convert([rest]);
  }

  private convert(lines: string[]): string {
    let out = "";
    for (const raw of lines) {
      const line = raw.trim();
      if (line === "") continue;
      const converted = this.format === "lines" ? this.stackLine(line, 1) : this.foldedLine(line);
      if (converted === null) this.skipped++;
      else {
        this.lines++;
        out += converted + "\n";
      }
    }
    return out;
  }

  private foldedLine(line: string): string | null {
    const space = line.lastIndexOf(" ");
    if (space === -1 || !/^\d{1,10}$/.test(line.slice(space + 1))) return null;
    return this.stackLine(line.slice(0, space).trimEnd(), Number(line.slice(space + 1)));
  }

  private stackLine(stack: string, count: number): string | null {
    if (count < 1 || count > MAX_COUNT || stack === "") return null;
    return agentStackLine(this.container, stack.replace(/\r/g, " "), count);
  }
}
