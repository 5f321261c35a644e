import type { OrganizationSummary, SessionUser } from "./claims.ts";
import { html, type SafeHtml } from "./html.ts";
import type { MemberSummary } from "./management-api.ts";

export { DASHBOARD_SCRIPT } from "./dashboard-script.ts";

export const APP_NAME = "Example customer app";

export interface Flash {
  kind: "success" | "error";
  message: string;
}

interface LayoutOptions {
  title: string;
  user?: SessionUser | undefined;
  csrf?: string | undefined;
  body: SafeHtml;
  /** Script files of the app to load (the CSP allows no inline script). */
  scripts?: string[];
}

function displayName(user: SessionUser): string {
  return user.name ?? user.email ?? user.sub;
}

function layout({ title, user, csrf, body, scripts = [] }: LayoutOptions): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${APP_NAME}</title>
        <link rel="stylesheet" href="/styles.css" />
        ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">${APP_NAME}</a>
          ${
            user && csrf
              ? html`<form method="post" action="/logout" class="signout">
                  <span>Signed in as <strong>${displayName(user)}</strong></span>
                  <input type="hidden" name="_csrf" value="${csrf}" />
                  <button type="submit" class="secondary">Sign out</button>
                </form>`
              : ""
          }
        </header>
        <main id="main">${body}</main>
        <footer>
          <p>
            Signs in with Guildhall over OpenID Connect; the API verifies organization tokens with
            <code>@guildhall/org-token</code>.
          </p>
        </footer>
      </body>
    </html>`.value;
}

function flashBlock(flash: Flash | undefined): SafeHtml {
  if (!flash) return html``;
  return flash.kind === "success"
    ? html`<p class="flash success" role="status">${flash.message}</p>`
    : html`<p class="flash error" role="alert">${flash.message}</p>`;
}

export function homePage({
  user,
  csrf,
  notice,
}: {
  user?: SessionUser | undefined;
  csrf?: string | undefined;
  notice?: string | undefined;
}): string {
  return layout({
    title: "Welcome",
    user,
    csrf,
    body: html`
      <h1>Work together, organization by organization</h1>
      ${notice ? html`<p class="flash" role="status">${notice}</p>` : ""}
      <p>
        This app signs you in with Guildhall, shows the organizations you belong to and your roles
        in each, and lets you act in one organization with an <em>organization token</em>.
      </p>
      ${
        user
          ? html`<p><a class="button" href="/dashboard">Go to your dashboard</a></p>`
          : html`<p><a class="button" href="/login">Sign in with Guildhall</a></p>`
      }
    `,
  });
}

export interface OrganizationTokenView {
  organizationId: string;
  /** Decoded claims of the token Guildhall issued, or why it refused one. */
  result:
    | {
        ok: true;
        claims: Record<string, unknown>;
        scopes: string[];
        /** The token itself: the page's script calls the app's API with it. */
        accessToken: string;
      }
    | { ok: false; message: string; retryHref?: string };
}

/** The selected organization's members, for users whose token allows removing them. */
export type MembersView = { ok: true; members: MemberSummary[] } | { ok: false };

export interface DashboardView {
  user: SessionUser;
  csrf: string;
  organizations: OrganizationSummary[];
  selected?: OrganizationSummary | undefined;
  token?: OrganizationTokenView | undefined;
  flash?: Flash | undefined;
  members?: MembersView | undefined;
  /** False when the app has no Management API client: removing members is refused. */
  canRemoveMembers: boolean;
  /** The page follows role changes (the app relays Guildhall's event stream at /events). */
  liveUpdates: boolean;
}

function claimText(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- TypeScript's lib says string, but JSON.stringify(undefined) is undefined
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

function time(value: unknown): string {
  return typeof value === "number" ? new Date(value * 1000).toISOString() : "";
}

function roleList(roles: string[]): SafeHtml {
  if (roles.length === 0) return html`<span class="muted">no roles</span>`;
  return html`<ul class="tags">
    ${roles.map((r) => html`<li>${r}</li>`)}
  </ul>`;
}

function tokenSection(view: DashboardView, selected: OrganizationSummary): SafeHtml {
  const token = view.token;
  let details: SafeHtml;
  if (!token) {
    details = html``;
  } else if (!token.result.ok) {
    details = html`<p class="flash error" role="alert">${token.result.message}</p>
      ${
        token.result.retryHref
          ? html`<p>
              <a class="button" href="${token.result.retryHref}"
                >Sign in again for this organization</a
              >
            </p>`
          : html``
      }`;
  } else {
    const { claims, scopes, accessToken } = token.result;
    details = html` <p>
        Guildhall issued this organization token just now (refresh token grant with
        <code>organization_id</code>). It carries every permission your roles give you in this
        organization.
      </p>
      <h3>Permissions (<code>scope</code>)</h3>
      ${
        scopes.length === 0
          ? html`<p class="muted">None: your roles grant no permissions here.</p>`
          : html`<ul class="tags" aria-label="Permissions">
              ${scopes.map((s) => html`<li>${s}</li>`)}
            </ul>`
      }
      <h3>Claims</h3>
      <dl class="claims">
        <dt>Subject (<code>sub</code>)</dt>
        <dd><code>${claimText(claims.sub)}</code></dd>
        <dt>Organization (<code>organization_id</code>)</dt>
        <dd><code>${claimText(claims.organization_id)}</code></dd>
        <dt>Audience (<code>aud</code>)</dt>
        <dd><code>${claimText(claims.aud)}</code></dd>
        <dt>Client (<code>client_id</code>)</dt>
        <dd><code>${claimText(claims.client_id)}</code></dd>
        <dt>Issued (<code>iat</code>)</dt>
        <dd><time>${time(claims.iat)}</time></dd>
        <dt>Expires (<code>exp</code>)</dt>
        <dd><time>${time(claims.exp)}</time></dd>
      </dl>
      <details>
        <summary>All claims</summary>
        <pre>${JSON.stringify(claims, null, 2)}</pre>
      </details>
      <details>
        <summary>Access token</summary>
        <p>
          Send it to the app's API yourself:
          <code>GET /api/organizations/${selected.id}/me</code> with
          <code>Authorization: Bearer …</code>.
        </p>
        <pre data-testid="access-token">${accessToken}</pre>
      </details>
      <p class="muted" data-api-check>
        ${
          view.liveUpdates
            ? "Checking this token with the app's API…"
            : "Live permission changes are off: the app has no Management API client."
        }
      </p>`;
  }
  const accessToken = token?.result.ok ? token.result.accessToken : "";
  return html` <section
    aria-labelledby="token-heading"
    class="card"
    id="selected-organization"
    data-organization-id="${selected.id}"
    data-access-token="${accessToken}"
  >
    <h2 id="token-heading">Selected organization <code>${selected.id}</code></h2>
    <div class="roles">Your roles here: ${roleList(selected.roles)}</div>
    ${details}
    <h3 id="remove-heading">Remove a member</h3>
    <p>
      Needs the <code>remove:member</code> permission in this organization. The app asks Guildhall
      for a token with that permission and sends it to its own API, which verifies it, then removes
      the membership in Guildhall through the Management API, as the app's own machine-to-machine
      application.
    </p>
    ${
      view.canRemoveMembers
        ? html``
        : html`<p class="flash error" role="note" data-testid="remove-not-configured">
            This app has no Management API client (<code>MANAGEMENT_CLIENT_ID</code>,
            <code>MANAGEMENT_CLIENT_SECRET</code>): removing a member is refused until they are set.
          </p>`
    }
    <form method="get" action="/remove-member" class="inline" aria-labelledby="remove-heading">
      <label for="userId">Member's user id</label>
      <input id="userId" name="userId" required autocomplete="off" spellcheck="false" />
      <button type="submit" class="danger">Remove member…</button>
    </form>
  </section>`;
}

function organizationRow(organization: OrganizationSummary, current: boolean): SafeHtml {
  const id = html`<code>${organization.id}</code>`;
  return current
    ? html`<tr aria-current="true" class="current">
        <td>${id} <span class="badge">selected</span></td>
        <td>${roleList(organization.roles)}</td>
      </tr>`
    : html`<tr>
        <td>${id}</td>
        <td>${roleList(organization.roles)}</td>
      </tr>`;
}

function organizationOption(organization: OrganizationSummary, current: boolean): SafeHtml {
  const label = organization.roles.length
    ? `${organization.id} (${organization.roles.join(", ")})`
    : organization.id;
  return current
    ? html`<option value="${organization.id}" selected>${label}</option>`
    : html`<option value="${organization.id}">${label}</option>`;
}

function memberRow(member: MemberSummary, self: string): SafeHtml {
  const label = member.name ?? member.email ?? member.id;
  return html`<tr>
    <td>
      ${label}${member.id === self ? html` <span class="badge">you</span>` : ""}<br /><code
        >${member.id}</code
      >
    </td>
    <td>${roleList(member.roles)}</td>
    <td>
      ${
        member.id === self
          ? ""
          : html`<form method="get" action="/remove-member" class="inline">
              <input type="hidden" name="userId" value="${member.id}" />
              <button type="submit" class="danger">Remove ${label}</button>
            </form>`
      }
    </td>
  </tr>`;
}

/** The admin action: shown only while the organization token carries `remove:member`. */
function adminSection(view: DashboardView, members: MembersView): SafeHtml {
  return html`<section aria-labelledby="members-heading" class="card" id="admin-actions">
    <h2 id="members-heading">Members</h2>
    <p>
      Your token carries <code>remove:member</code>, so the app offers to remove members here (first
      20, from Guildhall's Management API).
    </p>
    ${
      members.ok
        ? html`<table>
            <caption class="visually-hidden">
              Members of the selected organization
            </caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Roles</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${members.members.map((m) => memberRow(m, view.user.sub))}
            </tbody>
          </table>`
        : html`<p class="flash error" role="alert">
            Guildhall's Management API did not list the members. Try again in a moment.
          </p>`
    }
  </section>`;
}

/**
 * The parts of the dashboard that depend on the user's roles: organizations, the selected
 * organization's token, the admin action. The page's script swaps them in after a role change.
 */
export function dashboardLiveSections(view: DashboardView): SafeHtml {
  const { csrf, organizations, selected } = view;
  const holdsRemove = view.token?.result.ok && view.token.result.scopes.includes("remove:member");
  return html`
    <section aria-labelledby="orgs-heading" class="card">
      <h2 id="orgs-heading">Your organizations</h2>
      ${
        organizations.length === 0
          ? html`<p class="empty">
              You are not a member of any organization yet. Ask an organization admin to invite you,
              then reload your organizations.
            </p>`
          : html` <table>
                <caption class="visually-hidden">
                  Organizations from your ID token, with your roles
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Organization id</th>
                    <th scope="col">Your roles</th>
                  </tr>
                </thead>
                <tbody>
                  ${organizations.map((o) => organizationRow(o, o.id === selected?.id))}
                </tbody>
              </table>
              <form method="post" action="/organization" class="inline">
                <input type="hidden" name="_csrf" value="${csrf}" />
                <label for="organizationId">Switch organization</label>
                <select id="organizationId" name="organizationId">
                  ${selected ? "" : html`<option value="" disabled selected>Choose…</option>`}
                  ${organizations.map((o) => organizationOption(o, o.id === selected?.id))}
                </select>
                <button type="submit">Switch</button>
              </form>`
      }
      <form method="post" action="/refresh" class="inline">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <button type="submit" class="secondary">Reload organizations</button>
        <span class="muted"
          >Organizations and roles are read from your ID token; reload after they change.</span
        >
      </form>
    </section>
    ${selected ? tokenSection(view, selected) : ""}
    ${holdsRemove && view.members ? adminSection(view, view.members) : ""}
  `;
}

/**
 * The dashboard. Its live region (`#live-notice`, where the script says what changed) is
 * `aria-live="polite"` without `role="status"`: the flash is the page's one status message.
 */
export function dashboardPage(view: DashboardView): string {
  const { user, csrf } = view;
  return layout({
    title: "Dashboard",
    user,
    csrf,
    scripts: view.liveUpdates ? ["/dashboard.js"] : [],
    body: html`
      <h1>Dashboard</h1>
      ${flashBlock(view.flash)}
      <p>
        <a class="button" href="/team">Team</a>
        <span class="muted">Members, invitations and new organizations, run by you.</span>
      </p>
      <p class="live-notice" id="live-notice" aria-live="polite" data-testid="live-notice"></p>
      <section aria-labelledby="profile-heading" class="card">
        <h2 id="profile-heading">You</h2>
        <dl class="claims">
          <dt>Name</dt>
          <dd>${user.name ?? html`<span class="muted">not set</span>`}</dd>
          <dt>Email</dt>
          <dd>${user.email ?? html`<span class="muted">not shared</span>`}</dd>
          <dt>User id</dt>
          <dd><code>${user.sub}</code></dd>
        </dl>
      </section>
      <div id="dashboard-live" data-csrf="${csrf}">${dashboardLiveSections(view)}</div>
    `,
  });
}

/**
 * The Team page: an empty mount point for `/team.js` (React with `@guildhall/react`), which
 * reads its configuration from the data attributes.
 */
export function teamPage({
  user,
  csrf,
  guildhallUrl,
  organizationId,
}: {
  user: SessionUser;
  csrf: string;
  /** Guildhall's base URL, where the browser calls the organization API. */
  guildhallUrl: string;
  organizationId?: string | undefined;
}): string {
  return layout({
    title: "Team",
    user,
    csrf,
    scripts: ["/team.js"],
    body: html` <h1>Team</h1>
      <p>
        Run your organizations yourself: see members, change their roles, invite people, create an
        organization. Your browser calls Guildhall's organization API with tokens this app gets for
        you; what you may do is what your roles in each organization give you.
      </p>
      <p>
        <a href="/dashboard">Back to the dashboard</a> ·
        <a
          href="${`${guildhallUrl}/portal${organizationId ? `?organization_id=${encodeURIComponent(organizationId)}` : ""}`}"
          >Open Guildhall's organization portal</a
        >
        <span class="muted">(the same, hosted by Guildhall, with the organization's branding)</span>
      </p>
      <div
        id="team-root"
        class="team"
        data-guildhall-url="${guildhallUrl}"
        data-csrf="${csrf}"
        data-organization-id="${organizationId ?? ""}"
      >
        <p class="muted">Loading… (this page needs JavaScript)</p>
      </div>`,
  });
}

export function confirmRemovePage({
  user,
  csrf,
  organizationId,
  userId,
}: {
  user: SessionUser;
  csrf: string;
  organizationId: string;
  userId: string;
}): string {
  return layout({
    title: "Remove member",
    user,
    csrf,
    body: html` <h1>Remove member?</h1>
      <section class="card" aria-labelledby="confirm-heading">
        <h2 id="confirm-heading">
          Remove <code>${userId}</code> from organization <code>${organizationId}</code>
        </h2>
        <p>
          They stop being a member of this organization in Guildhall, with their roles there; their
          account stays. This needs <code>remove:member</code> in <code>${organizationId}</code>.
        </p>
        <form method="post" action="/remove-member" class="inline">
          <input type="hidden" name="_csrf" value="${csrf}" />
          <input type="hidden" name="userId" value="${userId}" />
          <button type="submit" class="danger">Remove member</button>
          <a href="/dashboard">Cancel</a>
        </form>
      </section>`,
  });
}

export function errorPage({
  title,
  message,
  user,
  csrf,
}: {
  title: string;
  message: string;
  user?: SessionUser | undefined;
  csrf?: string | undefined;
}): string {
  return layout({
    title,
    user,
    csrf,
    body: html` <h1>${title}</h1>
      <p class="flash error" role="alert">${message}</p>
      <p><a href="/">Back to the start page</a></p>`,
  });
}

export const STYLES = `
:root { color-scheme: light dark; --fg: #111827; --bg: #f9fafb; --card: #fff; --muted: #4b5563; --line: #d1d5db;
  --accent: #4338ca; --accent-fg: #fff; --danger: #b91c1c; --ok-bg: #ecfdf5; --ok: #065f46; --err-bg: #fef2f2; }
@media (prefers-color-scheme: dark) { :root { --fg: #f3f4f6; --bg: #111827; --card: #1f2937; --muted: #d1d5db;
  --line: #4b5563; --accent: #a5b4fc; --accent-fg: #111827; --danger: #fca5a5; --ok-bg: #064e3b; --ok: #d1fae5; --err-bg: #450a0a; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main, footer { max-width: 52rem; margin: 0 auto; padding: 0 1rem; }
footer { color: var(--muted); font-size: .875rem; padding-bottom: 2rem; }
.top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; padding: .75rem 1rem;
  border-bottom: 1px solid var(--line); background: var(--card); }
.brand { font-weight: 700; color: var(--fg); text-decoration: none; }
.signout { display: flex; gap: .75rem; align-items: center; margin: 0; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
h1 { font-size: 1.75rem; margin: 1.5rem 0 1rem; } h2 { font-size: 1.25rem; margin: 0 0 .75rem; } h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .875em; word-break: break-all; }
pre { overflow: auto; padding: .75rem; border: 1px solid var(--line); border-radius: .375rem; font-size: .8125rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button, .button { display: inline-block; font: inherit; padding: .5rem 1rem; border-radius: .375rem; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-fg); cursor: pointer; text-decoration: none; }
button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--danger); border-color: var(--danger); color: var(--accent-fg); }
input, select { font: inherit; padding: .45rem .6rem; border: 1px solid var(--line); border-radius: .375rem; background: var(--bg); color: var(--fg); }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .75rem 0; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
tr.current { background: color-mix(in srgb, var(--accent) 10%, transparent); }
.tags { display: inline-flex; flex-wrap: wrap; gap: .375rem; list-style: none; margin: 0; padding: 0; }
.tags li, .badge { border: 1px solid var(--line); border-radius: 999px; padding: 0 .6rem; font-size: .875rem; }
.claims { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
.claims dt { color: var(--muted); } .claims dd { margin: 0; }
.muted, .empty { color: var(--muted); }
.roles { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0 0 1rem; }
.flash { padding: .75rem 1rem; border-radius: .375rem; border: 1px solid var(--line); }
.flash.success { background: var(--ok-bg); color: var(--ok); }
.flash.error { background: var(--err-bg); border-color: var(--danger); }
.live-notice { padding: .75rem 1rem; border-radius: .375rem; border: 1px solid var(--accent); }
/* Empty but still in the accessibility tree, so what is written into it is announced. */
.live-notice:empty { padding: 0; border: 0; margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
