import { describe, expect, it } from "vitest";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { createManagementApiApplication } from "./create-management-api-application.ts";
import { MANAGEMENT_API_ROLE } from "./management-api-access.ts";
import { verifyApplicationSecret } from "./secrets.ts";

const t = useTestDatabase();
const baseUrl = "https://id.example.com";

describe("createManagementApiApplication", () => {
  it("creates a machine-to-machine application holding the Management API role, on an instance that never started", async () => {
    expect(await t.db().role.count({ where: { name: MANAGEMENT_API_ROLE } })).toBe(0);
    const { application, secret } = await createManagementApiApplication(t.ctx(), {
      name: "Terraform",
      baseUrl,
    });
    expect(application).toMatchObject({ name: "Terraform", type: "MachineToMachine" });
    expect(
      await verifyApplicationSecret(t.db(), {
        applicationId: application.id,
        secret: secret.value,
      }),
    ).toBe(true);
    const held = await t.db().applicationRole.findMany({
      where: { applicationId: application.id },
      select: { role: { select: { name: true } } },
    });
    expect(held).toEqual([{ role: { name: MANAGEMENT_API_ROLE } }]);
    const resource = await t
      .db()
      .apiResource.findUnique({ where: { indicator: `${baseUrl}/api` } });
    expect(resource).not.toBeNull();
  });

  it("is admin-only and writes nothing when refused", async () => {
    const before = await t.db().application.count();
    await expectDomainError(
      createManagementApiApplication(
        t.ctx({ actor: { type: "console", userId: "collaborator", role: "collaborator" } }),
        { name: "Sneaky", baseUrl },
      ),
      "auth.forbidden",
    );
    await expectDomainError(
      createManagementApiApplication(t.ctx(), { name: " ", baseUrl }),
      "guard.invalid_input",
    );
    expect(await t.db().application.count()).toBe(before);
  });
});
