/**
 * A minimal browser for end-to-end tests over HTTP: one cookie jar keyed by host name (as
 * browsers do, so apps on two ports of 127.0.0.1 see each other's cookies), cookie paths and
 * deletion, and redirects followed by hand.
 */
interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export interface Page {
  url: URL;
  status: number;
  headers: Headers;
  text: string;
  /** `text` with whitespace collapsed and none between tags, for assertions on markup. */
  html: string;
}

export function squash(markup: string): string {
  return markup.replace(/\s+/g, " ").replace(/> </g, "><");
}

function defaultPath(url: URL): string {
  const i = url.pathname.lastIndexOf("/");
  return i <= 0 ? "/" : url.pathname.slice(0, i);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

export class TestBrowser {
  private readonly jars = new Map<string, StoredCookie[]>();

  /** Sets a cookie for a host, e.g. Guildhall's own session cookie. */
  setCookie(url: string, pair: string): void {
    const eq = pair.indexOf("=");
    this.store(new URL(url).hostname, {
      name: pair.slice(0, eq),
      value: pair.slice(eq + 1),
      path: "/",
    });
  }

  cookieNames(url: string): string[] {
    return (this.jars.get(new URL(url).hostname) ?? []).map((c) => c.name);
  }

  private store(host: string, cookie: StoredCookie, remove = false) {
    const jar = (this.jars.get(host) ?? []).filter(
      (c) => !(c.name === cookie.name && c.path === cookie.path),
    );
    if (!remove) jar.push(cookie);
    this.jars.set(host, jar);
  }

  private remember(url: URL, headers: Headers) {
    for (const header of headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      let path = defaultPath(url);
      let remove = false;
      for (const attribute of attributes) {
        const [key = "", value = ""] = attribute.split("=", 2);
        const name = key.toLowerCase();
        if (name === "path" && value.startsWith("/")) path = value;
        if (name === "max-age" && Number(value) <= 0) remove = true;
        if (name === "expires" && Date.parse(value) <= Date.now()) remove = true;
      }
      this.store(
        url.hostname,
        { name: pair.slice(0, eq), value: pair.slice(eq + 1), path },
        remove,
      );
    }
  }

  /** The `Cookie` header this browser sends to `url` (for a request made by other means). */
  cookieHeader(url: URL): string {
    return (this.jars.get(url.hostname) ?? [])
      .filter((c) => pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  /** One request, no redirects followed. */
  async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const target = new URL(url);
    const headers = new Headers({ ...init.headers, cookie: this.cookieHeader(target) });
    let body: string | undefined;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, {
      method: init.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
    });
    this.remember(target, res.headers);
    const text = await res.text();
    return { url: target, status: res.status, headers: res.headers, text, html: squash(text) };
  }

  /** A request, then its redirects (as GET), until a page that is not a redirect or `stopAt` is reached. */
  async navigate(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; stopAt?: string } = {},
  ): Promise<Page> {
    let page = await this.request(url, init);
    for (let i = 0; i < 20; i++) {
      const location = page.headers.get("location");
      if (page.status < 300 || page.status >= 400 || !location) return page;
      const next = new URL(location, page.url);
      if (init.stopAt && next.href.startsWith(init.stopAt)) return page;
      page = await this.request(next);
    }
    throw new Error(`Too many redirects from ${String(url)}`);
  }
}

/** The value of a hidden form field, e.g. `_csrf`. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`No ${name} field on the page`);
  return match[1];
}
