import { describe, expect, it } from "vitest";
import { escapeHtml } from "../html.ts";
import { renderEmail, type EmailData } from "../render.ts";

const expiresAt = new Date("2030-06-03T14:05:00Z");

const fullOrganizationInvitation: EmailData<"organization-invitation"> = {
  organization: {
    name: "Acme Corp",
    logoUrl: "https://cdn.acme.test/logo.png",
    brandColor: "#0F766E",
  },
  inviterName: "Alice Example",
  roles: ["admin", "billing", "member"],
  expiresAt,
  link: "https://id.acme.test/invitations/inv_123?token=abc&lang=en",
  inviteeEmail: "bob@example.com",
  productName: "Acme Cloud",
};

describe("organization invitation", () => {
  it("matches the snapshot with every option", async () => {
    const email = await renderEmail("organization-invitation", fullOrganizationInvitation);
    expect(email.subject).toBe("Alice Example invited you to join Acme Corp on Acme Cloud");
    await expect(email.html).toMatchFileSnapshot("./__snapshots__/organization-invitation.html");
    await expect(email.text).toMatchFileSnapshot("./__snapshots__/organization-invitation.txt");
  });

  it("matches the snapshot with only the required fields", async () => {
    const email = await renderEmail("organization-invitation", {
      organization: { name: "Acme Corp" },
      expiresAt: "2030-06-03T14:05:00.000Z",
      link: "https://id.acme.test/invitations/inv_123",
    });
    expect(email.subject).toBe("You're invited to join Acme Corp");
    await expect(email.html).toMatchFileSnapshot(
      "./__snapshots__/organization-invitation-minimal.html",
    );
    await expect(email.text).toMatchFileSnapshot(
      "./__snapshots__/organization-invitation-minimal.txt",
    );
  });

  it("puts the link in the button, the written-out link and the text part", async () => {
    const email = await renderEmail("organization-invitation", fullOrganizationInvitation);
    const escaped = escapeHtml(fullOrganizationInvitation.link);
    expect(escaped).toContain("&amp;");
    expect(email.html).toContain(`href="${escaped}"`);
    // Button, plus the plain link's href and its visible text.
    expect(email.html.split(escaped).length - 1).toBe(3);
    expect(email.text).toContain(`\n${fullOrganizationInvitation.link}\n`);
  });

  it("shows roles, inviter and expiry in both parts", async () => {
    const email = await renderEmail("organization-invitation", fullOrganizationInvitation);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("Alice Example");
      expect(part).toContain("3 June 2030 at 14:05 UTC");
      expect(part).toContain("billing");
    }
    expect(email.text).toContain("Your roles: admin, billing and member.");
  });

  it("escapes every user-provided string in the HTML", async () => {
    const evil = `<script>alert("x")</script>&'`;
    const email = await renderEmail("organization-invitation", {
      organization: { name: `Acme ${evil}` },
      inviterName: `Mallory ${evil}`,
      roles: [`role ${evil}`],
      productName: `Cloud ${evil}`,
      expiresAt,
      link: `https://id.acme.test/i?next="><img src=x onerror=alert(1)>`,
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).not.toContain(`"x"`);
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
    // The link is URL-encoded when normalized, so it cannot leave its attribute.
    expect(email.html).toContain(
      'href="https://id.acme.test/i?next=%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E"',
    );
    // The text part is plain text: the names appear as written.
    expect(email.text).toContain(`Mallory ${evil}`);
    expect(email.subject).toBe(`Mallory ${evil} invited you to join Acme ${evil} on Cloud ${evil}`);
  });

  it("keeps names on one line", async () => {
    const email = await renderEmail("organization-invitation", {
      organization: { name: "Acme\r\nBcc: eve@example.com" },
      expiresAt,
      link: "https://id.acme.test/i",
    });
    expect(email.subject).toBe("You're invited to join Acme Bcc: eve@example.com");
  });

  it.each([
    ["javascript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["//id.acme.test/invitations/1"],
    ["ftp://id.acme.test/invitations/1"],
    ["not a url"],
  ])("rejects the link %s", async (link) => {
    await expect(
      renderEmail("organization-invitation", { organization: { name: "Acme" }, expiresAt, link }),
    ).rejects.toThrow(/link|URL/i);
  });

  it("rejects a logo that is not http(s) and a brand color that is not hex", async () => {
    const base = { expiresAt, link: "https://id.acme.test/i" };
    await expect(
      renderEmail("organization-invitation", {
        ...base,
        organization: { name: "Acme", logoUrl: "javascript:x" },
      }),
    ).rejects.toThrow();
    await expect(
      renderEmail("organization-invitation", {
        ...base,
        organization: { name: "Acme", brandColor: "red;background:url(https://evil.test)" },
      }),
    ).rejects.toThrow(/hex color/);
  });

  it("picks a dark button label on a light brand color", async () => {
    const email = await renderEmail("organization-invitation", {
      organization: { name: "Acme", brandColor: "#ffcc00" },
      expiresAt,
      link: "https://id.acme.test/i",
    });
    expect(email.html).toMatch(/background:#ffcc00;color:#111111/);
  });
});

describe("console invitation", () => {
  it("matches the snapshot", async () => {
    const email = await renderEmail("console-invitation", {
      instanceName: "Acme Identity",
      role: "admin",
      inviterName: "Alice Example",
      expiresAt,
      link: "https://id.acme.test/console/join/tok_123",
      inviteeEmail: "carol@example.com",
    });
    expect(email.subject).toBe(
      "Alice Example invited you to the Acme Identity console as an admin",
    );
    await expect(email.html).toMatchFileSnapshot("./__snapshots__/console-invitation.html");
    await expect(email.text).toMatchFileSnapshot("./__snapshots__/console-invitation.txt");
  });

  it("names the collaborator role and carries the link in both parts", async () => {
    const link = "https://id.acme.test/console/join/tok_456?x=1&y=2";
    const email = await renderEmail("console-invitation", {
      instanceName: "Acme <Identity>",
      role: "collaborator",
      expiresAt,
      link,
    });
    expect(email.subject).toBe("Join the Acme <Identity> console as a collaborator");
    expect(email.html).toContain("the Acme &lt;Identity&gt; console");
    expect(email.html).not.toContain("<Identity>");
    expect(email.html).toContain(`href="${escapeHtml(link)}"`);
    expect(email.text).toContain(link);
    expect(email.text).toContain("Collaborators manage");
  });

  it("rejects an unknown role", async () => {
    await expect(
      renderEmail("console-invitation", {
        instanceName: "Acme",
        // @ts-expect-error -- not a console role
        role: "owner",
        expiresAt,
        link: "https://id.acme.test/c",
      }),
    ).rejects.toThrow();
  });
});
