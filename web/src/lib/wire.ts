/**
 * Response shapes of the api Worker as the UI reads them (frontend-and-agent.md A.2). The flamegraph
 * comes from workers/core/src/wire/; `/api/services` has no wire module there yet.
 */

/** `GET /api/services` item; the endpoint answers 204 when there are none. */
export interface ServiceInfo {
  name: string;
  serviceId: number;
  /** false when no profile was indexed yet; such services sort last in the picker. */
  hasData: boolean;
  /** `instances` | `containers` | `k8s` | `ecs`. */
  envType: string | null;
  createDate: string;
}

/** Runtime names flamedb's lang_ident.go assigns (A.2 "Shape of the flamegraph response"). */
export const LANGUAGES = [
  "Python",
  "Java",
  "Go",
  "C++",
  "Kernel",
  "Node",
  "PHP",
  "Ruby",
  ".NET",
  "Other",
] as const;
export type Language = (typeof LANGUAGES)[number];

/** `GET /api/flamegraph?enrichment=lang`: one definition, shared with the api Worker. */
export type {
  FlameGraphFrame as FlameNode,
  FlameGraphResponse as FlamegraphResponse,
} from "../../../workers/core/src/wire/flamegraph";
