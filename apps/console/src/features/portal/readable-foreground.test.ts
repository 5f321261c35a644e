import { describe, expect, it } from "vitest";
import { readableForeground } from "./readable-foreground";

describe("readableForeground", () => {
  it("puts white text on dark and saturated brand colors", () => {
    expect(readableForeground("#4f46e5")).toBe("#ffffff");
    expect(readableForeground("#0f766e")).toBe("#ffffff");
    expect(readableForeground("#000")).toBe("#ffffff");
  });

  it("keeps dark text on pale brand colors", () => {
    expect(readableForeground("#fde047")).toBe("#111318");
    expect(readableForeground("#FFF")).toBe("#111318");
    expect(readableForeground("#a5f3fc")).toBe("#111318");
  });

  it("ignores what is not a hex color", () => {
    expect(readableForeground("red")).toBeNull();
    expect(readableForeground("#12345")).toBeNull();
  });
});
