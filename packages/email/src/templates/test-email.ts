import { z } from "zod";
import { httpUrl, singleLine } from "./fields.ts";
import { DEFAULT_BRAND_COLOR, renderLayout, type RenderedEmail } from "./layout.ts";

/** "Send test email" on the console's Email settings page. Nothing in it is secret. */
export const testEmailData = z.object({
  /** The name of this Guildhall deployment, shown above the card. */
  instanceName: singleLine(128),
  /** The console admin who asked for it (their email, or name). */
  requestedBy: singleLine(254),
  /** How it leaves, for the reader, e.g. `smtp.example.com:587`. */
  server: singleLine(300),
  /** The console, where the outbox shows what happened to this email. */
  consoleUrl: httpUrl,
});
export type TestEmailData = z.input<typeof testEmailData>;

/** "Email delivery works": proof that SMTP settings deliver to a real inbox. */
export async function renderTestEmail(input: TestEmailData): Promise<RenderedEmail> {
  const data = testEmailData.parse(input);
  return renderLayout({
    subject: `Test email from ${data.instanceName}`,
    preview: "If you can read this, email delivery works.",
    brand: { name: data.instanceName, color: DEFAULT_BRAND_COLOR },
    blocks: [
      { type: "heading", text: ["Email delivery works"] },
      {
        type: "paragraph",
        text: [
          "This test email was sent through ",
          { strong: data.server },
          " because ",
          { strong: data.requestedBy },
          " asked for it on the console's Email settings page.",
        ],
      },
      {
        type: "paragraph",
        text: ["Invitations, verification codes and password resets leave the same way."],
      },
      { type: "action", label: "Open the console", href: data.consoleUrl },
    ],
    footer: [["If you did not expect this email, you can ignore it: nothing changes."]],
  });
}
