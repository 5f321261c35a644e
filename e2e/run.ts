// `pnpm test` on a machine without a browser: say so and skip, rather than fail the whole
// suite; in CI a missing browser is an error (.ci/run installs Debian's chromium).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const message = `No Chromium at ${chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH to run the browser tests.`;
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.warn(`Skipping the Playwright suite. ${message}`);
  process.exit(0);
}
const result = spawnSync("playwright", ["test", ...process.argv.slice(2)], {
  stdio: "inherit",
  shell: false,
});
process.exit(result.status ?? 1);
