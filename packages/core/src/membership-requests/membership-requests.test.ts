// Users whose verified email's domain an organization claims ask to join; members holding
// guildhall:members:invite approve (with roles they may grant) or decline.
import { BUILT_IN_PERMISSIONS as P } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { leaveOrganization } from "../accounts/index.ts";
import { expectCode, memberRows } from "../members/test-fixtures.ts";
import { allBut, organizationAccessKit } from "../organization-access/test-kit.ts";
import { unique } from "../test-utils.ts";
import {
  decideMembershipRequest,
  listMembershipRequests,
  listOrganizationSuggestions,
  requestMembership,
} from "./index.ts";

const { t, f, roleWith, verifiedUser, memberWith, as } = organizationAccessKit();
const { memberIds, roleIdsOf } = memberRows(t.db);

/** An organization claiming a fresh email domain. */
async function claiming(domain = `${unique("corp")}.example`) {
  const org = await f.organization();
  await t.db().organizationJitEmailDomain.create({
    data: { organizationId: org.id, emailDomain: domain },
  });
  return { org, domain };
}

describe("organization suggestions", () => {
  it("lists organizations claiming the caller's verified domain that they are not in", async () => {
    const { org, domain } = await claiming();
    const { org: joined } = await claiming(domain);
    await claiming(); // another domain
    const user = await verifiedUser(domain);
    await f.member(joined.id, user.id);

    const suggestions = await listOrganizationSuggestions(as(user.id));
    expect(suggestions).toEqual([
      {
        id: org.id,
        name: org.name,
        description: null,
        branding: {},
        color: {},
        requestStatus: null,
      },
    ]);
    await requestMembership(as(user.id), { organizationId: org.id });
    expect((await listOrganizationSuggestions(as(user.id)))[0]?.requestStatus).toBe("Pending");
  });

  it("are empty without a verified email", async () => {
    const { domain } = await claiming();
    const unverified = await f.user({ email: `${unique("u")}@${domain}` });
    expect(await listOrganizationSuggestions(as(unverified.id))).toEqual([]);
    await expectCode(
      listOrganizationSuggestions(t.ctx({ actor: { type: "management_api", clientId: "m2m" } })),
      "auth.forbidden",
    );
  });
});

describe("requestMembership", () => {
  it("asks once: pending again returns the same request, audited as the user's", async () => {
    const { org, domain } = await claiming();
    const user = await verifiedUser(domain);
    const first = await requestMembership(as(user.id), { organizationId: org.id });
    expect(first).toMatchObject({
      organizationId: org.id,
      status: "Pending",
      decidedAt: null,
      user: { id: user.id, email: user.email },
    });
    const again = await requestMembership(as(user.id), { organizationId: org.id });
    expect(again.id).toBe(first.id);
    expect(
      await t.db().organizationMembershipRequest.count({ where: { organizationId: org.id } }),
    ).toBe(1);
    expect(
      await t.db().auditLog.findFirst({
        where: { organizationId: org.id, action: "membership_request.created" },
      }),
    ).toMatchObject({ actorType: "user", actorId: user.id, targetId: user.id });
  });

  it("is refused to those the organization does not claim, to members and without a verified email", async () => {
    const { org, domain } = await claiming();
    const elsewhere = await verifiedUser();
    const member = await verifiedUser(domain);
    await f.member(org.id, member.id);
    const unverified = await f.user({ email: `${unique("u")}@${domain}` });
    const suspended = await verifiedUser(domain);
    await t.db().user.update({ where: { id: suspended.id }, data: { suspendedAt: new Date() } });
    for (const userId of [elsewhere.id, member.id, unverified.id, suspended.id]) {
      const error = await expectCode(
        requestMembership(as(userId), { organizationId: org.id }),
        "membership_request.not_eligible",
      );
      expect(error.status).toBe(403);
    }
    await expectCode(
      requestMembership(as(member.id), { organizationId: "no-such-organization" }),
      "membership_request.not_eligible",
    );
    expect(
      await t.db().organizationMembershipRequest.count({ where: { organizationId: org.id } }),
    ).toBe(0);
  });

  it("a member who left may ask again", async () => {
    const { org, domain } = await claiming();
    const user = await verifiedUser(domain);
    await f.member(org.id, user.id);
    await leaveOrganization(as(user.id), { organizationId: org.id });
    expect(await requestMembership(as(user.id), { organizationId: org.id })).toMatchObject({
      status: "Pending",
    });
  });
});

