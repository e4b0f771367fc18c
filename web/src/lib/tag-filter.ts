/**
 * Tag filters (frontend-and-agent.md A.3.8, backend-api.md §1.2): rules on host name, container name,
 * k8s deployment ("ContainerEnvName") and instance type, joined by one logic operator. Three encodings:
 * - the URL's compact `filter` param (A.8): `cn,is,nginx,a,hn,not,node-1`;
 * - the RQL object the api takes as the JSON `filter` query param: `{"filter":{"$and":[{"HostName":{"$eq":"x"}}]}}`;
 * - a sentence for people: `Container name Is nginx And Host name Is not node-1`.
 */

export const TAG_TYPES = ["ContainerName", "HostName", "ContainerEnvName", "InstanceType"] as const;
export type TagType = (typeof TAG_TYPES)[number];
export type TagOp = "$eq" | "$neq";
export type TagLogic = "$and" | "$or";

export interface TagRule {
  type: TagType;
  op: TagOp;
  value: string;
}

export interface TagFilter {
  logic: TagLogic;
  rules: TagRule[];
}

/** The RQL body the api's `filter` param and the saved-filter routes carry. */
export interface RqlFilter {
  filter: Partial<Record<TagLogic, Partial<Record<TagType, Partial<Record<TagOp, string>>>>[]>>;
}

export const TAG_LABELS: Record<TagType, string> = {
  ContainerName: "Container name",
  HostName: "Host name",
  ContainerEnvName: "Deployment name",
  InstanceType: "Instance type",
};

/** Help text per type, from the original's tooltips (A.3.8). */
export const TAG_HELP: Record<TagType, string> = {
  ContainerName: "K8s: container_pod_namespace · ECS: container_taskfamily · Docker: the container name",
  HostName: "The host name the agent reported",
  ContainerEnvName: "K8s: pod_namespace (the deployment) · ECS: the task family",
  InstanceType: "The cloud instance type, e.g. t2.medium",
};

/** URL codes of A.8; `it` (InstanceType) is ours, the original UI never offered it. */
const TYPE_CODES: Record<TagType, string> = {
  ContainerName: "cn",
  HostName: "hn",
  ContainerEnvName: "cen",
  InstanceType: "it",
};
const CODE_TYPES = Object.fromEntries(Object.entries(TYPE_CODES).map(([t, c]) => [c, t])) as Record<
  string,
  TagType
>;

const isTagType = (value: unknown): value is TagType => TAG_TYPES.includes(value as TagType);

/**
 * Reads the compact form. Values are written with `,` percent-encoded (the original wrote them raw, so
 * its links only break for values with commas, which it could not express either). Null when unusable.
 */
export function parseCompactFilter(text: string | null): TagFilter | null {
  if (!text) return null;
  const parts = text.split(",");
  if (parts.length < 3 || (parts.length - 3) % 4 !== 0) return null;
  let logic: TagLogic = "$and";
  const rules: TagRule[] = [];
  for (let i = 0; i < parts.length; i += 4) {
    if (i > 0) {
      const joiner = parts[i - 1];
      if (joiner !== "a" && joiner !== "o") return null;
      logic = joiner === "o" ? "$or" : "$and";
    }
    const type = CODE_TYPES[parts[i]];
    const op = parts[i + 1] === "is" ? "$eq" : parts[i + 1] === "not" ? "$neq" : null;
    if (!type || !op) return null;
    rules.push({ type, op, value: decodeValue(parts[i + 2]) });
  }
  return { logic, rules };
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function compactFilter(filter: TagFilter | null): string | null {
  const rules = filter?.rules.filter((r) => r.value) ?? [];
  if (!filter || !rules.length) return null;
  const joiner = filter.logic === "$or" ? "o" : "a";
  return rules
    .map((r) =>
      [
        TYPE_CODES[r.type],
        r.op === "$eq" ? "is" : "not",
        r.value.replace(/%/g, "%25").replace(/,/g, "%2C"),
      ].join(","),
    )
    .join(`,${joiner},`);
}

export function toRql(filter: TagFilter): RqlFilter {
  return {
    filter: {
      [filter.logic]: filter.rules.filter((r) => r.value).map((r) => ({ [r.type]: { [r.op]: r.value } })),
    },
  };
}

/** The JSON `filter` query param, or null without rules. */
export function rqlParam(filter: TagFilter | null): string | null {
  return filter && filter.rules.some((r) => r.value) ? JSON.stringify(toRql(filter)) : null;
}

/**
 * Reads an RQL object as saved filters and snapshots return it: either `{"$and": [...]}` or wrapped in
 * `{"filter": {...}}`. Unknown types and operators are dropped; null when nothing usable remains.
 */
export function fromRql(body: unknown): TagFilter | null {
  if (!body || typeof body !== "object") return null;
  const inner = "filter" in body ? (body as { filter: unknown }).filter : body;
  if (!inner || typeof inner !== "object") return null;
  for (const logic of ["$and", "$or"] as const) {
    const list = (inner as Record<string, unknown>)[logic];
    if (!Array.isArray(list)) continue;
    const rules: TagRule[] = [];
    for (const expression of list) {
      if (!expression || typeof expression !== "object") continue;
      for (const [type, condition] of Object.entries(expression)) {
        if (!isTagType(type) || !condition || typeof condition !== "object") continue;
        for (const op of ["$eq", "$neq"] as const) {
          const value = (condition as Record<string, unknown>)[op];
          if (value !== undefined && value !== null) rules.push({ type, op, value: String(value) });
        }
      }
    }
    return rules.length ? { logic, rules } : null;
  }
  return null;
}

/** `Container name Is x And Host name Is not y`, as the original lists saved filters. */
export function describeFilter(filter: TagFilter | null): string {
  if (!filter || !filter.rules.length) return "";
  const joiner = filter.logic === "$or" ? " Or " : " And ";
  return filter.rules
    .map((r) => `${TAG_LABELS[r.type]} ${r.op === "$eq" ? "Is" : "Is not"} ${r.value}`)
    .join(joiner);
}

/** Under `$and` each type may be used once (A.3.8); the types still free for a new rule. */
export function freeTypes(filter: TagFilter, exceptIndex = -1): TagType[] {
  if (filter.logic === "$or") return [...TAG_TYPES];
  const used = new Set(filter.rules.filter((_, i) => i !== exceptIndex).map((r) => r.type));
  return TAG_TYPES.filter((t) => !used.has(t));
}
