import { describe, expect, test } from "vitest";
import { renderTemplate, templatePlaceholders } from "./installation-template";

const HOSTILE = [
  `"; rm -rf / #`,
  "a\nkind: Secret\nmetadata: {}",
  "x' || true; echo '",
  "$(reboot)`id`${HOME}",
  "{{ lookup('pipe', 'id') }}",
  "\u2028\u0085\ufeff\ud800",
  "emoji 🔥",
];

describe("renderTemplate", () => {
  test("YAML/JSON values are one double-quoted scalar that parses back to the value", () => {
    for (const value of HOSTILE) {
      const out = renderTemplate("name: %{v|yaml}\n", { v: value });
      expect(out.split("\n")).toHaveLength(2);
      const scalar = out.slice("name: ".length, -1);
      expect(scalar).toMatch(/^"[\x20-\x7e]*"$/);
      expect(JSON.parse(scalar)).toBe(value);
      expect(JSON.parse(renderTemplate('{"v": %{v|json}}', { v: value }))).toEqual({ v: value });
    }
  });

  test("Compose values keep `$` literal ($$), shell words are single-quoted", () => {
    expect(renderTemplate("%{v|compose}", { v: "a$HOME${X}" })).toBe(JSON.stringify("a$$HOME$${X}"));
    expect(renderTemplate("echo %{v|sh}", { v: "it's $(x)" })).toBe(`echo 'it'\\''s $(x)'`);
  });

  test("leaves other template syntax alone and refuses unknown names or escapings", () => {
    expect(renderTemplate("{{ ansible_architecture }} ${VAR} %{v|yaml}", { v: "x" })).toBe(
      '{{ ansible_architecture }} ${VAR} "x"',
    );
    expect(() => renderTemplate("%{nope|yaml}", {})).toThrow(/no value for nope/);
    expect(() => renderTemplate("%{v|raw}", { v: "x" })).toThrow(/unknown escaping raw/);
    expect(() => renderTemplate("%{constructor|yaml}", {})).toThrow(/no value/);
    expect(templatePlaceholders("%{a|yaml} %{ b | sh }")).toEqual(["a|yaml", "b|sh"]);
  });
});
