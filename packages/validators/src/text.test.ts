import { describe, expect, it } from "vitest";
import { createOrganizationInput, jsonObject, text, url } from "./index.ts";
import {
  findJsonProblem,
  findUrlEncodingProblem,
  isSafeText,
  jsonTextNestsDeeperThan,
  MAX_JSON_DEPTH,
} from "./text.ts";

const nest = (levels: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

describe("safe text", () => {
  it("refuses NUL and unpaired surrogates, keeps every real character", () => {
    for (const bad of ["\u0000", "a\u0000b", "\uD800", "a\uDBFFb", "\uDC00", "\uDE00\uD83D"])
      expect(isSafeText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ["", "café", "\uD83D\uDE00", "日本語", "tab\tnew\nline", "\uFFFD"])
      expect(isSafeText(good), good).toBe(true);
  });

  it("is what text(), url() and jsonObject build on, with a message that says what to fix", () => {
    const issue = text().safeParse("a\u0000b").error?.issues[0];
    expect(issue?.message).toContain("NUL");
    expect(createOrganizationInput.safeParse({ name: "\uD800" }).error?.issues[0]).toMatchObject({
      path: ["name"],
      message: expect.stringContaining("surrogates") as unknown,
    });
    expect(jsonObject.safeParse({ a: { b: ["ok", "\u0000"] } }).error?.issues[0]).toMatchObject({
      path: ["a", "b", 1],
    });
    expect(jsonObject.safeParse({ "\uDFFF": 1 }).success).toBe(false);
    expect(jsonObject.safeParse(nest(MAX_JSON_DEPTH + 1)).success).toBe(false);
    expect(jsonObject.safeParse({ plan: "pro", nested: { list: [1, "two", null] } }).success).toBe(
      true,
    );
  });

  it("url() refuses whitespace and control characters the URL parser would silently drop", () => {
    for (const bad of [
      "https://a.example/cb\r\nSet-Cookie: x",
      "https://a.example/\tcb",
      "https://a.example/c b",
      " https://a.example",
      "https://a.example/\u0000",
    ]) {
      expect(url().safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(url().safeParse("https://a.example/cb?x=%0D%0A").success).toBe(true);
  });
});

describe("findJsonProblem", () => {
  it("walks any depth without recursion and reports the first problem's path", () => {
    expect(findJsonProblem(nest(100_000))?.message).toContain(`at most ${MAX_JSON_DEPTH} levels`);
    expect(findJsonProblem(nest(MAX_JSON_DEPTH))).toBeNull();
    expect(findJsonProblem({ a: [{ "b\u0000": 1 }] })?.path).toEqual(["a", 0, "b\u0000"]);
    expect(findJsonProblem("\uD800")?.path).toEqual([]);
    expect(findJsonProblem({ a: 1, b: [true, null, "ok"] })).toBeNull();
  });
});

describe("jsonTextNestsDeeperThan", () => {
  it("counts brackets outside strings only", () => {
    expect(jsonTextNestsDeeperThan("[".repeat(65) + "]".repeat(65), 64)).toBe(true);
    expect(jsonTextNestsDeeperThan("[".repeat(64) + "]".repeat(64), 64)).toBe(false);
    expect(jsonTextNestsDeeperThan(JSON.stringify({ s: '[[[[[[[[[[\\"{{{{{{{{{' }), 2)).toBe(false);
  });
});

describe("findUrlEncodingProblem", () => {
  it("finds malformed escapes, escapes that are not UTF-8, and NUL", () => {
    expect(findUrlEncodingProblem("/a/%ZZ")).toContain("`%ZZ`");
    expect(findUrlEncodingProblem("/a?q=%")).toContain("malformed");
    expect(findUrlEncodingProblem("/a?q=%E2%82")).toContain("not valid UTF-8");
    expect(findUrlEncodingProblem("/a/%ED%A0%80")).toContain("not valid UTF-8");
    expect(findUrlEncodingProblem("/a?q=%00")).toContain("NUL");
  });

  it("accepts well-formed targets", () => {
    for (const ok of [
      "/",
      "/a/b?c=d&e=%C3%A9",
      "/x?a=%0D%0A",
      "/x?l=100%25",
      "/x?q=a+b",
      "/x/%F0%9F%98%80",
      "http://h:1/p?q=%2F",
    ])
      expect(findUrlEncodingProblem(ok), ok).toBeNull();
  });
});
