/**
 * Issue 12's acceptance tests in a browser: sign-up with the emailed code, TOTP and passkey
 * enrolment and sign-in, forgot password, and an organization that requires MFA, through
 * the example customer app.
 */
import { addMembers, createUser } from "@guildhall/core";
import type { ReceivedEmail } from "@guildhall/email/testing";
import type { Page } from "@playwright/test";
import * as OTPAuth from "otpauth";
import {
  ctx,
  db,
  ensureAdmin,
  expect,
  expectAccessible,
  test,
  unique,
  waitForEmail,
} from "./fixtures.ts";
import { startExampleApp } from "./example-app.ts";

const STRONG = "Quiet-Harbour-Lantern-42";

function codeIn(email: ReceivedEmail): string {
  const code = /\b(\d{6})\b/.exec(email.text ?? "")?.[1];
  if (!code) throw new Error(`No 6-digit code in "${email.subject}":\n${email.text ?? ""}`);
  return code;
}

function linkIn(email: ReceivedEmail, path: string): string {
  const link = new RegExp(`https?://[^\\s"'<>]+${path}\\?token=[A-Za-z0-9_-]+`).exec(
    email.text ?? "",
  )?.[0];
  if (!link) throw new Error(`No ${path} link in "${email.subject}":\n${email.text ?? ""}`);
  return link;
}

async function passwordStep(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByTestId("sign-in-submit").click();
}

