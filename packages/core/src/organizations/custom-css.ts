import postcss, { CssSyntaxError, type Root } from "postcss";
import { DomainError } from "../errors.ts";

/**
 * Refuses custom CSS that does not parse (an unclosed block, a stray brace): it would break
 * every page it is applied to, silently. `@import` is refused too: the pages' CSP would block
 * the fetch anyway (`style-src 'self'`), so accepting it would be accepting and dropping.
 * @throws guard.invalid_input, with the line and column of the problem
 */
export function assertValidCustomCss(css: string): void {
  let root: Root;
  try {
    root = postcss.parse(css);
  } catch (error) {
    if (!(error instanceof CssSyntaxError)) throw error;
    const where = error.line === undefined ? "" : ` (line ${error.line}, column ${error.column})`;
    throw invalidCss(`customCss is not valid CSS${where}: ${error.reason}`);
  }
  root.walkAtRules("import", (rule) => {
    const line = rule.source?.start?.line;
    throw invalidCss(
      `customCss cannot use @import${line === undefined ? "" : ` (line ${line})`}: the page's Content-Security-Policy blocks it. Inline the rules instead.`,
    );
  });
}

function invalidCss(message: string): DomainError {
  return new DomainError("guard.invalid_input", message, {
    issues: [{ path: ["customCss"], message }],
  });
}

/**
 * Custom CSS made safe to place inside a `<style>` element: every `<` becomes the CSS escape
 * `\3c `, so no `</style>` (or `<!--`) in the text, even inside a CSS string or comment, can
 * end the element and inject markup. In strings and identifiers the escape still means `<`;
 * elsewhere `<` is not valid CSS anyway. Rows written before `assertValidCustomCss` existed
 * go through this too: it never trusts the stored text.
 */
export function cssForStyleElement(css: string): string {
  return css.replaceAll("<", "\\3c ");
}
