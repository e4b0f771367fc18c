// The Queue message from ingest to the indexer: byte-compatible with the original's SQS body
// (backend-api.md §3.2.5, indexer-flamedb.md §2.2), so either side can be swapped for the original.
export interface IndexMessage {
  /** Object name under `products/<service>/stacks/`, e.g. `2023-12-03T16:36:27_<uuid hex>_<md5(hostname)>.gz`. */
  filename: string;
  /** Sanitized service name: the R2 key's second segment. */
  service: string;
  /** Services.id in Postgres; becomes ClickHouse ServiceId. */
  service_id: number;
}

/** Validates a message body from the Queue; returns null for anything not shaped like IndexMessage. */
export function parseIndexMessage(body: unknown): IndexMessage | null {
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      return null;
    }
  }
  if (typeof body !== "object" || body === null) return null;
  const { filename, service, service_id } = body as Record<string, unknown>;
  if (typeof filename !== "string" || !/^[\w.:+-]+\.gz$/.test(filename)) return null;
  // The original read local files when `service` was empty (§7.3): a message must name a service.
  if (typeof service !== "string" || service === "" || service.includes("/")) return null;
  if (typeof service_id !== "number" || !Number.isInteger(service_id) || service_id <= 0) return null;
  return { filename, service, service_id };
}

/** The R2 key the original used for a profile (backend-api.md §3.2.4). */
export function profileObjectKey(message: Pick<IndexMessage, "service" | "filename">): string {
  return `products/${message.service}/stacks/${message.filename}`;
}