/** Enrols an authenticator app on the page showing the enrolment card; returns its TOTP. */
async function enrolTotp(
  page: Page,
  enrolled = page.locator('[data-testid="mfa-factor"][data-type="totp"]'),
): Promise<OTPAuth.TOTP> {
  await page.getByRole("button", { name: "Add authenticator app" }).click();
  await expect(page.getByTestId("totp-qr")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  await page.getByLabel("Authentication code").fill(totp.generate());
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(enrolled).toBeVisible();
  return totp;
}

/** The code of the next time step: the current one was spent at enrolment (no replays). */
const nextCode = (totp: OTPAuth.TOTP) => totp.generate({ timestamp: Date.now() + 30_000 });

test.beforeAll(async () => {
  await ensureAdmin();
});

test("sign up, verify with the emailed code, enrol TOTP, and sign in again with it", async ({
  page,
}) => {
  const email = `${unique("newcomer")}@example.com`;
  await page.goto(`/sign-up?callbackUrl=${encodeURIComponent("/account/security")}`);
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name (optional)").fill("Nia Newcomer");
  await page.getByLabel("Password", { exact: true }).fill("password1");
  await page.getByTestId("sign-up-submit").click();
  // The policy says why: too short, and common.
  await expect(page.getByText(/at least 10 characters|common|guess/i).first()).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(STRONG);
  await page.getByTestId("sign-up-submit").click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(page);

  const code = codeIn(await waitForEmail(email));
  await page.getByLabel("Verification code").fill(code);
  await page.getByTestId("verify-code-submit").click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  await expectAccessible(page);

  await page
    .getByRole("navigation", { name: "Account" })
    .getByRole("link", { name: "Profile" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/account/security");
  const totp = await enrolTotp(page);
  const enrolled = await db().user.findUniqueOrThrow({
    where: { email },
    select: { mfaEnabledAt: true },
  });
  expect(enrolled.mfaEnabledAt).toBeInstanceOf(Date);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/account/sessions")}`);
  await passwordStep(page, email, STRONG);
  await expect(page.getByRole("heading", { name: "Two-step verification" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByTestId("second-factor-submit").click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await page.getByLabel("Authentication code").fill(nextCode(totp));
  await page.getByTestId("second-factor-submit").click();
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(page.getByTestId("own-session")).toHaveCount(1);
  await expect(page.getByTestId("own-session")).toContainText("This device");
  await expectAccessible(page);
});

test("a passkey from Chromium's virtual authenticator: enrol it, then sign in with it alone", async ({
  page,
}) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const email = `${unique("passkey")}@example.com`;
  await createUser(ctx(), { email, password: STRONG, emailVerified: true });
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/account/security")}`);
  await passwordStep(page, email, STRONG);
  await expect(page).toHaveURL(/\/account\/security$/);

  await page.getByRole("button", { name: "Add a passkey" }).click();
  await page.getByLabel("Passkey name").fill("Test laptop");
  await page.getByRole("button", { name: "Create passkey" }).click();
  const passkey = page.locator('[data-testid="mfa-factor"][data-type="webauthn"]');
  await expect(passkey).toBeVisible();
  await expect(passkey).toContainText("Test laptop");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/account")}`);
  await page.getByTestId("sign-in-passkey").click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  const session = await db().consoleSession.findFirstOrThrow({
    where: { user: { email } },
    orderBy: { createdAt: "desc" },
  });
  expect(session.amr).toEqual(["hwk", "mfa"]);
});

test("forgot password: the emailed link sets a new password and signs out every other session", async ({
  page,
  browser,
}) => {
  const email = `${unique("forgetful")}@example.com`;
  await createUser(ctx(), { email, password: STRONG, emailVerified: true });
  // Another browser, signed in before the reset.
  const other = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const otherPage = await other.newPage();
  await otherPage.goto("/sign-in?callbackUrl=%2Faccount");
  await passwordStep(otherPage, email, STRONG);
  await expect(otherPage).toHaveURL(/\/account$/);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Forgot your password?" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-requested")).toContainText(email);

  const link = linkIn(await waitForEmail(email), "/reset-password");
  await page.goto(link);
  await expect(
    page.getByRole("heading", { level: 1, name: "Choose a new password" }),
  ).toBeVisible();
  await expectAccessible(page);
  const renewed = "Amber-Kestrel-Meadow-77";
  await page.getByLabel("New password", { exact: true }).fill(renewed);
  await page.getByLabel("Confirm new password", { exact: true }).fill(renewed);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-reset-done")).toBeVisible();

  // The link is spent.
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("Another-Fresh-Passphrase-5");
  await page.getByLabel("Confirm new password", { exact: true }).fill("Another-Fresh-Passphrase-5");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();

  // The other browser is signed out; the old password no longer works; the new one does.
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();
  await page.goto("/sign-in?callbackUrl=%2Faccount");
  await passwordStep(page, email, STRONG);
  await expect(page.getByTestId("form-error")).toBeVisible();
  await passwordStep(page, email, renewed);
  await expect(page).toHaveURL(/\/account$/);
});

test.describe("an organization that requires MFA, seen from the example customer app", () => {
  const APP_URL = "http://localhost:4101";
  let exampleApp: Awaited<ReturnType<typeof startExampleApp>> | undefined;

  test.beforeAll(async () => {
    exampleApp = await startExampleApp(4101);
  });

  test.afterAll(async () => {
    await exampleApp?.close();
  });

  test("the token is refused before enrolment; Guildhall offers enrolment; then it is issued", async ({
    page,
  }) => {
    const email = `${unique("secure")}@example.com`;
    const user = await createUser(ctx(), { email, password: STRONG, emailVerified: true });
    const org = await db().organization.create({
      data: { name: unique("Vault Inc"), isMfaRequired: true },
    });
    await addMembers(ctx(), { organizationId: org.id, userIds: [user.id] });

    await page.goto(`${APP_URL}/`);
    await page.getByRole("link", { name: "Sign in with Guildhall" }).click();
    await passwordStep(page, email, STRONG);
    await expect(page).toHaveURL(`${APP_URL}/dashboard`);
    await page.getByLabel("Switch organization").selectOption(org.id);
    await page.getByRole("button", { name: "Switch", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("requires two-step verification");

    await page.getByRole("link", { name: "Sign in again for this organization" }).click();
    await expect(page).toHaveURL(/\/account\/mfa-setup\?/);
    await expect(
      page.getByRole("heading", { level: 1, name: "Set up two-step verification" }),
    ).toBeVisible();
    await expect(page.getByTestId("mfa-setup-reason")).toContainText(org.name);
    await expect(page.getByTestId("mfa-setup-continue")).toBeDisabled();
    await expectAccessible(page);
    await enrolTotp(page, page.getByRole("heading", { name: "Two-step verification is on" }));
    await page.getByTestId("mfa-setup-continue").click();

    await expect(page).toHaveURL(`${APP_URL}/dashboard`);
    await expect(page.getByText("Guildhall issued this organization token just now")).toBeVisible();
  });
});

test("the Sign-in experience settings close registration, and the users page shows verification and MFA", async ({
  admin,
  browser,
}) => {
  await admin.goto("/settings/sign-in-experience");
  await expect(admin.getByRole("heading", { level: 1, name: "Sign-in experience" })).toBeVisible();
  await expectAccessible(admin);
  const registration = admin.getByRole("switch", { name: /registration/i });
  await expect(registration).toBeChecked();
  await registration.click();
  await admin.getByRole("button", { name: /^Save/ }).click();
  await expect(admin.getByText(/saved/i).first()).toBeVisible();

  const visitor = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await visitor.newPage();
  await page.goto("/sign-up");
  await expect(page.getByTestId("sign-up-closed")).toBeVisible();
  await page.goto("/sign-in");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
  // The email link's page verifies only on a click (mail scanners open links).
  await page.goto("/verify-email?token=not-a-real-token-0123456789");
  await expect(page.getByRole("button", { name: "Verify email address" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Verify email address" }).click();
  await expect(page.getByTestId("form-error")).toBeVisible();
  await visitor.close();

  await admin.reload();
  await admin.getByRole("switch", { name: /registration/i }).click();
  await admin.getByRole("button", { name: /^Save/ }).click();
  await expect(admin.getByText(/saved/i).first()).toBeVisible();

  const unverified = await createUser(ctx(), { email: `${unique("unverified")}@example.com` });
  await admin.goto(`/users/${unverified.id}`);
  await expect(admin.getByText("Unverified", { exact: true }).first()).toBeVisible();
  await admin.getByRole("button", { name: "Resend verification email" }).click();
  await expect(admin.getByText(/queued/i).first()).toBeVisible();
  await expectAccessible(admin);
});
