import {
  assignRoleScopes,
  createApiResource,
  createApiScope,
  createApplication,
  createInvitation,
  createRole,
} from "@guildhall/core";
import type { Page } from "@playwright/test";
import { ctx, db, expect, seed, settled, unique } from "./fixtures.ts";

export interface MainPage {
  /** File-name friendly, e.g. "organization-members". */
  name: string;
  path: string;
  /** Visible once the page has rendered its content. */
  heading: string | RegExp;
}

const APPLICATION = "Acme Portal";

/** The application the pages show (made once, found afterwards). */
async function portal() {
  const existing = await db().application.findFirst({
    where: { name: APPLICATION },
    select: { id: true },
  });
  if (existing) return existing;
  const { application } = await createApplication(ctx(), {
    name: APPLICATION,
    type: "Traditional",
    redirectUris: ["http://localhost:4000/callback"],
  });
  return application;
}

const API_RESOURCE = "Acme Billing API";

/** The API resource the pages show, with one permission (made once, found afterwards). */
async function billingApi() {
  const existing = await db().apiResource.findFirst({
    where: { name: API_RESOURCE },
    select: { id: true },
  });
  if (existing) return existing;
  const resource = await createApiResource(ctx(), {
    name: API_RESOURCE,
    indicator: "https://billing.acme.example.com",
  });
  await createApiScope(ctx(), {
    resourceId: resource.id,
    name: "read:invoice",
    description: "Read invoices",
  });
  return resource;
}

const ROLE = "Acme billing reader";

/** The global role the pages show, holding the billing API's permission (made once, found afterwards). */
async function billingReader(resourceId: string) {
  const existing = await db().role.findFirst({ where: { name: ROLE }, select: { id: true } });
  if (existing) return existing;
  const role = await createRole(ctx(), { name: ROLE, description: "Reads invoices", type: "User" });
  const scope = await db().apiScope.findFirstOrThrow({
    where: { resourceId },
    select: { id: true },
  });
  await assignRoleScopes(ctx(), { roleId: role.id, scopeIds: [scope.id] });
  return role;
}

/** The landing page of a new pending invitation to Acme (not emailed). */
export async function pendingInvitationPath(organizationId: string): Promise<string> {
  const { link } = await createInvitation(ctx(), {
    organizationId,
    invitee: `${unique("invitee")}@example.com`,
    baseUrl: process.env.E2E_BASE_URL ?? "http://localhost:3210",
    sendEmail: false,
  });
  return new URL(link).pathname;
}

/** The console's main pages, on the seed data (Acme, Alice). */
export async function mainPages(): Promise<MainPage[]> {
  const { acme, alice } = await seed();
  const application = await portal();
  const apiResource = await billingApi();
  const role = await billingReader(apiResource.id);
  return [
    { name: "overview", path: "/", heading: "Overview" },
    { name: "template-roles", path: "/template/roles", heading: "Organization template" },
    {
      name: "template-permissions",
      path: "/template/permissions",
      heading: "Organization template",
    },
    { name: "organizations", path: "/organizations", heading: "Organizations" },
    { name: "organization-members", path: `/organizations/${acme.id}/members`, heading: "Acme" },
    { name: "organization-settings", path: `/organizations/${acme.id}/settings`, heading: "Acme" },
    { name: "users", path: "/users", heading: "Users" },
    { name: "user-detail", path: `/users/${alice.id}`, heading: "Alice" },
    { name: "console-members", path: "/console-members", heading: "Console members" },
    { name: "applications", path: "/applications", heading: "Applications" },
    { name: "application-detail", path: `/applications/${application.id}`, heading: APPLICATION },
    { name: "api-resources", path: "/api-resources", heading: "API resources" },
    {
      name: "api-resource-detail",
      path: `/api-resources/${apiResource.id}`,
      heading: API_RESOURCE,
    },
    { name: "roles", path: "/roles", heading: "Roles" },
    { name: "role-detail", path: `/roles/${role.id}`, heading: ROLE },
    {
      name: "organization-invitations",
      path: `/organizations/${acme.id}/invitations`,
      heading: "Acme",
    },
    {
      name: "organization-applications",
      path: `/organizations/${acme.id}/applications`,
      heading: "Acme",
    },
    { name: "emails", path: "/emails", heading: "Emails" },
    { name: "signing-keys", path: "/settings/signing-keys", heading: "Signing keys" },
    { name: "email-settings", path: "/settings/email", heading: "Email settings" },
    { name: "retention", path: "/settings/retention", heading: "Data retention" },
    { name: "webhooks", path: "/webhooks", heading: "Webhooks" },
    { name: "audit-log", path: "/audit-log", heading: "Audit log" },
    { name: "organization-audit", path: `/organizations/${acme.id}/audit`, heading: "Acme" },
    {
      name: "invitation-landing",
      path: await pendingInvitationPath(acme.id),
      heading: "Join Acme",
    },
    {
      name: "account-organizations",
      path: "/account/organizations",
      heading: "Your organizations",
    },
  ];
}

/** Opens a page and waits until its lists have loaded. */
export async function visit(page: Page, target: { path: string; heading: string | RegExp }) {
  await page.goto(target.path);
  await expect(page.getByRole("heading", { level: 1, name: target.heading })).toBeVisible();
  await settled(page);
}
