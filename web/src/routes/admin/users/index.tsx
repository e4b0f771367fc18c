/**
 * `/admin/users`: who may sign in (admins only). Create a user, reset a password (their sessions end),
 * grant or take admin, delete. The api keeps at least one admin and refuses deleting yourself.
 */
import { $, component$, useSignal } from "@builder.io/qwik";
import type { DocumentHead } from "@builder.io/qwik-city";
import {
  createUser,
  deleteUser,
  fetchUsers,
  relativeTime,
  resetUserPassword,
  setUserAdmin,
  type UserAccount,
} from "../../../lib/accounts";
import { AdminPage, AdminTable, RowAction } from "../../../components/admin/admin-page";
import { useAdminList } from "../../../components/admin/use-admin-list";

export default component$(() => {
  const { rows: users, error, notice, now, act } = useAdminList<UserAccount>($(fetchUsers));
  const username = useSignal("");
  const password = useSignal("");
  const isAdmin = useSignal(false);
  const resetting = useSignal<number | null>(null);
  const newPassword = useSignal("");

  const at = new Date(now.value);
  return (
    <AdminPage
      name="users"
      title="Users"
      intro="Who may sign in to the studio. Admins also manage users and agent keys."
      error={error.value}
      notice={notice.value}
      loaded={users.value !== null}
    >
      <form
        q:slot="form"
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
      {users.value && (
        <AdminTable testId="users-table" columns={["Username", "Admin", "Created", { label: "Sessions", numeric: true }]}>
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
                    <RowAction onClick$={() => (resetting.value = null)}>Cancel</RowAction>
                  </form>
                ) : (
                  <RowAction testId="user-reset" onClick$={() => (resetting.value = u.id)}>
                    Reset password
                  </RowAction>
                )}
                <RowAction
                  testId="user-delete"
                  onClick$={() =>
                    confirm(`Delete the user ${u.username}?`) && act(() => deleteUser(u.id), `${u.username} deleted`)
                  }
                >
                  Delete
                </RowAction>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </AdminPage>
  );
});

export const head: DocumentHead = { title: "Users · Performance Studio" };
