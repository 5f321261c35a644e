import { describe, expect, it } from "vitest";
import { renderEmail } from "../render.ts";
import { redactLink, renderLayout, type Layout } from "./layout.ts";

const brand = { name: "Acme", color: "#3b5bdb" };
const link = "https://id.example.test/invite/tok_0123456789abcdef";

describe("secrets in templates", () => {
  it("redacts a secret link to its path up to the last slash", () => {
    expect(redactLink(link)).toBe("https://id.example.test/invite/…");
    expect(redactLink("https://a.test/reset/abc?token=x#y")).toBe("https://a.test/reset/…");
  });

  it("renders the invitation twice: the link in the email, `…` in the redacted copy", async () => {
    for (const kind of ["organization-invitation", "console-invitation"] as const) {
      const email =
        kind === "organization-invitation"
          ? await renderEmail(kind, { organization: { name: "Acme" }, expiresAt: new Date(), link })
          : await renderEmail(kind, {
              instanceName: "Guildhall",
              role: "admin",
              expiresAt: new Date(),
              link,
            });
      expect(email.text).toContain(link);
      expect(email.html).toContain(link);
      expect(email.redacted?.text).toContain("https://id.example.test/invite/…");
      expect(email.redacted?.html).toContain("https://id.example.test/invite/…");
      for (const part of [email.redacted?.text, email.redacted?.html]) {
        expect(part).not.toContain("tok_0123456789abcdef");
      }
    }
  });

  it("has no redacted copy when nothing is secret", async () => {
    const email = await renderLayout({
      subject: "Hi",
      preview: "Hi",
      brand,
      blocks: [{ type: "action", label: "Docs", href: "https://docs.example.test/a" }],
      footer: [],
    });
    expect(email.redacted).toBeNull();
  });

  it("hides inline secrets (one-time codes) in the redacted copy", async () => {
    const email = await renderLayout({
      subject: "Your code",
      preview: "Your code",
      brand,
      blocks: [{ type: "paragraph", text: ["Your code is ", { secret: "493817" }, "."] }],
      footer: [],
    });
    expect(email.text).toContain("Your code is 493817.");
    expect(email.redacted?.text).toContain("Your code is ….");
    expect(email.redacted?.html).not.toContain("493817");
  });

  it("refuses to render when a secret also appears in a part not marked secret", async () => {
    const leaky: Layout = {
      subject: "Join",
      preview: "Join",
      brand,
      blocks: [
        { type: "action", label: "Join", href: link, secret: true },
        { type: "paragraph", text: [`Or paste ${link}`] },
      ],
      footer: [],
    };
    await expect(renderLayout(leaky)).rejects.toThrow(/secret/);
  });
});
