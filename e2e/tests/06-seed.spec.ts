import { expect, seed, test } from "./fixtures.ts";

test("the seed scenario renders: Alice admin in Acme, member in Globex; Bob member in Acme", async ({
  admin: page,
}) => {
  const { acme, globex, alice, bob } = await seed();

  await page.goto(`/organizations/${acme.id}/members`);
  await expect(page.getByRole("list", { name: "Roles of Alice" })).toHaveText("admin");
  await expect(page.getByRole("list", { name: "Roles of Bob" })).toHaveText("member");

  await page.goto(`/organizations/${globex.id}/members`);
  await expect(page.getByRole("list", { name: "Roles of Alice" })).toHaveText("member");
  await expect(page.getByTestId("member-row")).toHaveCount(1);

  await page.goto(`/users/${alice.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Alice");
  await expect(page.getByTestId("user-organization-row")).toHaveCount(2);
  await expect(page.getByRole("list", { name: "Roles in Acme" })).toHaveText("admin");
  await expect(page.getByRole("list", { name: "Roles in Globex" })).toHaveText("member");

  await page.goto(`/users/${bob.id}`);
  await expect(page.getByTestId("user-organization-row")).toHaveCount(1);
  await expect(page.getByRole("list", { name: "Roles in Acme" })).toHaveText("member");

  await page.goto("/organizations");
  await expect(page.getByTestId("organization-row").filter({ hasText: "Acme" })).toContainText(
    "2 members",
  );
  await expect(page.getByTestId("organization-row").filter({ hasText: "Globex" })).toContainText(
    "1 member",
  );
});