describe("deciding membership requests", () => {
  async function pending() {
    const { org, domain } = await claiming();
    const approver = await memberWith(org.id, [P.membersInvite, P.membersRead]);
    const requester = await verifiedUser(domain);
    const request = await requestMembership(as(requester.id), { organizationId: org.id });
    return { org, approver, requester, request };
  }

  it("members holding guildhall:members:invite list and approve, with roles they may grant", async () => {
    const { org, approver, requester, request } = await pending();
    const reader = await roleWith(P.membersRead);
    const remover = await roleWith(P.membersRemove);
    const page = await listMembershipRequests(as(approver.id), { organizationId: org.id });
    expect(page.total).toBe(1);
    expect(page.items.map((r) => r.id)).toEqual([request.id]);
    expect(
      (
        await listMembershipRequests(as(approver.id), {
          organizationId: org.id,
          status: "Declined",
        })
      ).total,
    ).toBe(0);

    const ref = { organizationId: org.id, requestId: request.id };
    await expectCode(
      decideMembershipRequest(as(approver.id), {
        ...ref,
        decision: "approve",
        organizationRoleIds: [reader.id, remover.id],
      }),
      "member.role_not_grantable",
    );
    expect(await memberIds(org.id)).toEqual([approver.id]);
    const approved = await decideMembershipRequest(as(approver.id), {
      ...ref,
      decision: "approve",
      organizationRoleIds: [reader.id],
    });
    expect(approved).toMatchObject({ id: request.id, status: "Approved" });
    expect(approved.decidedAt).toBeInstanceOf(Date);
    expect(await memberIds(org.id)).toEqual([approver.id, requester.id].sort());
    expect(await roleIdsOf(org.id, requester.id)).toEqual([reader.id]);
    expect(
      await t.db().organizationMembershipRequest.findUniqueOrThrow({ where: { id: request.id } }),
    ).toMatchObject({ decidedById: approver.id });
    const actions = await t.db().auditLog.findMany({
      where: { organizationId: org.id, actorId: approver.id },
      select: { action: true },
    });
    expect(actions.map((a) => a.action).sort()).toEqual([
      "member.added",
      "membership_request.approved",
    ]);
    await expectCode(
      decideMembershipRequest(as(approver.id), { ...ref, decision: "decline" }),
      "membership_request.already_decided",
    );
  });

  it("a declined request is not asked again", async () => {
    const { org, approver, requester, request } = await pending();
    const declined = await decideMembershipRequest(as(approver.id), {
      organizationId: org.id,
      requestId: request.id,
      decision: "decline",
    });
    expect(declined.status).toBe("Declined");
    expect(await memberIds(org.id)).toEqual([approver.id]);
    const error = await expectCode(
      requestMembership(as(requester.id), { organizationId: org.id }),
      "membership_request.already_decided",
    );
    expect(error.status).toBe(409);
    expect((await listOrganizationSuggestions(as(requester.id)))[0]).toMatchObject({
      id: org.id,
      requestStatus: "Declined",
    });
  });

  it("others are refused; a request of another organization is not found", async () => {
    const { org, approver, request } = await pending();
    const without = await memberWith(org.id, allBut(P.membersInvite));
    const outsider = await memberWith((await f.organization()).id, [P.membersInvite]);
    const ref = { organizationId: org.id, requestId: request.id };
    for (const userId of [without.id, outsider.id]) {
      await expectCode(
        listMembershipRequests(as(userId), { organizationId: org.id }),
        "auth.forbidden",
      );
      await expectCode(
        decideMembershipRequest(as(userId), { ...ref, decision: "approve" }),
        "auth.forbidden",
      );
    }
    const tokenWithout = { organizationId: org.id, scopes: allBut(P.membersInvite) };
    await expectCode(
      listMembershipRequests(as(approver.id, tokenWithout), { organizationId: org.id }),
      "auth.forbidden",
    );
    // The other organization's admin names their own organization, and this request.
    await expectCode(
      decideMembershipRequest(as(outsider.id), {
        organizationId: (
          await t.db().organizationMember.findFirstOrThrow({
            where: { userId: outsider.id },
          })
        ).organizationId,
        requestId: request.id,
        decision: "approve",
      }),
      "membership_request.not_found",
    );
    expect(
      await t.db().organizationMembershipRequest.findUniqueOrThrow({ where: { id: request.id } }),
    ).toMatchObject({ status: "Pending" });
    // The console decides any.
    await decideMembershipRequest(t.ctx(), { ...ref, decision: "decline" });
  });
});
