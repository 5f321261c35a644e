// Every place a user is created or their address becomes verified runs the JIT rule.
import { describe, expect, it } from "vitest";
import {
  confirmEmailChange,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  signUp,
  verifyEmailCode,
  verifyEmailLink,
} from "../accounts/index.ts";
import {
  flowOptions,
  lastEmail,
  OTHER_STRONG_PASSWORD,
  STRONG_PASSWORD,
  testClock,
} from "../accounts/test-kit.ts";
import { hashPassword } from "../auth/password.ts";
import { acceptInvitation, createInvitation, signUpWithInvitation } from "../invitations/index.ts";
import { unique } from "../test-utils.ts";
import { updateUser } from "../users/update-user.ts";
import { jitAudits, jitTestKit, organizationIdsOf, roleIdsIn, uniqueDomain } from "./test-kit.ts";

const { t, f, jitOrganization } = jitTestKit();
const baseUrl = "https://id.example.com";
const tokenOf = (link: string) => link.split("/invite/")[1] ?? "";
const as = (userId: string) => t.ctx({ actor: { type: "user", userId } });
const emailAt = (domain: string) => `${unique("u").toLowerCase()}@${domain}`;

async function signedUpAt(domain: string) {
  const clock = testClock();
  const opts = flowOptions(clock);
  const email = emailAt(domain);
  await signUp(t.db(), { email, password: STRONG_PASSWORD }, opts);
  const user = await t.db().user.findUniqueOrThrow({ where: { email } });
  const mail = await lastEmail(t.db(), email, "email-verification");
  return { email, user, opts, code: mail.code ?? "", token: mail.token ?? "" };
}

/** A user with a password and an unverified address at `domain`. */
async function unverifiedAt(domain: string) {
  const email = emailAt(domain);
  const user = await t.db().user.create({
    data: { email, passwordHash: await hashPassword(STRONG_PASSWORD) },
  });
  return { ...user, email };
}

describe("sign-up and email verification", () => {
  it("signing up provisions nothing; verifying with the code provisions, with the default roles", async () => {
    const domain = uniqueDomain();
    const { org, roleIds } = await jitOrganization({ domains: [domain] });
    const { email, user, opts, code } = await signedUpAt(domain);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([]);

    await verifyEmailCode(t.db(), { email, code }, opts);

    expect(await organizationIdsOf(t.db(), user.id)).toEqual([org.id]);
    expect(await roleIdsIn(t.db(), org.id, user.id)).toEqual(roleIds);
    const [entry] = await jitAudits(t.db(), user.id);
    expect(entry).toMatchObject({ actorType: "user", actorId: user.id });
    expect(entry?.data).toMatchObject({ rule: "email_domain", reason: "email_verified" });
  });

  it("verifying with the link provisions too", async () => {
    const domain = uniqueDomain();
    const { org } = await jitOrganization({ domains: [domain] });
    const { user, opts, token } = await signedUpAt(domain);
    await verifyEmailLink(t.db(), { token }, opts);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([org.id]);
  });

  it("a password reset that verifies the address provisions; one on a verified address does not run it again", async () => {
    const domain = uniqueDomain();
    const { org } = await jitOrganization({ domains: [domain] });
    const user = await unverifiedAt(domain);
    const opts = flowOptions(testClock());
    await requestPasswordReset(t.db(), { email: user.email }, opts);
    const { token } = await lastEmail(t.db(), user.email, "password-reset");
    await resetPassword(t.db(), { token: token ?? "", password: OTHER_STRONG_PASSWORD }, opts);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([org.id]);

    // Left the organization; a second reset (address already verified) does not re-add.
    await t.db().organizationMember.deleteMany({ where: { userId: user.id } });
    await requestPasswordReset(t.db(), { email: user.email }, opts);
    const again = await lastEmail(t.db(), user.email, "password-reset");
    await resetPassword(t.db(), { token: again.token ?? "", password: STRONG_PASSWORD }, opts);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([]);
  });
});

describe("email change", () => {
  it("a newly verified address runs the email rule when it never ran", async () => {
    const domain = uniqueDomain();
    const { org } = await jitOrganization({ domains: [domain] });
    const user = await unverifiedAt(uniqueDomain("elsewhere"));
    const opts = flowOptions(testClock());
    const newEmail = emailAt(domain);
    await requestEmailChange(as(user.id), { newEmail }, opts);
    const { code } = await lastEmail(t.db(), newEmail, "email-change");
    await confirmEmailChange(as(user.id), { code: code ?? "" }, opts);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([org.id]);
  });

  it("does not run it again when it already ran for an earlier address", async () => {
    const first = uniqueDomain();
    const second = uniqueDomain();
    const a = await jitOrganization({ domains: [first] });
    await jitOrganization({ domains: [second] });
    const { email, user, opts, code } = await signedUpAt(first);
    await verifyEmailCode(t.db(), { email, code }, opts);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([a.org.id]);

    const newEmail = emailAt(second);
    await requestEmailChange(as(user.id), { newEmail }, opts);
    const mail = await lastEmail(t.db(), newEmail, "email-change");
    await confirmEmailChange(as(user.id), { code: mail.code ?? "" }, opts);
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([a.org.id]);
  });
});

describe("invitations", () => {
  it("signing up from an invitation (a verified address) provisions the domain's organizations", async () => {
    const domain = uniqueDomain();
    const jit = await jitOrganization({ domains: [domain] });
    const inviting = await f.organization();
    const invitee = emailAt(domain);
    const { link } = await createInvitation(t.ctx(), {
      organizationId: inviting.id,
      invitee,
      organizationRoleIds: [],
      baseUrl,
    });
    await signUpWithInvitation(t.ctx(), {
      token: tokenOf(link),
      name: "Ivy",
      password: STRONG_PASSWORD,
    });
    const user = await t.db().user.findUniqueOrThrow({ where: { email: invitee } });
    // Joined through JIT at once; the inviting organization on accepting.
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([jit.org.id]);
    const [entry] = await jitAudits(t.db(), user.id);
    expect(entry?.data).toMatchObject({ reason: "invitation" });

    await acceptInvitation(as(user.id), { token: tokenOf(link) });
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([jit.org.id, inviting.id].sort());
    expect(await jitAudits(t.db(), user.id)).toHaveLength(1);
  });

  it("accepting an invitation verifies the address and so provisions, once", async () => {
    const domain = uniqueDomain();
    const jit = await jitOrganization({ domains: [domain] });
    const inviting = await f.organization();
    const user = await unverifiedAt(domain);
    const { link } = await createInvitation(t.ctx(), {
      organizationId: inviting.id,
      invitee: user.email,
      organizationRoleIds: [],
      baseUrl,
    });
    await acceptInvitation(as(user.id), { token: tokenOf(link) });
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([jit.org.id, inviting.id].sort());
    expect(await jitAudits(t.db(), user.id)).toHaveLength(1);
  });
});

describe("updateUser", () => {
  it("an admin marking the address verified provisions", async () => {
    const domain = uniqueDomain();
    const { org } = await jitOrganization({ domains: [domain] });
    const user = await unverifiedAt(domain);
    await updateUser(t.ctx(), { id: user.id, name: "Renamed" });
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([]);
    await updateUser(t.ctx(), { id: user.id, emailVerified: true });
    expect(await organizationIdsOf(t.db(), user.id)).toEqual([org.id]);
    const [entry] = await jitAudits(t.db(), user.id);
    expect(entry).toMatchObject({ actorType: "console" });
  });
});
