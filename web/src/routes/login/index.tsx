/**
 * `/login` (the original routed none; its nginx asked for basic auth): username and password posted to
 * the api's login route, which sets the session cookie; then back to the page that sent us here (`next`).
 */
import { component$, useSignal } from "@builder.io/qwik";
import { useLocation, type DocumentHead } from "@builder.io/qwik-city";
import { ApiError, errorMessage, login, safeNext } from "../../lib/api-client";
import { Brand } from "../layout";

export default component$(() => {
  const loc = useLocation();
  const error = useSignal("");
  const busy = useSignal(false);

  return (
    <main class="login-page">
      <form
        class="login-card"
        preventdefault:submit
        data-testid="login-form"
        onSubmit$={async (_, form) => {
          // Read the fields themselves: browser autofill does not always fire input events.
          const data = new FormData(form);
          busy.value = true;
          error.value = "";
          try {
            await login(String(data.get("username") ?? ""), String(data.get("password") ?? ""));
            window.location.assign(safeNext(loc.url.searchParams.get("next")));
          } catch (err) {
            error.value =
              err instanceof ApiError && err.status === 404
                ? "Login is not available: the api has no /api/auth/login route"
                : err instanceof ApiError && err.status === 401
                  ? "Invalid username or password"
                  : errorMessage(err);
            busy.value = false;
          }
        }}
      >
        <h1>
          <Brand />
        </h1>
        <p class="muted">Sign in to see your services' profiles.</p>
        <label class="stack">
          <span>Username</span>
          <input
            type="text"
            name="username"
            autocomplete="username"
            required
            autofocus
            data-testid="login-username"
          />
        </label>
        <label class="stack">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            data-testid="login-password"
          />
        </label>
        {error.value && (
          <p class="form-error" role="alert" data-testid="login-error">
            {error.value}
          </p>
        )}
        <button type="submit" class="btn primary wide" disabled={busy.value} data-testid="login-submit">
          {busy.value ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
});

export const head: DocumentHead = { title: "Sign in · Performance Studio" };
