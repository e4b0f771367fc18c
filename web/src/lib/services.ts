import type { ServiceInfo } from "./wire";

/** Services with data first (A.3.1), otherwise in the api's order. */
export const sortServices = (services: ServiceInfo[]) =>
  [...services].sort((a, b) => Number(b.hasData) - Number(a.hasData));

/** The URL's service when it exists, else the first one, like the original picker (A.3.1). */
export function pickService(services: ServiceInfo[], requested: string | null): string | null {
  if (requested && services.some((s) => s.name === requested)) return requested;
  return services[0]?.name ?? null;
}

/** Lenient read of a `/api/services` body; anything malformed is dropped. */
export function parseServices(body: unknown): ServiceInfo[] {
  if (!Array.isArray(body)) return [];
  return body.filter(
    (s): s is ServiceInfo =>
      typeof s === "object" && s !== null && typeof (s as ServiceInfo).name === "string",
  );
}
