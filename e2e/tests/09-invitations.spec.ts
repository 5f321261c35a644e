import {
  createInvitation,
  createOrganization,
  createOrganizationRole,
  createUser,
} from "@guildhall/core";
import type { Page } from "@playwright/test";
import {
  baseUrl,
  ctx,
  db,
  expect,
  freshPage,
  invitationLinkIn,
  settled,
  signIn,
  signUpFromLanding,
  test,
  unique,
  waitForEmail,
} from "./fixtures.ts";

/** An organization with one role, and a pending invitation to a new address (made through the service). */
async function pendingInvitation() {
  const organization = await createOrganization(ctx(), { name: unique("Umbrella") });
  const role = await createOrganizationRole(ctx(), { name: unique("Researcher") });
  const invitee = `${unique("invitee")}@example.com`;
  const { invitation, link } = await createInvitation(ctx(), {
    organizationId: organization.id,
    invitee,
    organizationRoleIds: [role.id],
    baseUrl: baseUrl(),
  });
  return { organization, role, invitee, invitation, link };
}

/** The Status cell of the invitation to `invitee` on an organization's Invitations tab. */
function invitationStatus(page: Page, invitee: string) {
  return page.getByTestId("invitation-row").filter({ hasText: invitee }).getByRole("cell").nth(2);
}

test("an admin invites by email; the invitee signs up from the emailed link, accepts and becomes a member", async ({
  admin: page,
  browser,
}) => {
  const organization = await createOrganization(ctx(), { name: unique("Initrode") });
  const role = await createOrganizationRole(ctx(), { name: unique("Analyst") });
  const invitee = `${unique("milton")}@example.com`;
  const name = unique("Milton");

  await page.goto(`/organizations/${organization.id}/invitations`);
  await expect(page.getByRole("heading", { level: 1, name: organization.name })).toBeVisible();
  await settled(page);
  await expect(page.getByText("No invitations yet")).toBeVisible();
  await page.getByTestId("invite-members").first().click();
  const dialog = page.getByRole("dialog", { name: `Invite to ${organization.name}` });
  await dialog.getByTestId("invite-emails").fill(invitee);
  await dialog.getByRole("button", { name: /^Roles:/ }).click();
  await page.getByRole("searchbox", { name: "Search roles" }).last().fill(role.name);
  await page.getByRole("checkbox", { name: new RegExp(role.name) }).check();
  await page.keyboard.press("Escape");
  await dialog.getByTestId("invite-submit").click();
  await expect(dialog.getByTestId("invite-results")).toContainText(invitee);
  await expect(dialog.getByTestId("invite-results")).toContainText("Invited");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId("invitation-row").filter({ hasText: invitee });
  await expect(invitationStatus(page, invitee)).toHaveText("Pending");
  await expect(row.getByRole("list", { name: `Roles for ${invitee}` })).toHaveText(role.name);

  // The email arrives at the real SMTP server, with the link in its body.
  const email = await waitForEmail(invitee);
  expect(email.subject).toContain(organization.name);
  const link = invitationLinkIn(email);
  expect(link.startsWith(`${baseUrl()}/invite/`)).toBe(true);

  // The invitee opens it in another browser session, signs up and accepts.
  const guest = await freshPage(browser);
  await guest.goto(link);
  await expect(
    guest.getByRole("heading", { level: 1, name: `Join ${organization.name}` }),
  ).toBeVisible();
  await expect(guest.getByTestId("invitation-roles")).toHaveText(role.name);
  await signUpFromLanding(guest, invitee, name);
  await guest.getByTestId("invitation-accept").click();
  const accepted = guest.getByTestId("invitation-accepted");
  await expect(accepted).toContainText(`You joined ${organization.name}`);
  await expect(accepted).toContainText(role.name);

  // Onward to the account page: the organization, with the invited role.
  await accepted.getByRole("link", { name: "See your organizations" }).click();
  await expect(guest).toHaveURL(/\/account\/organizations$/);
  await expect(guest.getByRole("heading", { level: 1, name: "Your organizations" })).toBeVisible();
  await expect(guest.getByTestId("account-email")).toHaveText(invitee);
  const own = guest.getByTestId("own-organization").filter({ hasText: organization.name });
  await expect(own.getByRole("list", { name: `Your roles in ${organization.name}` })).toHaveText(
    role.name,
  );
  await guest.context().close();

  // Back in the console: the member has the invited role, and the invitation is accepted.
  await page.reload();
  await expect(invitationStatus(page, invitee)).toHaveText("Accepted");
  await page.goto(`/organizations/${organization.id}/members`);
  const member = page.getByTestId("member-row").filter({ hasText: invitee });
  await expect(member.getByRole("list", { name: `Roles of ${name}` })).toHaveText(role.name);
  const user = await db().user.findUniqueOrThrow({ where: { email: invitee } });
  expect(user.emailVerifiedAt).not.toBeNull();
});

