import { ownAccount } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { getOwnAccount } from "./index.ts";

const t = useTestDatabase();

describe("getOwnAccount", () => {
  it("reads the caller's own account: verification and whether a password is set, never its hash", async () => {
    const email = `${unique("own")}@example.com`;
    const me = await t.db().user.create({
      data: {
        email,
        name: "Me",
        passwordHash: "scrypt$not-a-real-hash",
        emailVerifiedAt: new Date(),
      },
    });
    const bare = await t.db().user.create({ data: { email: `${unique("bare")}@example.com` } });

    const mine = await getOwnAccount(t.ctx({ actor: { type: "user", userId: me.id } }));
    expect(ownAccount.strict().parse(mine)).toEqual({
      id: me.id,
      email,
      username: null,
      name: "Me",
      avatarUrl: null,
      emailVerified: true,
      hasPassword: true,
    });
    // A console member reads their own account the same way.
    const theirs = await getOwnAccount(
      t.ctx({ actor: { type: "console", userId: bare.id, role: "admin" } }),
    );
    expect(theirs).toMatchObject({ id: bare.id, emailVerified: false, hasPassword: false });
  });

  it("has no account for callers that are not a user", async () => {
    await expectCode(getOwnAccount(t.ctx({ actor: { type: "system" } })), "auth.unauthenticated");
    await expectCode(
      getOwnAccount(t.ctx({ actor: { type: "management_api", clientId: "m2m" } })),
      "auth.unauthenticated",
    );
  });
});
