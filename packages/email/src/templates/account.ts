import { z } from "zod";
import { emailAddress, hexColor, httpUrl, singleLine } from "./fields.ts";
import { DEFAULT_BRAND_COLOR, renderLayout, type Inline, type RenderedEmail } from "./layout.ts";

// The emails of end users' own accounts. Codes and links that prove control of an address
// or reset a password are marked secret: the outbox keeps them only sealed.

const brandFields = {
  /** The name of this Guildhall deployment, shown above the card. */
  instanceName: singleLine(128),
  logoUrl: httpUrl.optional(),
  brandColor: hexColor.optional(),
};

const code = z.string().regex(/^\d{6}$/, "Expected a 6-digit code");
const minutes = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60);

export const emailVerificationData = z.object({
  ...brandFields,
  email: emailAddress,
  /** The 6-digit code. Secret. */
  code,
  /** The same verification as a link. Secret. */
  link: httpUrl,
  expiresInMinutes: minutes,
});
export type EmailVerificationData = z.input<typeof emailVerificationData>;

export const passwordResetData = z.object({
  ...brandFields,
  email: emailAddress,
  /** Whoever holds it can set a new password. Secret. */
  link: httpUrl,
  expiresInMinutes: minutes,
});
export type PasswordResetData = z.input<typeof passwordResetData>;

/**
 * Sent instead of a verification code when someone signs up with an address that already
 * has an account: the sign-up page answers the same either way, and the owner learns what
 * happened. Its links are plain pages (sign-in, forgot password), not secrets.
 */
export const accountExistsData = z.object({
  ...brandFields,
  email: emailAddress,
  signInLink: httpUrl,
  resetLink: httpUrl,
});
export type AccountExistsData = z.input<typeof accountExistsData>;

export const emailChangeData = z.object({
  ...brandFields,
  /** The new address, the one this email goes to. */
  newEmail: emailAddress,
  /** Secret. */
  code,
  expiresInMinutes: minutes,
});
export type EmailChangeData = z.input<typeof emailChangeData>;

const brandOf = (data: z.infer<z.ZodObject<typeof brandFields>>) => ({
  name: data.instanceName,
  logoUrl: data.logoUrl,
  color: data.brandColor ?? DEFAULT_BRAND_COLOR,
});

const ignoreIfNotYou = (email: string, what: string): Inline[][] => [
  ["This email was sent to ", { strong: email }, "."],
  [`If you did not ask ${what}, you can ignore it: nothing changes.`],
];

const inMinutes = (n: number) =>
  n % 60 === 0 ? `${n / 60} hour${n === 60 ? "" : "s"}` : `${n} minutes`;

/** "Verify your email": the 6-digit code and the same as a link. */
export async function renderEmailVerification(
  input: EmailVerificationData,
): Promise<RenderedEmail> {
  const data = emailVerificationData.parse(input);
  return renderLayout({
    subject: `Verify your email for ${data.instanceName}`,
    preview: "Your verification code is inside.",
    brand: brandOf(data),
    blocks: [
      { type: "heading", text: ["Verify your email"] },
      { type: "paragraph", text: ["Enter this code to verify your email address:"] },
      { type: "heading", text: [{ secret: data.code }] },
      { type: "paragraph", text: ["Or open this link:"] },
      { type: "action", label: "Verify email", href: data.link, secret: true },
      {
        type: "note",
        text: [
          `The code and the link work once and expire in ${inMinutes(data.expiresInMinutes)}.`,
        ],
      },
    ],
    footer: ignoreIfNotYou(data.email, "for an account"),
  });
}

/** "Reset your password": a single-use link. */
export async function renderPasswordReset(input: PasswordResetData): Promise<RenderedEmail> {
  const data = passwordResetData.parse(input);
  return renderLayout({
    subject: `Reset your ${data.instanceName} password`,
    preview: "Choose a new password.",
    brand: brandOf(data),
    blocks: [
      { type: "heading", text: ["Reset your password"] },
      {
        type: "paragraph",
        text: [
          "A password reset was requested for your account. Choose a new password with this link; you will then be signed out everywhere else.",
        ],
      },
      { type: "action", label: "Choose a new password", href: data.link, secret: true },
      {
        type: "note",
        text: [`The link works once and expires in ${inMinutes(data.expiresInMinutes)}.`],
      },
    ],
    footer: ignoreIfNotYou(data.email, "to reset your password"),
  });
}

/** "You already have an account": sent when a sign-up names an existing address. */
export async function renderAccountExists(input: AccountExistsData): Promise<RenderedEmail> {
  const data = accountExistsData.parse(input);
  return renderLayout({
    subject: `You already have a ${data.instanceName} account`,
    preview: "Sign in, or reset your password if you forgot it.",
    brand: brandOf(data),
    blocks: [
      { type: "heading", text: ["You already have an account"] },
      {
        type: "paragraph",
        text: [
          "Someone tried to sign up with this address, which already has an account. No new account was created.",
        ],
      },
      { type: "action", label: "Sign in", href: data.signInLink },
      { type: "paragraph", text: ["Forgot your password? Reset it:"] },
      { type: "action", label: "Reset password", href: data.resetLink },
    ],
    footer: ignoreIfNotYou(data.email, "for an account"),
  });
}

/** "Confirm your new email": a code sent to the new address of an account. */
export async function renderEmailChange(input: EmailChangeData): Promise<RenderedEmail> {
  const data = emailChangeData.parse(input);
  return renderLayout({
    subject: `Confirm your new email for ${data.instanceName}`,
    preview: "Your confirmation code is inside.",
    brand: brandOf(data),
    blocks: [
      { type: "heading", text: ["Confirm your new email"] },
      {
        type: "paragraph",
        text: ["Enter this code on your account page to make this address your account's email:"],
      },
      { type: "heading", text: [{ secret: data.code }] },
      {
        type: "note",
        text: [`The code works once and expires in ${inMinutes(data.expiresInMinutes)}.`],
      },
    ],
    footer: ignoreIfNotYou(data.newEmail, "to change your account's email"),
  });
}
