import { inTimeZone } from "@guildhall/db/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { addMembers, listMembers } from "./members/index.ts";
import {
  createOrganization,
  getFeaturedMembers,
  getOrganization,
  listOrganizations,
} from "./organizations/index.ts";
import { unique, useTestDatabase } from "./test-utils.ts";

const t = useTestDatabase();

// Reads written as SQL (sqlRunner) must give the timestamps Prisma gives: node-postgres alone
// reads a `timestamp` column as local time, which a server outside UTC would shift.
describe("raw reads on a server whose local time is not UTC", () => {
  it("return the organization's and the membership's timestamps as Prisma does", async () => {
    onTestFinished(inTimeZone("America/New_York"));
    const name = unique("Zone");
    const org = await createOrganization(t.ctx(), { name });
    const user = await t.db().user.create({ data: { email: `${unique("zone")}@example.com` } });
    await addMembers(t.ctx(), { organizationId: org.id, userIds: [user.id] });
    const stored = await t.db().organization.findUniqueOrThrow({ where: { id: org.id } });
    const membership = await t.db().organizationMember.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
    });

    const read = await getOrganization(t.ctx(), { id: org.id });
    expect(read.createdAt.toISOString()).toBe(stored.createdAt.toISOString());
    const listed = await listOrganizations(t.ctx(), { q: name });
    expect(listed.items.map((o) => o.createdAt.toISOString())).toEqual([
      stored.createdAt.toISOString(),
    ]);
    const members = await listMembers(t.ctx(), { organizationId: org.id });
    expect(members.items[0]?.joinedAt.toISOString()).toBe(membership.createdAt.toISOString());
    expect(members.items[0]?.createdAt.toISOString()).toBe(user.createdAt.toISOString());
    const featured = await getFeaturedMembers(t.ctx(), { organizationIds: [org.id] });
    expect(featured.get(org.id)?.map((m) => m.id)).toEqual([user.id]);
  });
});
