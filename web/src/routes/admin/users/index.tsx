/**
 * `/admin/users`: who may sign in (admins only). Create a user, reset a password (their sessions end),
 * grant or take admin, delete. The api keeps at least one admin and refuses deleting yourself.
 */
import { $, component$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import type { DocumentHead } from "@builder.io/qwik-city";
import { errorMessage } from "../../../lib/api-client";
import {
  createUser,
  deleteUser,
  fetchUsers,
  relativeTime,
  resetUserPassword,
  setUserAdmin,
  type UserAccount,
} from "../../../lib/accounts";

export default component$(() => {
  const users = useSignal<UserAccount[] | null>(null);
  const error = useSignal("");
  const notice = useSignal("");
  const username = useSignal("");
  const password = useSignal("");
  const isAdmin = useSignal(false);
  const resetting = useSignal<number | null>(null);
  const newPassword = useSignal("");
  const now = useSignal(new Date().toISOString());

  const reload = $(async () => {
    try {
      users.value = await fetchUsers();
      now.value = new Date().toISOString();
    } catch (err) {
      error.value = errorMessage(err);
    }
  });
  useVisibleTask$(() => reload());

  const act = $(async (step: () => Promise<unknown>, done: string) => {
    error.value = notice.value = "";
    try {
      await step();
      notice.value = done;
    } catch (err) {
      error.value = errorMessage(err);
    }
    await reload();
  });

  const at = new Date(now.value);
  return (
    <main class="page" data-testid="users-page">
      <div class="page-head">
        <h1>Users</h1>
        <span class="muted">Who may sign in to the studio. Admins also manage users and agent keys.</span>
      </div>
      <form
        class="admin-form"
        preventdefault:submit
        onSubmit$={() =>
          act(async () => {
            await createUser({
              username: username.value.trim(),
              password: password.value,
              isAdmin: isAdmin.value,
            });
            username.value = password.value = "";
            isAdmin.value = false;
          }, "User created")
        }
      >
        <label>
          Username
          <input type="text" required bind:value={username} data-testid="user-name" autoComplete="off" />
        </label>
        <label>
          Password (8+ characters)
          <input
            type="password"
            required
            minLength={8}
            bind:value={password}
            data-testid="user-password"
            autoComplete="new-password"
          />
        </label>
        <label class="check">
          <input type="checkbox" bind:checked={isAdmin} data-testid="user-admin" />
          <span>Admin</span>
        </label>
        <button type="submit" class="btn primary" data-testid="user-create">
          Create user
        </button>
      </form>
      {error.value && (
        <p class="form-error" data-testid="users-error">
          {error.value}
        </p>
      )}
      {notice.value && (
        <p class="note" data-testid="users-notice">
          {notice.value}
        </p>
      )}
      {users.value === null ? (
        !error.value && <p class="muted">Loading…</p>
      ) : (
        <div class="table-scroll">
          <table class="grid-table admin-table" data-testid="users-table">
            <thead>
              <tr>
                <th>Username</th>
                <th>Admin</th>
                <th>Created</th>
                <th class="numeric">Sessions</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.value.map((u) => (
                <tr key={u.id} data-user={u.username}>
                  <td>{u.username}</td>
                  <td>
                    <input
                      type="checkbox"
                      checked={u.isAdmin}
                      data-testid="user-admin-toggle"
                      aria-label={`${u.username} is admin`}
                      onChange$={(_, el) =>
                        act(
                          () => setUserAdmin(u.id, el.checked),
                          `${u.username} ${el.checked ? "is now" : "is no longer"} admin`,
                        )
                      }
                    />
                  </td>
                  <td title={u.createdAt ?? ""}>{relativeTime(u.createdAt, at, "—")}</td>
                  <td class="numeric">{u.sessions}</td>
                  <td class="row-actions">
                    {resetting.value === u.id ? (
                      <form
                        class="row-actions"
                        preventdefault:submit
                        onSubmit$={() =>
                          act(async () => {
                            await resetUserPassword(u.id, newPassword.value);
                            resetting.value = null;
                            newPassword.value = "";
                          }, `Password of ${u.username} reset; their sessions ended`)
                        }
                      >
                        <input
                          type="password"
                          required
                          minLength={8}
                          bind:value={newPassword}
                          placeholder="New password"
                          data-testid="user-new-password"
                          autoComplete="new-password"
                        />
                        <button type="submit" class="btn small primary">
                          Save
                        </button>
                        <button type="button" class="btn small" onClick$={() => (resetting.value = null)}>
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <button
                        type="button"
                        class="btn small"
                        data-testid="user-reset"
                        onClick$={() => (resetting.value = u.id)}
                      >
                        Reset password
                      </button>
                    )}
                    <button
                      type="button"
                      class="btn small"
                      data-testid="user-delete"
                      onClick$={() =>
                        confirm(`Delete the user ${u.username}?`) &&
                        act(() => deleteUser(u.id), `${u.username} deleted`)
                      }
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
});

export const head: DocumentHead = { title: "Users · Performance Studio" };
