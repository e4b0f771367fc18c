// The admin's view of users (routes/users.ts): list, create, reset a password, grant or take admin, delete.
// Changes that could leave no admin run in one transaction holding the admin rows' locks, so two
// concurrent demotions cannot both succeed.
import { asc, eq, sql } from "drizzle-orm";
import { users, userSessions } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface UserAccount {
  id: number;
  username: string;
  isAdmin: boolean;
  createdAt: Date | null;
  /** Browser sessions not yet expired. */
  sessions: number;
}

const ACCOUNT = {
  id: users.id,
  username: users.username,
  isAdmin: users.isAdmin,
  createdAt: users.ts,
  // Written out qualified: drizzle leaves columns of a one-table select unqualified, and in the subquery
  // a bare "id" would be user_sessions.id.
  sessions: sql<number>`(select count(*)::int from user_sessions s where s."user" = users.id and s.expires_at > now())`,
};

export const listAccounts = (db: Database): Promise<UserAccount[]> =>
  db.select(ACCOUNT).from(users).orderBy(asc(users.username));

export async function findAccount(db: Database, id: number): Promise<UserAccount | null> {
  const [row] = await db.select(ACCOUNT).from(users).where(eq(users.id, id));
  return row ?? null;
}

/** The new user's id, or null when the name is taken. */
export async function createAccount(
  db: Database,
  account: { username: string; passwordHash: string; isAdmin: boolean },
): Promise<number | null> {
  const [row] = await db.insert(users).values(account).onConflictDoNothing().returning({ id: users.id });
  return row?.id ?? null;
}

/** Sets the password and ends the user's sessions; false when there is no such user. */
export async function resetPassword(db: Database, id: number, passwordHash: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    await tx.delete(userSessions).where(eq(userSessions.user, id));
    return rows.length > 0;
  });
}

export type AdminChange = "done" | "missing" | "last-admin";

/** Grants or takes admin; never takes it from the last admin. */
export function setAdmin(db: Database, id: number, isAdmin: boolean): Promise<AdminChange> {
  return changeKeepingAnAdmin(db, id, isAdmin, async (tx) => {
    await tx.update(users).set({ isAdmin }).where(eq(users.id, id));
  });
}

/** Deletes the user (their sessions and personal tokens go with them); never the last admin. */
export function deleteAccount(db: Database, id: number): Promise<AdminChange> {
  return changeKeepingAnAdmin(db, id, false, async (tx) => {
    await tx.delete(users).where(eq(users.id, id));
  });
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

async function changeKeepingAnAdmin(
  db: Database,
  id: number,
  staysAdmin: boolean,
  change: (tx: Tx) => Promise<void>,
): Promise<AdminChange> {
  return db.transaction(async (tx) => {
    const admins = await tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).for("update");
    const [target] = await tx.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, id));
    if (!target) return "missing";
    if (target.isAdmin && !staysAdmin && admins.length <= 1) return "last-admin";
    await change(tx);
    return "done";
  });
}
