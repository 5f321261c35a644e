import { createInvitation, setConsoleMemberRole } from "@guildhall/core";
import type { Page } from "@playwright/test";
import {
  baseUrl,
  createEmailUser,
  ctx,
  db,
  ensureAdmin,
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

/** The console-invitation row for `invitee` on the Console members page. */
function invitationRow(page: Page, invitee: string) {
  return page
    .getByRole("region", { name: "Console invitations" })
    .getByTestId("invitation-row")
    .filter({ hasText: invitee });
}

/** Its Status cell. */
function invitationStatus(page: Page, invitee: string) {
  return invitationRow(page, invitee).getByRole("cell").nth(2);
}

test("an admin invites a console collaborator by email; they sign up from the link, accept and land in the console", async ({
  admin: page,
  browser,
}) => {
  const invitee = `${unique("colette")}@example.com`;
  const name = unique("Colette");

  await page.goto("/console-members");
  await expect(page.getByRole("heading", { level: 1, name: "Console members" })).toBeVisible();
  await settled(page);
  const invitations = page.getByRole("region", { name: "Console invitations" });
  await invitations.getByTestId("invite-members").first().click();
  const dialog = page.getByRole("dialog", { name: "Invite console members" });
  await dialog.getByTestId("invite-emails").fill(invitee);
  await dialog.getByLabel("Console role").selectOption("collaborator");
  await dialog.getByLabel("Expires after").selectOption("3");
  await dialog.getByTestId("invite-submit").click();
  await expect(dialog.getByTestId("invite-results")).toContainText(invitee);
  await expect(dialog.getByTestId("invite-results")).toContainText("Invited");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(invitationStatus(page, invitee)).toHaveText("Pending");
  await expect(invitationRow(page, invitee)).toContainText("Collaborator");

  // The email reaches the SMTP sink; the invitee opens it in another browser session.
  const email = await waitForEmail(invitee);
  expect(email.subject).toMatch(/console/i);
  const link = invitationLinkIn(email);
  const guest = await freshPage(browser);
  await guest.goto(link);
  await expect(
    guest.getByRole("heading", { level: 1, name: "Join the Guildhall console as Collaborator" }),
  ).toBeVisible();
  await expect(guest.getByTestId("invitation-roles")).toHaveText("Collaborator");
  await signUpFromLanding(guest, invitee, name);
  await guest.getByTestId("invitation-accept").click();
  const accepted = guest.getByTestId("invitation-accepted");
  await expect(accepted).toContainText("You joined the Guildhall console as Collaborator");

  // Onward to the console home, as a collaborator: Organizations yes, Console members no.
  await accepted.getByRole("link", { name: "Open the console" }).click();
  await expect(guest).toHaveURL(`${baseUrl()}/`);
  const nav = guest.getByRole("navigation", { name: "Console" });
  await nav.getByRole("link", { name: "Organizations" }).click();
  await expect(guest.getByRole("heading", { level: 1, name: "Organizations" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Console members" })).toHaveCount(0);
  await guest.goto("/console-members");
  await expect(guest.getByTestId("forbidden")).toBeVisible();
  await expect(guest.getByTestId("invite-members")).toHaveCount(0);
  await guest.context().close();

  // The admin sees them as a collaborator, and the invitation as accepted.
  await page.reload();
  await expect(page.getByLabel(`Console role of ${invitee}`)).toHaveValue("collaborator");
  await expect(invitationStatus(page, invitee)).toHaveText("Accepted");
  const user = await db().user.findUniqueOrThrow({
    where: { email: invitee },
    select: { consoleMember: { select: { role: true } } },
  });
  expect(user.consoleMember?.role).toBe("collaborator");
});

test("an admin resends a console invitation (with a fresh link to copy) and revokes it", async ({
  admin: page,
}) => {
  await ensureAdmin();
  const invitee = `${unique("resent")}@example.com`;
  const { link: first } = await createInvitation(ctx(), {
    consoleRole: "admin",
    invitee,
    baseUrl: baseUrl(),
    sendEmail: false,
  });

  await page.goto("/console-members");
  await settled(page);
  const row = invitationRow(page, invitee);
  await expect(invitationStatus(page, invitee)).toHaveText("Pending");
  await expect(row).toContainText("Admin");
  await row.getByRole("button", { name: `Resend the invitation to ${invitee}` }).click();
  // The fresh link is both in the new email and behind Copy link; the first one is dead.
  const resent = invitationLinkIn(await waitForEmail(invitee));
  expect(resent).not.toBe(first);
  await expect(row.getByTestId("copy-invite-link")).toHaveAttribute("data-link", resent);

  await row.getByRole("button", { name: `Revoke the invitation to ${invitee}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke the invitation to ${invitee}?` });
  await expect(confirm).toContainText("will not join the console as Admin");
  await confirm.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(invitationStatus(page, invitee)).toHaveText("Revoked");

  // Both links now land on an ended page.
  await page.goto(first);
  await expect(page.getByTestId("invitation-ended")).toHaveAttribute("data-state", "not_found");
  await page.goto(resent);
  await expect(page.getByTestId("invitation-ended")).toHaveAttribute("data-state", "revoked");
});

test("a collaborator cannot list console invitations through the API either", async ({ page }) => {
  await ensureAdmin();
  const password = "collaborator-password";
  const collaborator = await createEmailUser({
    email: `${unique("collab")}@example.com`,
    name: unique("Collab"),
    password,
  });
  await setConsoleMemberRole(ctx(), { userId: collaborator.id, role: "collaborator" });
  await signIn(page, collaborator.email, password);
  await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
  const response = await page.request.get(
    `/api/trpc/invitation.list?input=${encodeURIComponent(JSON.stringify({ json: { kind: "console" } }))}`,
  );
  expect(response.status()).toBe(403);
});
