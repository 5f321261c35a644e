import { randomBytes } from "node:crypto";
import type mjml2htmlType from "mjml";
import { escapeHtml, unsafeRaw, type SafeHtml } from "../html.ts";

type Mjml2Html = typeof mjml2htmlType;
let mjmlLoader: Promise<Mjml2Html> | undefined;

/** MJML takes most of a second to load, so it is loaded on the first render, not on import. */
function loadMjml(): Promise<Mjml2Html> {
  mjmlLoader ??= import("mjml").then((m) => m.default);
  return mjmlLoader;
}

/**
 * Compiles MJML to HTML. strict: a markup mistake in a template fails loudly instead of
 * sending a broken email.
 */
export async function compileMjml(source: string): Promise<string> {
  const mjml2html = await loadMjml();
  return (await mjml2html(source, { validationLevel: "strict", fonts: {}, keepComments: false }))
    .html;
}

/**
 * A value of an email whose text differs by copy: as sent, and in the redacted copy the
 * outbox keeps readable.
 */
export interface SlotValue {
  reveal: string;
  redact: string;
}

/**
 * Collects an email's values as placeholders while its MJML is written, so the MJML (the
 * "shape": structure, colors, which parts exist) is the same for every invitation of an
 * organization and can be compiled once.
 *
 * Why not MJML every time: compiling takes ~5 ms of CPU per copy (two per invitation, as
 * sent and redacted), most of an invitation's cost; MJML has no precompiled-template API.
 * The placeholders are letters and digits with a per-process random nonce, so MJML copies
 * them untouched and no user text can contain one; `fill` replaces them in one pass, so a
 * value is never scanned again.
 */
export class ShapeSlots {
  static readonly #nonce = randomBytes(6).toString("hex");
  static readonly pattern = new RegExp(`gh${ShapeSlots.#nonce}s(\\d+)e`, "g");
  readonly values: SlotValue[] = [];

  /** A placeholder for `value` (escaped when filled), or `redact` in the redacted copy. */
  add(reveal: string, redact: string = reveal): SafeHtml {
    this.values.push({ reveal, redact });
    return unsafeRaw(`gh${ShapeSlots.#nonce}s${this.values.length - 1}e`);
  }
}

/** A compiled shape: its HTML with the placeholders still in it. */
class CompiledShape {
  constructor(readonly html: string) {}

  /** The HTML with each placeholder replaced by its escaped value for `mode`. */
  fill(slots: ShapeSlots, mode: keyof SlotValue): string {
    return fillSlots(this.html, slots, mode);
  }
}

/** `text` (MJML or HTML) with each of `slots`' placeholders replaced by its escaped value. */
export function fillSlots(text: string, slots: ShapeSlots, mode: keyof SlotValue): string {
  return text.replace(ShapeSlots.pattern, (_, i: string) =>
    escapeHtml(slots.values[Number(i)]?.[mode] ?? ""),
  );
}

/** Shapes kept, least recently used dropped first: about 10 KB each, so a few MB at most. */
const MAX_SHAPES = 256;
const shapes = new Map<string, Promise<CompiledShape | null>>();

/**
 * The compiled shape of `source` (MJML with `slots`' placeholders), from the cache when an
 * email of the same shape was rendered before. Null when MJML did not copy every
 * placeholder verbatim (a template that puts a value where MJML rewrites it): the caller
 * then compiles the email with its values in place.
 */
export async function compiledShape(
  source: string,
  slots: ShapeSlots,
): Promise<CompiledShape | null> {
  let shape = shapes.get(source);
  if (shape) {
    shapes.delete(source); // re-inserted below: most recently used last
  } else {
    shape = compileMjml(source).then((html) => {
      const seen = new Set([...html.matchAll(ShapeSlots.pattern)].map((m) => Number(m[1])));
      return seen.size === slots.values.length ? new CompiledShape(html) : null;
    });
    // A failed compile is not kept: the next render tries again and reports its own error.
    shape.catch(() => shapes.delete(source));
  }
  shapes.set(source, shape);
  if (shapes.size > MAX_SHAPES) shapes.delete(shapes.keys().next().value as string);
  return shape;
}

/** How many shapes are kept (for tests of the bound). */
export function compiledShapeCount(): number {
  return shapes.size;
}
