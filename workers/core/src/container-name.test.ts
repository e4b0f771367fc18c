import { describe, expect, it } from "vitest";
import { containerAndK8sName, isGoAtoi, stripPodName } from "./container-name";

describe("containerAndK8sName (§2.7)", () => {
  it.each([
    [
      "k8s_nginx_nginx-deployment-66b6c48dd5-abcde_default_0f1e2d3c-aaaa-bbbb-cccc-6666_0",
      "nginx_nginx-deployment_default",
      "nginx-deployment_default",
      "k8s",
    ],
    [
      "k8s_POD_kube-proxy-x7k2p_kube-system_uid_0",
      "POD_kube-proxy_kube-system",
      "kube-proxy_kube-system",
      "k8s",
    ],
    ["k8s_c_flink-taskmanager-1_ns_u_0", "c_flink_ns", "flink_ns", "k8s"],
    ["k8s_web_123-abc-web_ns_uid_0", "web_abc-web_ns", "abc-web_ns", "k8s"],
    ["k8s_web_web-7d9f8b6c5d-xk2lp_prod_0f1e2d3c_0", "web_web_prod", "web_prod", "k8s"],
    ["k8s_a_b_c", "k8s_a_b_c", "", ""],
    ["ecs-myfamily-12-mycontainer-e4a5b6c7d8e9f0", "mycontainer_myfamily", "myfamily", "ecs"],
    ["ecs-my-task-family-3-web-app-aabbccdd", "web-app_my-task-family", "my-task-family", "ecs"],
    ["ecs-foo", "ecs-foo", "foo", "ecs"],
    ["ecs-foo-bar-baz", "bar_", "", "ecs"],
    ["ecs-5-web-abc", "web_", "", "ecs"],
    ["gprofiler-ps-webapp", "gprofiler-ps-webapp", "", ""],
    ["", "", "", ""],
  ])("%j → (%j, %j)", (raw, containerName, k8sName, kind) => {
    expect(containerAndK8sName(raw)).toEqual({ containerName, k8sName, kind });
  });
});

describe("stripPodName (§2.7)", () => {
  it.each([
    ["my-app-7d9f8b6c5d-xk2lp", "my-app"],
    ["coredns-5d78c9869d-8rq4p", "coredns"],
    ["redis-0", "redis"],
    ["a-b", "a"],
    ["single", "single"],
    ["abc-123", "abc"],
    ["web-decade-1", "web-decade"],
    ["web-facade1-x", "web"],
    ["deadbeef-api-1234", "api"],
    ["api-deadbeef-x", "api"],
    ["x--y", "x-"],
    ["flinkjob-1", "flink"],
    ["kube-proxy-abc", "kube-proxy"],
    ["123-456", "123-456"],
  ])("%j → %j", (name, expected) => {
    expect(stripPodName(name)).toBe(expected);
  });
});

describe("isGoAtoi", () => {
  it.each([
    ["12", true],
    ["+4", true],
    ["-3", true],
    ["007", true],
    ["9223372036854775807", true],
    ["9223372036854775808", false],
    ["-9223372036854775808", true],
    ["", false],
    ["+", false],
    ["1.5", false],
    ["1_0", false],
    [" 1", false],
    ["0x1", false],
  ])("%j → %s", (text, expected) => {
    expect(isGoAtoi(text)).toBe(expected);
  });
});
