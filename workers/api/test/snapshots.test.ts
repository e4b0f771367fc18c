// Minesweeper snapshots (backend-api.md §4.8) against the real Postgres.
import { describe, expect, test } from "vitest";
import { get, send } from "./helpers";
import { createService } from "./seed";

const FRAMES = [
  { level: 0, start: 0, duration: 100 },
  { level: 3, start: 10, duration: 5 },
];

describe("snapshots", () => {
  test("POST answers 201 with the id; GET returns window, frames and filter", async () => {
    const { name } = await createService();
    const filter = { id: "", filter: { $and: [{ HostName: { $eq: "h1" } }] } };
    const res = await send("POST", "/api/snapshots", {
      serviceName: name,
      startTime: "2024-11-18T10:00:00.000Z",
      endTime: "2024-11-18T11:00:00.000Z",
      frames: FRAMES,
      filter,
    });
    expect(res.status).toBe(201);
    const id = await res.json();
    expect(await (await get(`/api/snapshots/${id}`)).json()).toEqual({
      id,
      startTime: "2024-11-18T10:00:00+00:00",
      endTime: "2024-11-18T11:00:00+00:00",
      frames: FRAMES,
      filter: { filter: filter.filter },
    });
  });

  test("accepts snake_case keys and no filter", async () => {
    const { name } = await createService();
    const res = await send("POST", "/api/snapshots", {
      service_name: name,
      start_time: "2024-11-18T10:00:00",
      end_time: "2024-11-18T10:30:00",
      frames: FRAMES,
    });
    const id = await res.json();
    expect(await (await get(`/api/snapshots/${id}`)).json()).toMatchObject({ filter: null, frames: FRAMES });
  });

  test("bad bodies are 400, unknown services 406, missing snapshots 404 (the original: 500s and nulls, §10.16)", async () => {
    const { name } = await createService();
    const base = {
      serviceName: name,
      startTime: "2024-11-18T10:00:00Z",
      endTime: "2024-11-18T11:00:00Z",
      frames: FRAMES,
    };
    const bad = [
      { ...base, frames: [] },
      { ...base, frames: [{ level: -1, start: 0, duration: 1 }] },
      { ...base, frames: [{ level: "0", start: 0, duration: 1 }] },
      { ...base, frames: "x" },
      { ...base, endTime: base.startTime },
      { ...base, startTime: "soon" },
      { ...base, serviceName: "" },
      { ...base, filter: { filter: { HostName: { $regex: "." } } } },
    ];
    for (const body of bad)
      expect((await send("POST", "/api/snapshots", body)).status, JSON.stringify(body)).toBe(400);
    expect((await send("POST", "/api/snapshots", { ...base, serviceName: "no-such-service" })).status).toBe(
      406,
    );
    expect((await get("/api/snapshots/999999999")).status).toBe(404);
    expect((await get("/api/snapshots/99999999999999999999")).status).toBe(404);
    expect((await get("/api/snapshots/abc")).status).toBe(404);
  });

  test("bodies over 4 MiB are refused before parsing", async () => {
    const { name } = await createService();
    const frames = Array.from({ length: 120_000 }, (_, i) => ({ level: i % 50, start: i, duration: 1 }));
    const res = await send("POST", "/api/snapshots", {
      serviceName: name,
      startTime: "2024-11-18T10:00:00Z",
      endTime: "2024-11-18T11:00:00Z",
      frames,
    });
    expect(res.status).toBe(413);
  });
});
