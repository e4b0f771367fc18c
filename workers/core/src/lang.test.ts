import { describe, expect, it } from "vitest";
import { identifyFrameLanguage, truncatedNameAndSuffix } from "./lang";

describe("identifyFrameLanguage (§4.7)", () => {
  it.each([
    ["java/lang/Thread.run_[j]", "Java", ""],
    ["foo_[i]", "Java", "Java (inl)"],
    ["foo_[1]", "Java", "Java (C1)"],
    ["foo_[0]", "Java", "Java (interpreted)"],
    ["foo_[j]_[s]", "Other", ""],
    ["x_[p]", "Python", ""],
    ["x_[pe]", "Python", ""],
    ["mod.fn (/a/b.py)", "Python", ""],
    ["<decorator-gen-12>", "Python", ""],
    ["x_[php]", "PHP", ""],
    ["x_[rb]", "Ruby", ""],
    ["LazyCompile:*foo", "Node", ""],
    ["InterpretedFunction:bar", "Node", ""],
    ["std::vector<int>::push_back", "C++", ""],
    ["foo::bar_[k]", "C++", ""],
    ["do_syscall_64_[k]", "Kernel", ""],
    ["x_[net]", ".NET", ""],
    ["x_[pn]", "Other", ""],
    ["[libc.so]", "Other", ""],
    ["(/usr/lib/libc.so.6)", "Go?", ""],
    ["runtime.goexit.abi0", "Go", ""],
    ["runtime/internal/x.y", "Go", ""],
    ["net/http.(*conn).serve", "Go?", ""],
    ["main.main", "Go?", ""],
    ["a.b", "Go?", ""],
    ["3.10", "Go?", ""],
    ["appid: gunicorn: app (/usr/src/app/x.py)", "Python", ""],
    ["appid: java: foo", "Other", "Appid"],
    ["plain", "Other", ""],
    ["[unknown]", "Other", ""],
    ["__strncasecmp_avx", "Other", ""],
  ])("%j → %s %j", (name, language, specialType) => {
    expect(identifyFrameLanguage(name)).toEqual({ language, specialType });
  });
});

describe("truncatedNameAndSuffix (§5.3)", () => {
  it.each([
    ["test_func_[j]", "Java", "test_func", "_[j]"],
    ["test_func_[j]_[s]", "Java", "test_func", "_[j]_[s]"],
    ["test_func_[i]", "Java", "test_func", "_[i]"],
    ["test_func_[i]_[s]", "Java", "test_func", "_[i]_[s]"],
    ["test_func_[0]", "Java", "test_func", "_[0]"],
    ["test_func_[0]_[s]", "Java", "test_func", "_[0]_[s]"],
    ["test_func_[1]", "Java", "test_func", "_[1]"],
    ["test_func_[1]_[s]", "Java", "test_func", "_[1]_[s]"],
    ["test_func_[p]", "Java", "test_func", "_[p]"],
    ["test_func_[pe]", "Java", "test_func", "_[pe]"],
    ["test_func_[k]", "Java", "test_func", "_[k]"],
    ["test_func_[php]", "Java", "test_func", "_[php]"],
    ["test_func_[pn]", "Java", "test_func", "_[pn]"],
    ["test_func_[rb]", "Java", "test_func", "_[rb]"],
    ["test_func_[net]", "Java", "test_func", "_[net]"],
    ["test_func_[rb]", "C++", "test_func_[rb]", ""],
    ["test_func_[rb]", "Go", "test_func_[rb]", ""],
    ["test_func_[rb]", "Node", "test_func_[rb]", ""],
    ["test_func", "Java", "test_func", ""],
    ["test_func_", "Java", "test_func_", ""],
    ["test_func_[test]", "Java", "test_func_[test]", ""],
    ["test_func_[k]", "", "test_func", "_[k]"],
    ["test_func_[k]", "Go?", "test_func", "_[k]"],
  ] as const)("%j as %j → %j %j", (raw, language, name, suffix) => {
    expect(truncatedNameAndSuffix(raw, language)).toEqual({ name, suffix });
  });
});
