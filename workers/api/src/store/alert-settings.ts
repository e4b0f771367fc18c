// Regression-alert thresholds and webhook (alert_settings): a row per service that overrides them, the
// row with service NULL as everyone's default, built-in defaults (core/src/regression.ts) under both.
import { eq, isNull, sql } from "drizzle-orm";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../../core/src/regression";
import { alertSettings } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface AlertSettings extends Thresholds {
  webhookUrl: string | null;
}

export const BUILT_IN_SETTINGS: AlertSettings = { ...DEFAULT_THRESHOLDS, webhookUrl: null };

const COLUMNS = {
  enabled: alertSettings.enabled,
  minSelfDelta: alertSettings.minSelfDelta,
  minTotalDelta: alertSettings.minTotalDelta,
  minRatio: alertSettings.minRatio,
  minSamples: alertSettings.minSamples,
  topFunctions: alertSettings.topFunctions,
  webhookUrl: alertSettings.webhookUrl,
};

/** The stored row of a service (null: the defaults), or of the defaults themselves (serviceId null). */
export async function storedSettings(db: Database, serviceId: number | null): Promise<AlertSettings | null> {
  const [row] = await db
    .select(COLUMNS)
    .from(alertSettings)
    .where(serviceId === null ? isNull(alertSettings.service) : eq(alertSettings.service, serviceId));
  return row ?? null;
}

/** What applies to a service: its own row, else the defaults row, else the built-in defaults. */
export async function effectiveSettings(db: Database, serviceId: number): Promise<AlertSettings> {
  return (await storedSettings(db, serviceId)) ?? (await storedSettings(db, null)) ?? BUILT_IN_SETTINGS;
}

/** Every service's settings at once, for the cron: service id → settings (the defaults under `null`). */
export async function allSettings(db: Database): Promise<Map<number | null, AlertSettings>> {
  const rows = await db.select({ service: alertSettings.service, ...COLUMNS }).from(alertSettings);
  return new Map(rows.map(({ service, ...settings }) => [service, settings]));
}

export async function saveSettings(db: Database, serviceId: number | null, settings: AlertSettings): Promise<void> {
  await db
    .insert(alertSettings)
    .values({ service: serviceId, ...settings })
    .onConflictDoUpdate({ target: alertSettings.service, set: { ...settings, ts: sql`now()` } });
}

/** Removes a service's own settings (it follows the defaults again); false when it had none. */
export async function deleteSettings(db: Database, serviceId: number): Promise<boolean> {
  const rows = await db.delete(alertSettings).where(eq(alertSettings.service, serviceId)).returning({ id: alertSettings.id });
  return rows.length > 0;
}
