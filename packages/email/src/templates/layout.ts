import { escapeHtml, markup, unsafeRaw, type SafeHtml } from "../html.ts";
import { compiledShape, compileMjml, fillSlots, ShapeSlots } from "./compiled-shapes.ts";
import { readableTextColor } from "./format.ts";

/**
 * Text inside a block: plain strings, `{ strong }` for emphasis (bold in HTML), or
 * `{ secret }` for a value that must never be stored readable (a one-time code): it is
 * written as "…" in the redacted copy the outbox keeps.
 */
export type Inline = string | { strong: string } | { secret: string };

/**
 * The content of an email, written once and rendered to both the HTML and the text part,
 * so the two can never drift apart (the link in particular).
 */
export type Block =
  | { type: "heading"; text: Inline[] }
  | { type: "paragraph"; text: Inline[] }
  /**
   * A button plus the same link written out, for clients that block buttons. `secret`: the
   * link itself grants access (an invitation or reset link); the redacted copy shows it up
   * to its last "/" followed by "…" (`redactLink`).
   */
  | { type: "action"; label: string; href: string; secret?: boolean }
  | { type: "note"; text: Inline[] };

export interface Layout {
  subject: string;
  /** The inbox preview line. */
  preview: string;
  /** Shown above the card: a logo and/or a name. */
  brand: { name: string; logoUrl?: string | undefined; color: string };
  blocks: Block[];
  /** Small print under the card. */
  footer: Inline[][];
}

export interface RenderedEmail {
  /** Never carries a secret: templates cannot mark a part of it secret. */
  subject: string;
  html: string;
  text: string;
  /**
   * The same email with every part its template marked secret replaced by "…": the copy
   * the outbox keeps readable (the console's Emails page). Null when nothing is secret.
   */
  redacted: { html: string; text: string } | null;
}

/** What a redacted copy shows in place of a secret. */
export const REDACTED = "…";

/**
 * A secret link as the redacted copy shows it: origin and path up to the last "/", then
 * "…" (`https://id.example.com/invite/…`); query and fragment are dropped, since they may
 * carry the secret too.
 */
export function redactLink(href: string): string {
  const url = new URL(href);
  return `${url.origin}${url.pathname.slice(0, url.pathname.lastIndexOf("/") + 1)}${REDACTED}`;
}

/** Whether the email is rendered as sent, or as the redacted copy. */
type Mode = "reveal" | "redact";

/** Guildhall's default accent, used when an organization has no brand color. */
export const DEFAULT_BRAND_COLOR = "#3b5bdb";

// A constant with single quotes, placed in double-quoted attributes: not escaped.
const FONT = unsafeRaw(
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
);
const MUTED = "#59636e";

const inlineString = (part: Inline, mode: Mode): string =>
  typeof part === "string"
    ? part
    : "strong" in part
      ? part.strong
      : mode === "reveal"
        ? part.secret
        : REDACTED;

/** A placeholder for one inline part: a secret reads "…" in the redacted copy. */
const inlineSlot = (part: Inline, slots: ShapeSlots): SafeHtml =>
  slots.add(inlineString(part, "reveal"), inlineString(part, "redact"));

const inlineHtml = (parts: Inline[], slots: ShapeSlots): SafeHtml[] =>
  parts.map((part) =>
    typeof part === "object" && "strong" in part
      ? markup`<strong>${inlineSlot(part, slots)}</strong>`
      : inlineSlot(part, slots),
  );

const inlineText = (parts: Inline[], mode: Mode): string =>
  parts.map((part) => inlineString(part, mode)).join("");

const actionHref = (block: { href: string; secret?: boolean }, mode: Mode): string =>
  block.secret && mode === "redact" ? redactLink(block.href) : block.href;

/** Links use the brand color only when it reads on white; a pale brand color would not. */
const linkColor = (color: string) =>
  readableTextColor(color) === "#ffffff" ? color : DEFAULT_BRAND_COLOR;

function blockMjml(block: Block, color: string, slots: ShapeSlots): SafeHtml {
  switch (block.type) {
    case "heading":
      return markup`<mj-text font-size="22px" font-weight="600" line-height="1.3" padding="0 0 20px 0">${inlineHtml(block.text, slots)}</mj-text>`;
    case "paragraph":
      return markup`<mj-text>${inlineHtml(block.text, slots)}</mj-text>`;
    case "action": {
      const href = slots.add(actionHref(block, "reveal"), actionHref(block, "redact"));
      return markup`<mj-button href="${href}" background-color="${color}" color="${readableTextColor(color)}">${slots.add(block.label)}</mj-button>
        <mj-text font-size="13px" color="${MUTED}">Button not working? Paste this link into your browser:<br /><a href="${href}" style="color:${linkColor(color)};word-break:break-all">${href}</a></mj-text>`;
    }
    case "note":
      return markup`<mj-text font-size="13px" color="${MUTED}">${inlineHtml(block.text, slots)}</mj-text>`;
  }
}

