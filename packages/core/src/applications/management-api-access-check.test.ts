import { afterEach, describe, expect, it } from "vitest";
import { removeRoleApplication } from "../roles/remove-role-application.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { createApplication, deleteApplication } from "./applications.ts";
import { ensureManagementApi, setManagementApiAccess } from "./management-api-access.ts";
import {
  createManagementApiAccessCheck,
  type ManagementApiAccessCheck,
} from "./management-api-access-check.ts";

const t = useTestDatabase();
let check: ManagementApiAccessCheck | undefined;
afterEach(() => check?.close());

/** A clock the test moves by hand. */
function clock() {
  let ms = 1_000_000;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

async function holder() {
  await ensureManagementApi(t.db(), { baseUrl: "https://id.example.com" });
  const { application } = await createApplication(t.ctx(), {
    name: unique("Automation"),
    type: "MachineToMachine",
  });
  await setManagementApiAccess(t.ctx(), { applicationId: application.id, enabled: true });
  return application.id;
}

/** Takes the role the way another process would: in the database, with no notification here. */
async function revokeElsewhere(applicationId: string) {
  await t.db().applicationRole.deleteMany({ where: { applicationId } });
}

describe("Management API access check", () => {
  it("allows a holder of the role, refuses unknown clients and applications without it", async () => {
    check = createManagementApiAccessCheck(t.db());
    expect(await check(await holder())).toBe(true);
    expect(await check("no-such-application")).toBe(false);
    const { application } = await createApplication(t.ctx(), {
      name: unique("Plain"),
      type: "MachineToMachine",
    });
    expect(await check(application.id)).toBe(false);
  });

  it("sees a revocation made through this process at once (switch and role tab), and a re-grant", async () => {
    const time = clock();
    check = createManagementApiAccessCheck(t.db(), { now: time.now });
    const id = await holder();
    expect(await check(id)).toBe(true);
    await setManagementApiAccess(t.ctx(), { applicationId: id, enabled: false });
    expect(await check(id)).toBe(false);
    await setManagementApiAccess(t.ctx(), { applicationId: id, enabled: true });
    expect(await check(id)).toBe(true);

    const { roleId } = await ensureManagementApi(t.db(), { baseUrl: "https://id.example.com" });
    await removeRoleApplication(t.ctx(), { roleId, applicationId: id });
    expect(await check(id)).toBe(false);
  });

  it("sees a deletion made through this process at once", async () => {
    check = createManagementApiAccessCheck(t.db(), { now: clock().now });
    const id = await holder();
    expect(await check(id)).toBe(true);
    await deleteApplication(t.ctx(), { id });
    expect(await check(id)).toBe(false);
  });

  it("reuses an answer for at most ttlMs: another process's revocation shows after the bound", async () => {
    const time = clock();
    check = createManagementApiAccessCheck(t.db(), { now: time.now, ttlMs: 5_000 });
    const id = await holder();
    expect(await check(id)).toBe(true);
    await revokeElsewhere(id);
    time.advance(4_999);
    expect(await check(id)).toBe(true);
    time.advance(1);
    expect(await check(id)).toBe(false);
  });

  it("remembers at most maxEntries clients, dropping the oldest first", async () => {
    const time = clock();
    check = createManagementApiAccessCheck(t.db(), { now: time.now, maxEntries: 2 });
    const [a, b, c] = [await holder(), await holder(), await holder()];
    for (const id of [a, b, c]) expect(await check(id)).toBe(true);
    await Promise.all([a, b, c].map(revokeElsewhere));
    // a was evicted by c and is read again; b and c are still remembered (clock frozen).
    expect(await check(a)).toBe(false);
    expect(await check(c)).toBe(true);
  });

  it("stops listening when closed", async () => {
    check = createManagementApiAccessCheck(t.db(), { now: clock().now });
    const id = await holder();
    expect(await check(id)).toBe(true);
    check.close();
    await setManagementApiAccess(t.ctx(), { applicationId: id, enabled: false });
    expect(await check(id)).toBe(true);
  });
});
