import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "gh-embedded-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the embedded database's data directory", () => {
  it("is opened by one process at a time; a lock left by a dead process is taken over", async () => {
    const pidFile = path.join(dir, "embedded.pid");
    // A lock whose process is gone: a process that has already exited.
    const { pid: gone } = spawnSync(process.execPath, ["-e", ""]);
    writeFileSync(pidFile, String(gone));
    const first = await startEmbeddedPostgres({ dataDir: dir });
    expect(readFileSync(pidFile, "utf8")).toBe(String(process.pid));

    await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(
      `open in another process (pid ${process.pid})`,
    );

    await first.stop();
    expect(existsSync(pidFile)).toBe(false);
    // A lock naming this process, which does not hold it: left by an earlier process that had
    // the same pid (a restarted container), so it is taken over too.
    writeFileSync(pidFile, String(process.pid));
    const again = await startEmbeddedPostgres({ dataDir: dir });
    await again.stop();
  });
});