function blockText(block: Block, mode: Mode): string {
  switch (block.type) {
    case "heading":
    case "paragraph":
    case "note":
      return inlineText(block.text, mode);
    case "action":
      return `${block.label}:\n${actionHref(block, mode)}`;
  }
}

/**
 * The layout's MJML with every text and link as a placeholder of `slots` (see
 * `ShapeSlots`); colors, the only values MJML checks, are written in.
 */
export function layoutMjml(layout: Layout, slots: ShapeSlots): string {
  const { brand } = layout;
  const brandName = slots.add(brand.name);
  const logo = brand.logoUrl
    ? markup`<mj-image src="${slots.add(brand.logoUrl)}" alt="${brandName}" width="48px" padding="0 0 12px 0" />`
    : null;
  const footer = layout.footer.map(
    (line) =>
      markup`<mj-text font-size="12px" color="${MUTED}" align="center" padding="0 0 8px 0">${inlineHtml(line, slots)}</mj-text>`,
  );
  return markup`<mjml lang="en">
  <mj-head>
    <mj-title>${slots.add(layout.subject)}</mj-title>
    <mj-preview>${slots.add(layout.preview)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${FONT}" />
      <mj-text font-size="15px" line-height="1.6" color="#1f2328" padding="0 0 16px 0" />
      <mj-button font-size="15px" font-weight="600" border-radius="6px" inner-padding="12px 24px" padding="8px 0 24px 0" align="left" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f5f6f8" width="600px">
    <mj-section padding="32px 16px 16px 16px">
      <mj-column>
        ${logo}
        <mj-text align="center" font-size="17px" font-weight="600" padding="0">${brandName}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-top="4px solid ${brand.color}" border-radius="8px" padding="32px 32px 16px 32px">
      <mj-column>
        ${layout.blocks.map((block) => blockMjml(block, brand.color, slots))}
      </mj-column>
    </mj-section>
    <mj-section padding="16px 32px 32px 32px">
      <mj-column>
        ${footer}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`.toString();
}

function layoutText(layout: Layout, mode: Mode): string {
  const body = layout.blocks.map((block) => blockText(block, mode)).join("\n\n");
  const footer = layout.footer.map((line) => inlineText(line, mode)).join("\n");
  return `${body}\n\n--\n${footer}\n`;
}

/** Every value the layout marks secret (links and inline secrets), as sent. */
function secretsOf(layout: Layout): string[] {
  const inline = (parts: Inline[]) =>
    parts.flatMap((p) => (typeof p === "object" && "secret" in p ? [p.secret] : []));
  return [
    ...layout.blocks.flatMap((block) =>
      block.type === "action"
        ? block.secret
          ? secretLinkParts(block.href)
          : []
        : inline(block.text),
    ),
    ...layout.footer.flatMap(inline),
  ];
}

/** A secret link, and the part `redactLink` removes when it is long enough to search for. */
function secretLinkParts(href: string): string[] {
  const url = new URL(href);
  const tail = url.pathname.slice(url.pathname.lastIndexOf("/") + 1) + url.search + url.hash;
  return tail.length >= 8 ? [href, tail] : [href];
}

/**
 * The HTML of both copies: from the compiled shape when MJML copied every placeholder
 * verbatim (the usual case), else compiled with the values written in.
 */
async function layoutHtml(layout: Layout): Promise<(mode: Mode) => Promise<string>> {
  const slots = new ShapeSlots();
  const source = layoutMjml(layout, slots);
  const shape = await compiledShape(source, slots);
  return async (mode) =>
    shape ? shape.fill(slots, mode) : compileMjml(fillSlots(source, slots, mode));
}

/**
 * Renders a layout to the subject, the HTML part (through MJML) and the text part; when the
 * layout marks something secret, also the copy with the secrets replaced (`redacted`).
 */
export async function renderLayout(layout: Layout): Promise<RenderedEmail> {
  const html = await layoutHtml(layout);
  const email = {
    subject: layout.subject,
    html: await html("reveal"),
    text: layoutText(layout, "reveal"),
  };
  const secrets = secretsOf(layout);
  if (secrets.length === 0) return { ...email, redacted: null };
  const redacted = { html: await html("redact"), text: layoutText(layout, "redact") };
  // The redacted copy is stored readable: make sure no secret slipped into it (say, a
  // template that also wrote the link into a paragraph without marking it).
  for (const secret of secrets) {
    for (const form of [secret, escapeHtml(secret)]) {
      if (
        redacted.html.includes(form) ||
        redacted.text.includes(form) ||
        layout.subject.includes(secret)
      ) {
        throw new Error(
          "A secret of this email appears outside the parts its template marks secret.",
        );
      }
    }
  }
  return { ...email, redacted };
}
