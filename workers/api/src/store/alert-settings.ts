// Regression-alert thresholds and webhook (alert_settings): a row per service that overrides them, the
// row with service NULL as everyone's default, built-in defaults (core/src/regression.ts) under both.
// Each row with a webhook has its signing secret, sealed with SESSION_SECRET like the UI's agent key.
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../../core/src/regression";
import { seal, unseal } from "../../../core/src/sealed";
import { alertSettings } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface AlertSettings extends Thresholds {
  webhookUrl: string | null;
}

/** As the cron needs them: with the webhook's sealed signing secret. */
export interface DeliverySettings extends AlertSettings {
  webhookSecret: string | null;
}

export const BUILT_IN_SETTINGS: AlertSettings = { ...DEFAULT_THRESHOLDS, webhookUrl: null };

const PURPOSE = "alert-webhook-secret";
export const sealWebhookSecret = (secret: string, sessionSecret: string) => seal(secret, sessionSecret, PURPOSE);
/** null when sealed under another SESSION_SECRET: the webhook's secret must be rotated. */
export const unsealWebhookSecret = (sealed: string, sessionSecret: string) => unseal(sealed, sessionSecret, PURPOSE);

const COLUMNS = {
  enabled: alertSettings.enabled,
  minSelfDelta: alertSettings.minSelfDelta,
  minTotalDelta: alertSettings.minTotalDelta,
  minRatio: alertSettings.minRatio,
  minSamples: alertSettings.minSamples,
  topFunctions: alertSettings.topFunctions,
  webhookUrl: alertSettings.webhookUrl,
};

const sameRow = (serviceId: number | null) =>
  serviceId === null ? isNull(alertSettings.service) : eq(alertSettings.service, serviceId);

/** The stored row of a service (null: the defaults), or of the defaults themselves (serviceId null). */
export async function storedSettings(db: Database, serviceId: number | null): Promise<AlertSettings | null> {
  const [row] = await db.select(COLUMNS).from(alertSettings).where(sameRow(serviceId));
  return row ?? null;
}

/** What applies to a service: its own row, else the defaults row, else the built-in defaults. */
export async function effectiveSettings(db: Database, serviceId: number): Promise<AlertSettings> {
  return (await storedSettings(db, serviceId)) ?? (await storedSettings(db, null)) ?? BUILT_IN_SETTINGS;
}

/** Every service's settings at once, for the cron: service id → settings (the defaults under `null`). */
export async function allSettings(db: Database): Promise<Map<number | null, DeliverySettings>> {
  const rows = await db
    .select({ service: alertSettings.service, ...COLUMNS, webhookSecret: alertSettings.webhookSecret })
    .from(alertSettings);
  return new Map(rows.map(({ service, ...settings }) => [service, settings]));
}

/**
 * Saves the settings. The webhook keeps its secret while its URL stays the same; a new URL gets
 * `newSecret` (sealed), no URL none. True when `newSecret` was stored: the admin must be shown it.
 */
export async function saveSettings(
  db: Database,
  serviceId: number | null,
  settings: AlertSettings,
  newSecret: string,
): Promise<boolean> {
  const secret = settings.webhookUrl === null ? null : newSecret;
  const [row] = await db
    .insert(alertSettings)
    .values({ service: serviceId, ...settings, webhookSecret: secret })
    .onConflictDoUpdate({
      target: alertSettings.service,
      set: {
        ...settings,
        // in ON CONFLICT, the table's columns are the stored row's, `excluded` the new one
        webhookSecret: sql`CASE WHEN ${alertSettings.webhookUrl} IS NOT DISTINCT FROM excluded.webhook_url
          AND ${alertSettings.webhookSecret} IS NOT NULL THEN ${alertSettings.webhookSecret} ELSE excluded.webhook_secret END`,
        ts: sql`now()`,
      },
    })
    .returning({ webhookSecret: alertSettings.webhookSecret });
  return secret !== null && row.webhookSecret === secret;
}

/** Replaces the signing secret of a row with a webhook; false when there is no such row. */
export async function rotateSecret(db: Database, serviceId: number | null, newSecret: string): Promise<boolean> {
  const rows = await db
    .update(alertSettings)
    .set({ webhookSecret: newSecret, ts: sql`now()` })
    .where(and(sameRow(serviceId), isNotNull(alertSettings.webhookUrl)))
    .returning({ id: alertSettings.id });
  return rows.length > 0;
}

/** Removes a service's own settings (it follows the defaults again); false when it had none. */
export async function deleteSettings(db: Database, serviceId: number): Promise<boolean> {
  const rows = await db.delete(alertSettings).where(eq(alertSettings.service, serviceId)).returning({ id: alertSettings.id });
  return rows.length > 0;
}
