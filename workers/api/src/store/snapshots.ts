// Minesweeper snapshots: a time window, an optional filter and the frames a user marked (ProfilerSnapshots,
// MinesweeperFrames; backend-api.md §4.8). Written in one transaction, so a failure leaves no orphan row.
import { and, asc, eq } from "drizzle-orm";
import { minesweeperFrames, profilerSnapshots } from "../../../../migrations/schema";
import type { Database } from "../../../shared/src/postgres";

export interface SnapshotFrame {
  level: number;
  start: number;
  duration: number;
}

export interface NewSnapshot {
  serviceId: number;
  startTime: Date;
  endTime: Date;
  frames: SnapshotFrame[];
  /** The stored `{"filter": ...}` document, or null. */
  filter: unknown;
}

/** Rows per INSERT statement, under Postgres' 65,535 bind parameters (4 per frame). */
const FRAMES_PER_INSERT = 10_000;

export async function createSnapshot(db: Database, snapshot: NewSnapshot): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(profilerSnapshots)
      .values({
        service: snapshot.serviceId,
        startTime: snapshot.startTime,
        endTime: snapshot.endTime,
        filterContent: snapshot.filter,
      })
      .returning({ id: profilerSnapshots.id });
    for (let i = 0; i < snapshot.frames.length; i += FRAMES_PER_INSERT) {
      const chunk = snapshot.frames.slice(i, i + FRAMES_PER_INSERT);
      await tx.insert(minesweeperFrames).values(chunk.map((f) => ({ snapshot: row.id, ...f })));
    }
    return row.id;
  });
}

export async function getSnapshot(db: Database, id: number) {
  const [snapshot] = await db
    .select({
      id: profilerSnapshots.id,
      startTime: profilerSnapshots.startTime,
      endTime: profilerSnapshots.endTime,
      filter: profilerSnapshots.filterContent,
    })
    .from(profilerSnapshots)
    .where(and(eq(profilerSnapshots.id, id), eq(profilerSnapshots.hidden, false)));
  if (!snapshot) return null;
  const frames = await db
    .select({
      level: minesweeperFrames.level,
      start: minesweeperFrames.start,
      duration: minesweeperFrames.duration,
    })
    .from(minesweeperFrames)
    .where(eq(minesweeperFrames.snapshot, id))
    .orderBy(asc(minesweeperFrames.id));
  return { ...snapshot, frames };
}
