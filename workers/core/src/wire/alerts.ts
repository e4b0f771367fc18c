// Regression alerts and deployment markers (workers/api/README.md, "Regression alerts"): the records the
// api's stores read, and the same records as GET /api/alerts and /api/v1/deployments send them, every
// Date as isoTime's string. One definition for the api Worker and the UI.

export type AlertState = "open" | "acknowledged";

/** A deployment marker: posted by a deploy pipeline (`api`) or seen in an agent's metadata (`agent`). */
export interface Deployment {
  id: number;
  serviceName: string;
  version: string;
  time: Date;
  source: "agent" | "api";
  description: string | null;
  commit: string | null;
}

/** A function whose share of the service rose in an hour against its baseline (core/src/regression.ts). */
export interface Alert {
  id: number;
  serviceId: number;
  serviceName: string;
  functionName: string;
  /** Own and total shares (0..1) in the baseline and in the hour. */
  selfBefore: number;
  selfAfter: number;
  totalBefore: number;
  totalAfter: number;
  windowStart: Date;
  windowEnd: Date;
  baselineStart: Date;
  state: AlertState;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  notifiedAt: Date | null;
  deliveryAttempts: number;
  deliveryError: string | null;
  /** The X-Studio-Delivery header of its webhook posts: the same on every retry. */
  deliveryId: string;
  createdAt: Date | null;
  /** The deployment the rise followed, if any (workers/api/src/evaluate-alerts.ts). */
  deployment: Omit<Deployment, "serviceName"> | null;
}

/** A record as JSON carries it from the api: every Date an ISO-8601 string (wire/iso-time.ts). */
export type OnTheWire<T> = T extends Date
  ? string
  : T extends object
    ? { [K in keyof T]: OnTheWire<T[K]> }
    : T;

export type DeploymentJson = OnTheWire<Deployment>;
export type AlertJson = OnTheWire<Alert>;
