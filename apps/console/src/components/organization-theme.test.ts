import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OrganizationTheme } from "./organization-theme";

const render = (props: Parameters<typeof OrganizationTheme>[0]) =>
  renderToStaticMarkup(createElement(OrganizationTheme, props));

describe("OrganizationTheme", () => {
  it("applies the colors, favicons and custom CSS, keeping `>` selectors intact", () => {
    const html = render({
      primaryColor: "#0f766e",
      darkPrimaryColor: "#5eead4",
      favicon: "https://cdn.example.com/f.ico",
      darkFavicon: "https://cdn.example.com/d.ico",
      customCss: ".card > h1 { letter-spacing: 0; }",
    });
    expect(html).toContain("--primary: #0f766e");
    expect(html).toContain("--primary: #5eead4");
    expect(html).toContain(".card > h1");
    expect(html).toContain('<link rel="icon" href="https://cdn.example.com/f.ico"/>');
    expect(html).toContain('media="(prefers-color-scheme: dark)"');
    expect(html).not.toContain("<span data-light-only");
  });

  it("keeps the page light when dark mode is off, without the dark color", () => {
    const html = render({
      primaryColor: "#0f766e",
      darkPrimaryColor: "#5eead4",
      isDarkModeEnabled: false,
    });
    expect(html).toContain("<span data-light-only");
    expect(html).not.toContain("#5eead4");
  });

  it("custom CSS cannot close the <style> element and inject markup", () => {
    const html = render({
      customCss: 'a::after { content: "</style><script>alert(1)</script>"; }',
    });
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).not.toContain("<script>");
  });

  it("renders nothing for an organization without a look", () => {
    expect(render({})).toBe("");
  });
});
