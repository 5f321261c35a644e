import type mjml2htmlType from "mjml";
import { markup, unsafeRaw, type SafeHtml } from "../html.ts";
import { readableTextColor } from "./format.ts";

/** Text inside a block: plain strings, or `{ strong }` for emphasis (bold in HTML). */
export type Inline = string | { strong: string };

/**
 * The content of an email, written once and rendered to both the HTML and the text part,
 * so the two can never drift apart (the link in particular).
 */
export type Block =
  | { type: "heading"; text: Inline[] }
  | { type: "paragraph"; text: Inline[] }
  /** A button plus the same link written out, for clients that block buttons. */
  | { type: "action"; label: string; href: string }
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
  subject: string;
  html: string;
  text: string;
}

/** Guildhall's default accent, used when an organization has no brand color. */
export const DEFAULT_BRAND_COLOR = "#3b5bdb";

// A constant with single quotes, placed in double-quoted attributes: not escaped.
const FONT = unsafeRaw(
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
);
const MUTED = "#59636e";

const inlineHtml = (parts: Inline[]): SafeHtml[] =>
  parts.map((part) =>
    typeof part === "string" ? markup`${part}` : markup`<strong>${part.strong}</strong>`,
  );

const inlineText = (parts: Inline[]): string =>
  parts.map((p) => (typeof p === "string" ? p : p.strong)).join("");

/** Links use the brand color only when it reads on white; a pale brand color would not. */
const linkColor = (color: string) =>
  readableTextColor(color) === "#ffffff" ? color : DEFAULT_BRAND_COLOR;

function blockMjml(block: Block, color: string): SafeHtml {
  switch (block.type) {
    case "heading":
      return markup`<mj-text font-size="22px" font-weight="600" line-height="1.3" padding="0 0 20px 0">${inlineHtml(block.text)}</mj-text>`;
    case "paragraph":
      return markup`<mj-text>${inlineHtml(block.text)}</mj-text>`;
    case "action":
      return markup`<mj-button href="${block.href}" background-color="${color}" color="${readableTextColor(color)}">${block.label}</mj-button>
        <mj-text font-size="13px" color="${MUTED}">Button not working? Paste this link into your browser:<br /><a href="${block.href}" style="color:${linkColor(color)};word-break:break-all">${block.href}</a></mj-text>`;
    case "note":
      return markup`<mj-text font-size="13px" color="${MUTED}">${inlineHtml(block.text)}</mj-text>`;
  }
}

function blockText(block: Block): string {
  switch (block.type) {
    case "heading":
    case "paragraph":
    case "note":
      return inlineText(block.text);
    case "action":
      return `${block.label}:\n${block.href}`;
  }
}

function layoutMjml(layout: Layout): string {
  const { brand } = layout;
  const logo = brand.logoUrl
    ? markup`<mj-image src="${brand.logoUrl}" alt="${brand.name}" width="48px" padding="0 0 12px 0" />`
    : null;
  const footer = layout.footer.map(
    (line) =>
      markup`<mj-text font-size="12px" color="${MUTED}" align="center" padding="0 0 8px 0">${inlineHtml(line)}</mj-text>`,
  );
  return markup`<mjml lang="en">
  <mj-head>
    <mj-title>${layout.subject}</mj-title>
    <mj-preview>${layout.preview}</mj-preview>
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
        <mj-text align="center" font-size="17px" font-weight="600" padding="0">${brand.name}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-top="4px solid ${brand.color}" border-radius="8px" padding="32px 32px 16px 32px">
      <mj-column>
        ${layout.blocks.map((block) => blockMjml(block, brand.color))}
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

function layoutText(layout: Layout): string {
  const body = layout.blocks.map(blockText).join("\n\n");
  const footer = layout.footer.map(inlineText).join("\n");
  return `${body}\n\n--\n${footer}\n`;
}

type Mjml2Html = typeof mjml2htmlType;
let mjmlLoader: Promise<Mjml2Html> | undefined;

/** MJML takes most of a second to load, so it is loaded on the first render, not on import. */
function loadMjml(): Promise<Mjml2Html> {
  mjmlLoader ??= import("mjml").then((m) => m.default);
  return mjmlLoader;
}

/** Renders a layout to the subject, the HTML part (through MJML) and the text part. */
export async function renderLayout(layout: Layout): Promise<RenderedEmail> {
  const mjml2html = await loadMjml();
  // strict: a markup mistake in a template fails loudly instead of sending a broken email.
  const { html: markup } = await mjml2html(layoutMjml(layout), {
    validationLevel: "strict",
    fonts: {},
    keepComments: false,
  });
  return { subject: layout.subject, html: markup, text: layoutText(layout) };
}