test("the invitee declines: the invitation shows Declined and the link stops working", async ({
  admin: page,
  browser,
}) => {
  const { organization, invitee, link } = await pendingInvitation();
  const guest = await freshPage(browser);
  await guest.goto(link);
  await signUpFromLanding(guest, invitee, unique("Decliner"));
  await guest.getByTestId("invitation-decline").click();
  await expect(guest.getByTestId("invitation-declined")).toBeVisible();
  await guest.reload();
  await expect(guest.getByTestId("invitation-ended")).toHaveAttribute("data-state", "declined");
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("This invitation was declined");
  await guest.context().close();

  await page.goto(`/organizations/${organization.id}/invitations`);
  await expect(invitationStatus(page, invitee)).toHaveText("Declined");
  expect(await db().organizationMember.count({ where: { organizationId: organization.id } })).toBe(
    0,
  );
});

test("an expired invitation's link shows the expired page, with no details", async ({ page }) => {
  const { organization, invitation, invitee, link } = await pendingInvitation();
  // The service refuses an expiry in the past: move it there directly (no job has marked the row).
  await db().organizationInvitation.update({
    where: { id: invitation.id },
    data: { expiresAt: new Date(Date.now() - 60_000) },
  });

  await page.goto(link);
  const ended = page.getByTestId("invitation-ended");
  await expect(ended).toHaveAttribute("data-state", "expired");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This invitation has expired");
  await expect(page.getByRole("main")).not.toContainText(organization.name);
  await expect(page.getByRole("main")).not.toContainText(invitee);
  await expect(page.getByTestId("invite-sign-up")).toHaveCount(0);
});

test("signed in as someone else, the landing page says so and offers to switch account", async ({
  page,
}) => {
  const other = { email: `${unique("other")}@example.com`, password: "other-user-password" };
  await createUser(ctx(), { ...other, name: unique("Other") });
  const { organization, invitee, link } = await pendingInvitation();
  await signIn(page, other.email, other.password);
  await expect(page).not.toHaveURL(/\/sign-in/);

  await page.goto(link);
  await expect(
    page.getByRole("heading", { level: 1, name: `Join ${organization.name}` }),
  ).toBeVisible();
  const wrong = page.getByTestId("invitation-wrong-account");
  await expect(wrong).toContainText(`You are signed in as ${other.email}`);
  await expect(wrong).toContainText(`this invitation is for ${invitee}`);
  await expect(page.getByTestId("invitation-accept")).toHaveCount(0);

  await wrong.getByTestId("invitation-switch-account").click();
  // Signed out, back on the same link: the invitee can now sign up.
  await expect(page.getByTestId("invite-email")).toHaveText(invitee);
  await expect(page).toHaveURL(link);
});

test("the Emails page lists the sent invitation email", async ({ admin: page }) => {
  const { organization, invitee } = await pendingInvitation();
  const email = await waitForEmail(invitee);

  await page.goto("/emails");
  await expect(page.getByRole("heading", { level: 1, name: "Emails" })).toBeVisible();
  await settled(page);
  await page.getByRole("searchbox", { name: "Search emails" }).fill(invitee);
  const row = page.getByTestId("email-row").filter({ hasText: invitee });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(email.subject);
  await expect(row).toContainText(organization.name);
  await expect(row).toContainText(/sent/i);
});

test("an invitation from another console user is visible to the admin with its inviter", async ({
  admin: page,
}) => {
  const inviter = await createUser(ctx(), {
    email: `${unique("inviter")}@example.com`,
    name: unique("Inviter"),
  });
  const organization = await createOrganization(ctx(), { name: unique("Vandelay") });
  const invitee = `${unique("art")}@example.com`;
  await createInvitation(ctx(), {
    organizationId: organization.id,
    invitee,
    inviterId: inviter.id,
    baseUrl: baseUrl(),
  });

  await page.goto(`/organizations/${organization.id}/invitations`);
  const row = page.getByTestId("invitation-row").filter({ hasText: invitee });
  await expect(row).toContainText(`by ${inviter.name}`);
  await expect(invitationStatus(page, invitee)).toHaveText("Pending");
  expect((await waitForEmail(invitee)).text).toContain(inviter.name ?? "");
});
