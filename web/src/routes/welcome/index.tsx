/** `/welcome` (frontend-and-agent.md A.7): where to start. */
import { component$, useSignal } from "@builder.io/qwik";
import { Link, type DocumentHead } from "@builder.io/qwik-city";
import { Brand } from "../layout";

export default component$(() => {
  const explain = useSignal(false);
  return (
    <main class="page welcome" data-testid="welcome">
      <div class="welcome-hero">
        <h1>
          <Brand />
        </h1>
        <p>
          Continuous profiling for every process on your hosts: see which functions burn CPU in production,
          across Python, Java, Go, native code and the kernel, with no code changes.
        </p>
      </div>
      <div class="cards">
        <Link class="card" href="/installation" data-testid="welcome-install">
          <h2>Start profiling</h2>
          <p>
            Get your API key and the one-line command for Docker, Kubernetes, ECS, Ansible or a plain binary.
          </p>
          <span class="card-action">Install the agent →</span>
        </Link>
        <Link class="card" href="/profiles">
          <h2>Explore your profiles</h2>
          <p>Flame graphs, a function table and CPU and memory over time, per service and time range.</p>
          <span class="card-action">Open profiles →</span>
        </Link>
        <button
          type="button"
          class="card"
          data-testid="welcome-explain"
          onClick$={() => (explain.value = true)}
        >
          <h2>What is code profiling?</h2>
          <p>Two minutes on sampling profilers and how to read a flame graph.</p>
          <span class="card-action">Read →</span>
        </button>
      </div>
      {explain.value && (
        <div class="modal-backdrop" onClick$={() => (explain.value = false)}>
          <div
            class="modal"
            role="dialog"
            aria-label="What is code profiling?"
            onClick$={(e) => e.stopPropagation()}
          >
            <h2>What is code profiling?</h2>
            <p>
              A sampling profiler interrupts each process about 11 times a second and records its call stack.
              Over a minute, the stacks that appear most often are where the CPU time goes.
            </p>
            <p>
              A flame graph stacks those samples: each box is a function, its width the share of samples in
              which it was on the stack, the boxes below it the functions it called. Wide boxes are where to
              look; a wide box with nothing below it is a function spending CPU itself.
            </p>
            <p>
              <a href="https://www.brendangregg.com/flamegraphs.html" target="_blank" rel="noreferrer">
                Flame graphs, by Brendan Gregg
              </a>{" "}
              ·{" "}
              <a href="https://docs.gprofiler.io/" target="_blank" rel="noreferrer">
                gProfiler documentation
              </a>
            </p>
            <button type="button" class="btn" onClick$={() => (explain.value = false)}>
              Close
            </button>
          </div>
        </div>
      )}
      <p class="muted">
        Learn more in the{" "}
        <a href="https://docs.gprofiler.io/" target="_blank" rel="noreferrer">
          documentation
        </a>
        .
      </p>
    </main>
  );
});

export const head: DocumentHead = { title: "Welcome · Performance Studio" };
