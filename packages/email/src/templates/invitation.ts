import { z } from "zod";
import { formatDateTimeUtc, joinAnd } from "./format.ts";
import { dateTime, emailAddress, hexColor, httpUrl, singleLine } from "./fields.ts";
import {
  DEFAULT_BRAND_COLOR,
  renderLayout,
  type Block,
  type Inline,
  type RenderedEmail,
} from "./layout.ts";

/** Data for the email that invites someone into an organization. */
export const organizationInvitationData = z.object({
  organization: z.object({
    name: singleLine(128),
    logoUrl: httpUrl.optional(),
    brandColor: hexColor.optional(),
  }),
  /** Display name of the person who sent the invitation; omitted for API-created ones. */
  inviterName: singleLine(128).optional(),
  /** Names of the organization roles the invitee gets on accepting. May be empty. */
  roles: z.array(singleLine(128)).max(50).default([]),
  expiresAt: dateTime,
  /** The invitation landing page. Secret: the outbox keeps it only encrypted. */
  link: httpUrl,
  /** The address the invitation went to, repeated in the small print. */
  inviteeEmail: emailAddress.optional(),
  /** The customer's product name, e.g. "Acme Cloud": "join Acme on Acme Cloud". */
  productName: singleLine(128).optional(),
});
export type OrganizationInvitationData = z.input<typeof organizationInvitationData>;

/** Data for the email that invites someone to the Guildhall console itself. */
export const consoleInvitationData = z.object({
  /** The name of this Guildhall deployment, e.g. "Acme Identity". */
  instanceName: singleLine(128),
  role: z.enum(["admin", "collaborator"]),
  inviterName: singleLine(128).optional(),
  expiresAt: dateTime,
  link: httpUrl,
  inviteeEmail: emailAddress.optional(),
  logoUrl: httpUrl.optional(),
  brandColor: hexColor.optional(),
});
export type ConsoleInvitationData = z.input<typeof consoleInvitationData>;

function smallPrint(inviteeEmail: string | undefined): Inline[][] {
  const ignore: Inline[] = [
    "If you were not expecting it, you can ignore this email: nothing happens unless you accept.",
  ];
  return inviteeEmail
    ? [["This invitation was sent to ", { strong: inviteeEmail }, "."], ignore]
    : [ignore];
}

/** Renders the organization invitation. Validates `input` (throws a ZodError when invalid). */
export async function renderOrganizationInvitation(
  input: OrganizationInvitationData,
): Promise<RenderedEmail> {
  const data = organizationInvitationData.parse(input);
  const org = data.organization.name;
  const on = data.productName ? ` on ${data.productName}` : "";
  const subject = data.inviterName
    ? `${data.inviterName} invited you to join ${org}${on}`
    : `You're invited to join ${org}${on}`;

  const intro: Inline[] = data.inviterName
    ? [{ strong: data.inviterName }, " invited you to join ", { strong: org }, `${on}.`]
    : ["You have been invited to join ", { strong: org }, `${on}.`];
  const blocks: Block[] = [
    { type: "heading", text: [`Join ${org}`] },
    { type: "paragraph", text: intro },
  ];
  if (data.roles.length > 0) {
    const roles = data.roles.flatMap((role, i): Inline[] => {
      const sep = i === 0 ? "" : i === data.roles.length - 1 ? " and " : ", ";
      return sep ? [sep, { strong: role }] : [{ strong: role }];
    });
    blocks.push({
      type: "paragraph",
      text: [data.roles.length === 1 ? "Your role: " : "Your roles: ", ...roles, "."],
    });
  }
  blocks.push(
    // The link is the invitation itself: whoever holds it can accept. Secret.
    { type: "action", label: "Accept invitation", href: data.link, secret: true },
    { type: "note", text: [`This invitation expires on ${formatDateTimeUtc(data.expiresAt)}.`] },
  );

  return renderLayout({
    subject,
    preview: data.roles.length > 0 ? `Join ${org} as ${joinAnd(data.roles)}.` : `Join ${org}.`,
    brand: {
      name: org,
      logoUrl: data.organization.logoUrl,
      color: data.organization.brandColor ?? DEFAULT_BRAND_COLOR,
    },
    blocks,
    footer: smallPrint(data.inviteeEmail),
  });
}

const consoleRoleSummary = {
  admin:
    "Admins can do everything in the console, including managing console members and instance settings.",
  collaborator:
    "Collaborators manage the organization template, organizations and their members; console members and instance settings stay with admins.",
} as const satisfies Record<z.infer<typeof consoleInvitationData>["role"], string>;

/** Renders the console-member invitation ("join the <instance> console as admin"). */
export async function renderConsoleInvitation(
  input: ConsoleInvitationData,
): Promise<RenderedEmail> {
  const data = consoleInvitationData.parse(input);
  const consoleName = `the ${data.instanceName} console`;
  const article = data.role === "admin" ? "an" : "a";
  const subject = data.inviterName
    ? `${data.inviterName} invited you to ${consoleName} as ${article} ${data.role}`
    : `Join ${consoleName} as ${article} ${data.role}`;

  const intro: Inline[] = [
    ...(data.inviterName
      ? [{ strong: data.inviterName }, " invited you to join "]
      : ["You have been invited to join "]),
    `${consoleName} as ${article} `,
    { strong: data.role },
    ".",
  ];

  return renderLayout({
    subject,
    preview: `Join ${consoleName} as ${article} ${data.role}.`,
    brand: {
      name: data.instanceName,
      logoUrl: data.logoUrl,
      color: data.brandColor ?? DEFAULT_BRAND_COLOR,
    },
    blocks: [
      { type: "heading", text: [`Join ${consoleName}`] },
      { type: "paragraph", text: intro },
      { type: "paragraph", text: [consoleRoleSummary[data.role]] },
      // Whoever holds the link can become a console member: secret.
      { type: "action", label: "Join the console", href: data.link, secret: true },
      { type: "note", text: [`This invitation expires on ${formatDateTimeUtc(data.expiresAt)}.`] },
    ],
    footer: smallPrint(data.inviteeEmail),
  });
}
