/**
 * Markup that is already safe to place in HTML (or MJML). Only `markup` and `unsafeRaw`
 * make one, so any plain string that reaches a template is escaped.
 */
export class SafeHtml {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}

/** What a template may interpolate. `null`, `undefined` and `false` render nothing. */
export type HtmlValue =
  string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values.
 *
 * @example
 * escapeHtml(`<b title="x">`) // "&lt;b title=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeHtml(value);
  return value.map(renderValue).join("");
}

/**
 * Tagged template for HTML and MJML: the literal parts are trusted, every interpolated
 * value is escaped unless it is itself `SafeHtml`. (Not named `html`: Prettier would
 * reformat the markup of templates with that tag, and so change the output.)
 *
 * @example
 * markup`<mj-text>Hello ${name}</mj-text>` // name "<x>" renders as "&lt;x&gt;"
 */
export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Marks a string as trusted markup. Only for constants written in this package. */
export function unsafeRaw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}
