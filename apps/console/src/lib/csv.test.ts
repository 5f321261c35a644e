import { describe, expect, it } from "vitest";
import { csvField, csvFilename, toCsv } from "./csv";

describe("csv", () => {
  it("quotes only what needs it, and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(3)).toBe("3");
    expect(csvField(false)).toBe("false");
    expect(csvField(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@cmd")).toBe("'@cmd");
    // Numbers are numbers, not user text.
    expect(csvField(-2)).toBe("-2");
  });

  it("writes a header and rows with CRLF line ends", () => {
    expect(
      toCsv(
        ["id", "name"],
        [
          ["u1", "Ada"],
          ["u2", null],
        ],
      ),
    ).toBe("id,name\r\nu1,Ada\r\nu2,\r\n");
    expect(csvFilename("users", new Date("2026-12-07T10:00:00Z"))).toBe("users-2026-12-07.csv");
  });
});
