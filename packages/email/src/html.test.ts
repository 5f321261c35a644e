import { describe, expect, it } from "vitest";
import { escapeHtml, markup, unsafeRaw } from "./html.ts";
import { formatDateTimeUtc, joinAnd, readableTextColor } from "./templates/format.ts";

describe("html", () => {
  it("escapes the five significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });

  it("escapes interpolated strings, keeps safe markup, flattens lists, drops empty values", () => {
    const inner = markup`<b>${"<i>"}</b>`;
    const list = ["a", "&", markup`<br />`];
    const out = markup`<p title="${`"q"`}">${inner}${list}${null}${undefined}${false}${3}</p>`;
    expect(out.toString()).toBe('<p title="&quot;q&quot;"><b>&lt;i&gt;</b>a&amp;<br />3</p>');
    expect(markup`${unsafeRaw("<hr />")}`.toString()).toBe("<hr />");
  });
});

describe("format", () => {
  it("writes dates the same on every machine", () => {
    expect(formatDateTimeUtc(new Date("2030-01-09T07:03:00Z"))).toBe("9 January 2030 at 07:03 UTC");
  });

  it("joins lists as a sentence", () => {
    expect([[], ["a"], ["a", "b"], ["a", "b", "c"]].map(joinAnd)).toEqual([
      "",
      "a",
      "a and b",
      "a, b and c",
    ]);
  });

  it("picks a readable label color", () => {
    expect(readableTextColor("#3b5bdb")).toBe("#ffffff");
    expect(readableTextColor("#000")).toBe("#ffffff");
    expect(readableTextColor("#ffcc00")).toBe("#111111");
    expect(readableTextColor("#fff")).toBe("#111111");
  });
});
