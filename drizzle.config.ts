import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./migrations/schema.ts",
  out: "./migrations/sql",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://studio:studio@127.0.0.1:5432/studio" },
});
