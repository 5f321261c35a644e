/**
 * Pictures of the console for people who do not run it: each main page at desktop and
 * phone width, saved to e2e/screenshots/<page>-<desktop|phone>.png. Runs only with
 * SCREENSHOTS=1 (`pnpm e2e:screenshots`, which starts on a fresh database).
 */
import path from "node:path";
import type { Page } from "@playwright/test";
import { getSetupStatus } from "@guildhall/core";
import { db, ensureAdmin, test } from "./fixtures.ts";
import { mainPages, visit } from "./pages.ts";

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

const dir = path.join(import.meta.dirname, "..", "screenshots");

async function capture(page: Page, name: string) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.screenshot({
      path: path.join(dir, `${name}-${viewport.name}.png`),
      fullPage: true,
      animations: "disabled",
    });
  }
}

test.skip(process.env.SCREENSHOTS !== "1", "screenshots are taken only with SCREENSHOTS=1");
test.describe.configure({ mode: "serial" });

test("signed-out pages", async ({ page }) => {
  // Setup is only reachable on a fresh database (the `screenshots` script runs this spec alone).
  if ((await getSetupStatus(db())).needsSetup) {
    await visit(page, { path: "/setup", heading: /./ });
    await capture(page, "setup");
  }
  await ensureAdmin();
  await visit(page, { path: "/sign-in", heading: "Sign in to the console" });
  await capture(page, "sign-in");
});

test("console pages", async ({ admin: page }) => {
  test.setTimeout(180_000);
  for (const target of await mainPages()) {
    await visit(page, target);
    await capture(page, target.name);
  }
});
