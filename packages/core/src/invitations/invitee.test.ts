import { describe, expect, it } from "vitest";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  acceptInvitation,
  createInvitation,
  declineInvitation,
  getInvitationLanding,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const baseUrl = "https://id.example.com";
const email = () => `${unique("invitee")}@example.com`;
const tokenOf = (link: string) => link.split("/invite/")[1] ?? "";
const asUser = (userId: string) => t.ctx({ actor: { type: "user", userId } });

// Accept, decline and the landing page answer "who may answer this invitation" by one rule.
describe("who may answer an invitation", () => {
  it("accept and decline answer the same to a missing user and to another account", async () => {
    const org = await f.organization();
    const invitee = email();
    const { link } = await createInvitation(t.ctx(), { organizationId: org.id, invitee, baseUrl });
    const token = tokenOf(link);
    const gone = unique("deleted-user");
    await expectDomainError(acceptInvitation(asUser(gone), { token }), "user.not_found");
    await expectDomainError(declineInvitation(asUser(gone), { token }), "user.not_found");
    const stranger = await f.user();
    const accepting = await expectDomainError(
      acceptInvitation(asUser(stranger.id), { token }),
      "invitation.email_mismatch",
    );
    const declining = await expectDomainError(
      declineInvitation(asUser(stranger.id), { token }),
      "invitation.email_mismatch",
    );
    expect(accepting.message).toBe(
      `This invitation is for ${invitee}, and you are signed in as ${stranger.email}. Switch account to accept it.`,
    );
    expect(declining.message).toBe(
      `This invitation is for ${invitee}, and you are signed in as ${stranger.email}. Switch account to decline it.`,
    );
    expect([accepting.data, declining.data]).toEqual([{ invitee }, { invitee }]);
  });

  it("the landing page is told what its viewer can do", async () => {
    const org = await f.organization();
    const invitee = email();
    const { link } = await createInvitation(t.ctx(), {
      organizationId: org.id,
      invitee: invitee.toUpperCase(),
      baseUrl,
    });
    const token = tokenOf(link);
    const viewer = async (ctx: ReturnType<typeof t.ctx>) => {
      const landing = await getInvitationLanding(ctx, { token });
      return landing.state === "pending" ? landing.viewer : landing.state;
    };
    const signedOut = t.ctx({ actor: { type: "system" } });
    expect(await viewer(signedOut)).toBe("sign_up");
    const stranger = await f.user();
    expect(await viewer(asUser(stranger.id))).toBe("other_account");
    // A session whose account is gone is treated as signed out.
    expect(await viewer(asUser(unique("deleted-user")))).toBe("sign_up");
    const user = await f.user({ email: invitee });
    expect(await viewer(signedOut)).toBe("sign_in");
    expect(await viewer(asUser(user.id))).toBe("invitee");
    expect(await viewer(asUser(stranger.id))).toBe("other_account");
  });
});

describe("the organization's look on its invitation", () => {
  it("the landing page gets Logto's branding, color and custom CSS; the email its logo and color", async () => {
    const org = await t.db().organization.create({
      data: {
        name: unique("Branded"),
        // An older row may hold a value today's rules refuse: it is dropped, not served.
        branding: {
          logoUrl: "https://cdn.example.com/logo.png",
          darkLogoUrl: "javascript:alert(1)",
          favicon: "https://cdn.example.com/favicon.ico",
        },
        color: { primaryColor: "#0f766e", isDarkModeEnabled: false, darkPrimaryColor: "red" },
        customCss: ".summary { font-weight: 600; }",
      },
    });
    const { link, invitation } = await createInvitation(
      { ...t.ctx(), instanceSecret: "test-instance-secret-0123456789" },
      { organizationId: org.id, invitee: email(), baseUrl },
    );
    const landing = await getInvitationLanding(t.ctx({ actor: { type: "system" } }), {
      token: tokenOf(link),
    });
    expect(landing.state === "pending" && landing.organization).toEqual({
      id: org.id,
      name: org.name,
      logoUrl: "https://cdn.example.com/logo.png",
      darkLogoUrl: null,
      favicon: "https://cdn.example.com/favicon.ico",
      darkFavicon: null,
      primaryColor: "#0f766e",
      darkPrimaryColor: null,
      isDarkModeEnabled: false,
      customCss: ".summary { font-weight: 600; }",
    });
    const mail = await t.db().emailOutbox.findFirstOrThrow({
      where: { invitationId: invitation.id },
    });
    expect(mail.html).toContain("https://cdn.example.com/logo.png");
    expect(mail.html.toLowerCase()).toContain("#0f766e");
  });
});
