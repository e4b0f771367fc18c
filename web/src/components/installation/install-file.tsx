/** One template file of an install method: fetched rendered from the api, shown, copyable and downloadable. */
import { component$, useSignal, useVisibleTask$ } from "@builder.io/qwik";
import { errorMessage, fetchInstallationFile, installationFileHref } from "../../lib/api-client";
import type { InstallFile } from "../../lib/install";
import { CodeBlock } from "../ui/copy-button";

export const InstallFileView = component$<{ file: InstallFile; service: string; namespace: string }>(
  (props) => {
    const state = useSignal<
      { kind: "loading" } | { kind: "ok"; text: string } | { kind: "error"; message: string }
    >({ kind: "loading" });

    useVisibleTask$(
      async ({ track, cleanup }) => {
        const type = track(() => props.file.type);
        const service = track(() => props.service);
        const namespace = track(() => props.namespace);
        const controller = new AbortController();
        cleanup(() => controller.abort());
        state.value = { kind: "loading" };
        try {
          const text = await fetchInstallationFile(
            type,
            service,
            type === "daemon_set" ? namespace : undefined,
            controller.signal,
          );
          state.value = { kind: "ok", text };
        } catch (err) {
          if (!controller.signal.aborted) state.value = { kind: "error", message: errorMessage(err) };
        }
      },
      { strategy: "document-ready" },
    );

    const href = installationFileHref(
      props.file.type,
      props.service,
      props.file.type === "daemon_set" ? props.namespace : undefined,
    );
    const s = state.value;
    return (
      <div class="install-file" data-testid={`install-file-${props.file.type}`}>
        <div class="install-file-head">
          <code>{props.file.filename}</code>
          <a class="btn small" href={href} download={props.file.filename}>
            Download
          </a>
        </div>
        {s.kind === "loading" ? (
          <p class="muted">Rendering the template…</p>
        ) : s.kind === "error" ? (
          <p class="form-error">The template is unavailable: {s.message}</p>
        ) : (
          <CodeBlock>{s.text}</CodeBlock>
        )}
      </div>
    );
  },
);
