import { z } from "zod";

/**
 * One line of user-provided text (organization name, inviter name, role name): control
 * characters and runs of whitespace become one space, so nothing can break a subject line
 * or the plain-text layout.
 */
export const singleLine = (max: number) =>
  z
    .string()
    // eslint-disable-next-line no-control-regex
    .transform((s) => s.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim())
    .pipe(z.string().min(1).max(max));

/** An absolute http(s) URL, normalized (so it cannot carry whitespace or quotes unencoded). */
export const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .transform((s, ctx) => {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      ctx.addIssue({ code: "custom", message: "Expected an absolute URL" });
      return z.NEVER;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "Only http and https links are allowed" });
      return z.NEVER;
    }
    return url.href;
  });

/** `#rgb` or `#rrggbb`: the only shape a color may have, since it lands in inline CSS. */
export const hexColor = z
  .string()
  .trim()
  .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, "Expected a hex color like #1a73e8")
  .transform((s) => s.toLowerCase());

/** A Date, or an ISO 8601 date-time string (what arrives after JSON). */
export const dateTime = z.union([
  z.date(),
  z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
]);

export const emailAddress = z.string().trim().pipe(z.email().max(254));
