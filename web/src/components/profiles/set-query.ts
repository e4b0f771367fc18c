import type { QRL } from "@builder.io/qwik";
import type { ProfilesQuery } from "../../lib/profiles-query";

/** How a control changes the profiles page state: `push` adds a history entry, `replace` edits this one. */
export type SetQuery = QRL<(fields: Partial<ProfilesQuery>, mode?: "push" | "replace") => Promise<void>>;
