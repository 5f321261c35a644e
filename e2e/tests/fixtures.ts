import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import {
  addMembers,
  assignMemberRoles,
  completeSetup,
  createUser,
  getSetupStatus,
  seedDemoData,
  systemContext,
  type InvitationContext,
} from "@guildhall/core";
import { type Db } from "@guildhall/db";
import { createPrismaClient } from "@guildhall/db/client";
import type { ReceivedEmail } from "@guildhall/email/testing";
import type { CreateUserInput } from "@guildhall/validators";
import { test as base, expect, type Browser, type Cookie, type Page } from "@playwright/test";

export const ADMIN = {
  email: "admin@example.com",
  name: "Ada Admin",
  password: "correct-horse-battery",
};
export const ALICE = { email: "alice@example.com", password: "alice-demo-password" };
export const BOB = { email: "bob@example.com", password: "bob-demo-password" };

let shared: Db | undefined;
/** The app's database, for fixtures made through core services rather than clicks. */
export function db(): Db {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (global setup did not run?)");
  shared ??= createPrismaClient(url, { max: 2 });
  return shared;
}

/**
 * Service context of the system itself: fixtures bypass console roles. It carries the app's
 * instance secret, so invitation emails it queues are sealed as the app's own are.
 */
export function ctx(): InvitationContext {
  return { ...systemContext(db()), instanceSecret: process.env.E2E_GUILDHALL_SECRET };
}

/** A name no other test uses, so specs can share one database. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/**
 * The console admin: created by clicking through setup in 01-setup.spec.ts, or here
 * through the service when a spec runs on its own.
 */
export async function ensureAdmin(): Promise<void> {
  if ((await getSetupStatus(db())).needsSetup) await completeSetup(db(), ADMIN);
}

/** Acme, Globex, Alice and Bob (idempotent). Returns ids by name. */
export async function seed() {
  await seedDemoData(db());
  const [acme, globex, alice, bob] = await Promise.all([
    db().organization.findFirstOrThrow({ where: { name: "Acme" } }),
    db().organization.findFirstOrThrow({ where: { name: "Globex" } }),
    db().user.findUniqueOrThrow({ where: { email: ALICE.email } }),
    db().user.findUniqueOrThrow({ where: { email: BOB.email } }),
  ]);
  return { acme, globex, alice, bob };
}

/** `createUser` for a user given an email: the result's `email` is then a string. */
export async function createEmailUser(input: CreateUserInput & { email: string }) {
  const user = await createUser(ctx(), input);
  if (user.email === null) throw new Error("The user was created without an email.");
  return { ...user, email: user.email };
}

/** A new user who is a member of `organizationId` with the given roles. */
export async function createMember(
  organizationId: string,
  organizationRoleIds: string[],
  name = unique("Member"),
) {
  const user = await createEmailUser({ email: `${name.toLowerCase()}@example.com`, name });
  await addMembers(ctx(), { organizationId, userIds: [user.id] });
  if (organizationRoleIds.length)
    await assignMemberRoles(ctx(), { organizationId, userId: user.id, organizationRoleIds });
  return user;
}

/** The app's public origin (what invitation links start with). */
export const baseUrl = () => process.env.E2E_BASE_URL ?? "http://localhost:3210";

/** A page in a new browser context: no cookies shared with the admin. */
export async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl() });
  return context.newPage();
}

/** On an invitation's landing page, not signed in: sign up with the invitee's (fixed) email, then land on Accept / Decline. */
export async function signUpFromLanding(
  page: Page,
  invitee: string,
  name: string,
  password = "invitee-password-123",
) {
  // The fixed email is text, not a field that looks editable.
  await expect(page.getByTestId("invite-email")).toHaveText(invitee);
  await expect(page.getByRole("textbox", { name: "Email" })).toHaveCount(0);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("invite-sign-up").click();
  await expect(page.getByTestId("invitation-accept")).toBeVisible();
}

/** Every message the run's SMTP sink has received so far (see global-setup.ts), oldest first. */
export function receivedEmails(): ReceivedEmail[] {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set (global setup did not run?)");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as ReceivedEmail);
}

/** Waits until the SMTP sink has received a message for `to` (the latest one wins). */
export async function waitForEmail(to: string, timeout = 20_000): Promise<ReceivedEmail> {
  const find = () =>
    receivedEmails().findLast((m) =>
      m.envelope.to.some((r) => r.toLowerCase() === to.toLowerCase()),
    );
  await expect
    .poll(() => find() !== undefined, { message: `an email to ${to} at the SMTP sink`, timeout })
    .toBe(true);
  const email = find();
  if (!email) throw new Error(`No email to ${to} at the SMTP sink`);
  return email;
}

/** The `/invite/<token>` link in an email's plain-text body. */
export function invitationLinkIn(email: ReceivedEmail): string {
  const link = /https?:\/\/[^\s"'<>]+\/invite\/[A-Za-z0-9_-]+/.exec(
    email.text ?? email.html ?? "",
  )?.[0];
  if (!link)
    throw new Error(`No invitation link in the email "${email.subject}":\n${email.text ?? ""}`);
  return link;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("sign-in-submit").click();
}

/** Waits until client lists have loaded (no skeleton is showing). */
export async function settled(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("status", { name: "Loading" })).toHaveCount(0);
}

/** Runs axe-core and fails with the list of serious and critical violations, if any. */
export async function expectAccessible(page: Page) {
  // Toasts and dialogs fade in and out (a toast stacked behind another fades too): a contrast
  // check mid-transition measures a color that never stays on screen. Finite animations and
  // transitions end first (spinners run forever and are left alone); if something keeps
  // moving past 5 s, axe checks what is there.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (a) =>
              a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity,
          ),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  const report = blocking
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`,
    )
    .join("\n");
  expect(blocking, `axe violations on ${page.url()}:\n${report}`).toEqual([]);
}

/**
 * `admin`: a page signed in as the console admin. The sign-in happens once per worker
 * (its cookies are reused); 01-setup.spec.ts tests the sign-in form itself.
 */
export const test = base.extend<{ admin: Page }, { adminCookies: Cookie[] }>({
  adminCookies: [
    async ({ browser }, use) => {
      await ensureAdmin();
      const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
      const page = await context.newPage();
      await signIn(page, ADMIN.email, ADMIN.password);
      await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
      const cookies = await context.cookies();
      await context.close();
      await use(cookies);
    },
    { scope: "worker" },
  ],
  admin: async ({ page, adminCookies }, use) => {
    await page.context().addCookies(adminCookies);
    await use(page);
  },
});

export { expect };
