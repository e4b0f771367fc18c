import { expect, test } from "vitest";
import {
  INSTALL_METHODS,
  installSteps,
  normalizeHost,
  serviceNameProblems,
  type InstallOptions,
} from "./install";

const options: InstallOptions = {
  apiKey: "tok_ABC-123",
  service: "my-service",
  host: "https://agents.example.com",
  noVerify: true,
  namespace: "granulate",
};

test("the Docker command is the original's, with key, service and host filled in", () => {
  const [step] = installSteps("docker", options);
  expect(step.code).toBe(
    "docker pull granulate/gprofiler:latest\n" +
      "docker run --name granulate-gprofiler --restart=always -d --pid=host --userns=host --privileged " +
      'granulate/gprofiler:latest -cu --token="tok_ABC-123" --service-name="my-service" ' +
      '--server-host "https://agents.example.com" --glogger-server "https://agents.example.com" --no-verify',
  );
  expect(installSteps("docker", { ...options, noVerify: false })[0].code).not.toContain("--no-verify");
});

test("every method carries the key and service, in its command or in the api's rendered file", () => {
  for (const { id } of INSTALL_METHODS) {
    const steps = installSteps(id, options);
    expect(steps.length).toBeGreaterThan(0);
    const text = steps.map((s) => s.code ?? "").join("\n");
    const hasFile = steps.some((s) => s.file);
    if (!hasFile || id === "helm" || id === "ansible") {
      expect(text, id).toContain("tok_ABC-123");
      expect(text, id).toContain("my-service");
    }
  }
  expect(installSteps("k8s", options)[0].file).toEqual({
    type: "daemon_set",
    filename: "gprofilerDaemonSet.yml",
  });
});

test("the command line uses single quotes inside sh -c", () => {
  const [step] = installSteps("binary", options);
  expect(step.code).toContain(
    `sh -c "setsid ./gprofiler -cu --token='tok_ABC-123' --service-name='my-service' --server-host 'https://agents.example.com'`,
  );
});

test("service names: what the ingest keeps", () => {
  expect(serviceNameProblems("my-service.v2_x")).toEqual([]);
  expect(serviceNameProblems("")).toEqual(["Enter a service name"]);
  expect(serviceNameProblems("-x")).toEqual(["Must start with a letter or a digit"]);
  expect(serviceNameProblems('a b"')).toEqual(["Only letters, digits, '_', '.' and '-'"]);
});

test("hosts must be http(s) URLs without shell syntax", () => {
  expect(normalizeHost(" https://agents.example.com/ ")).toBe("https://agents.example.com");
  expect(normalizeHost("http://127.0.0.1:8787")).toBe("http://127.0.0.1:8787");
  for (const bad of ["agents.example.com", 'https://a.com"; rm -rf /', "https://$(id).com", "ftp://x"]) {
    expect(normalizeHost(bad)).toBeNull();
  }
});
