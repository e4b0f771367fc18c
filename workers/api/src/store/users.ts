// Users, their browser sessions and personal access tokens (Postgres). Secrets are looked up by their
// SHA-256 only; callers hash before calling.
import { and, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { users, userSessions, userTokens } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface StoredUser {
  id: number;
  username: string;
  isAdmin: boolean;
}

const USER_COLUMNS = { id: users.id, username: users.username, isAdmin: users.isAdmin };

export async function findUserByName(db: Database, username: string) {
  const [row] = await db
    .select({ ...USER_COLUMNS, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, username));
  return row ?? null;
}

export async function findUserById(db: Database, id: number) {
  const [row] = await db
    .select({ ...USER_COLUMNS, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, id));
  return row ?? null;
}

/**
 * The user Cloudflare Access vouched for, created on first sight with a password hash that never
 * verifies (such users log in only through Access).
 */
export async function accessUser(db: Database, email: string): Promise<StoredUser> {
  await db.insert(users).values({ username: email, passwordHash: "access" }).onConflictDoNothing();
  const [row] = await db.select(USER_COLUMNS).from(users).where(eq(users.username, email));
  return row;
}

export async function setPassword(db: Database, userId: number, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function createSession(db: Database, userId: number, tokenHash: string, expiresAt: Date) {
  await db.transaction(async (tx) => {
    // Expired sessions of this user go when a new one starts, so the table cannot grow without bound.
    await tx
      .delete(userSessions)
      .where(and(eq(userSessions.user, userId), lte(userSessions.expiresAt, sql`now()`)));
    await tx.insert(userSessions).values({ user: userId, tokenHash, expiresAt });
  });
}

export async function findSessionUser(db: Database, tokenHash: string): Promise<StoredUser | null> {
  const [row] = await db
    .select(USER_COLUMNS)
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.user))
    .where(and(eq(userSessions.tokenHash, tokenHash), gt(userSessions.expiresAt, sql`now()`)));
  return row ?? null;
}

/** Sessions past their expiry (the cron's housekeeping; login also drops the user's own). */
export async function deleteExpiredSessions(db: Database): Promise<number> {
  const rows = await db
    .delete(userSessions)
    .where(lte(userSessions.expiresAt, sql`now()`))
    .returning({ id: userSessions.id });
  return rows.length;
}

export async function deleteSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(userSessions).where(eq(userSessions.tokenHash, tokenHash));
}

/** Ends every session of the user but the one with keepHash (after a password change). */
export async function deleteOtherSessions(
  db: Database,
  userId: number,
  keepHash: string | null,
): Promise<void> {
  const others = keepHash === null ? undefined : sql`${userSessions.tokenHash} <> ${keepHash}`;
  await db.delete(userSessions).where(and(eq(userSessions.user, userId), others));
}

/** The owner of an unexpired personal token, marking it used. */
export async function findTokenUser(db: Database, tokenHash: string): Promise<StoredUser | null> {
  const [token] = await db
    .update(userTokens)
    .set({ lastUsed: sql`now()` })
    .where(
      and(
        eq(userTokens.tokenHash, tokenHash),
        or(isNull(userTokens.expiresAt), gt(userTokens.expiresAt, sql`now()`)),
      ),
    )
    .returning({ user: userTokens.user });
  if (!token) return null;
  const [row] = await db.select(USER_COLUMNS).from(users).where(eq(users.id, token.user));
  return row ?? null;
}

export interface PersonalTokenInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date | null;
  lastUsed: Date | null;
  expiresAt: Date | null;
}

const TOKEN_INFO = {
  id: userTokens.id,
  name: userTokens.name,
  prefix: userTokens.tokenPrefix,
  createdAt: userTokens.ts,
  lastUsed: userTokens.lastUsed,
  expiresAt: userTokens.expiresAt,
};

export function listTokens(db: Database, userId: number): Promise<PersonalTokenInfo[]> {
  return db
    .select(TOKEN_INFO)
    .from(userTokens)
    .where(eq(userTokens.user, userId))
    .orderBy(desc(userTokens.id));
}

export async function createToken(
  db: Database,
  token: { user: number; name: string; tokenHash: string; tokenPrefix: string; expiresAt: Date | null },
): Promise<PersonalTokenInfo> {
  const [row] = await db.insert(userTokens).values(token).returning(TOKEN_INFO);
  return row;
}

/** Deletes the user's own token; false when there is no such token of theirs. */
export async function deleteToken(db: Database, userId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(userTokens)
    .where(and(eq(userTokens.id, id), eq(userTokens.user, userId)))
    .returning({ id: userTokens.id });
  return rows.length > 0;
}
