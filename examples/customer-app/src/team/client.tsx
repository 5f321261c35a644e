// The Team page in the browser: Guildhall's own components, acting with tokens this app's
// server gets from the session's refresh token. The app holds no Management API credential
// for it; Guildhall decides from the member's roles what each of them may do.
import {
  CreateOrganization,
  GuildhallProvider,
  OrganizationProfile,
  OrganizationSwitcher,
} from "@guildhall/react";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";

interface TeamConfig {
  guildhallUrl: string;
  csrf: string;
  organizationId: string | null;
}

function readConfig(root: HTMLElement): TeamConfig {
  const { guildhallUrl, csrf, organizationId } = root.dataset;
  if (!guildhallUrl || !csrf) throw new Error("The Team page is missing its configuration.");
  return { guildhallUrl, csrf, organizationId: organizationId || null };
}

/** A token from the app's server; its refusals say what to do. */
async function tokenFrom(path: string, csrf: string): Promise<string> {
  const response = await fetch(path, {
    headers: { accept: "application/json", "x-csrf-token": csrf },
    credentials: "same-origin",
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: unknown;
    error?: unknown;
    error_description?: unknown;
  };
  if (response.ok && typeof body.access_token === "string") return body.access_token;
  if (response.status === 401)
    throw new Error("Your session has ended. Reload the page and sign in again.");
  throw new Error(
    typeof body.error_description === "string"
      ? body.error_description
      : `The app could not get a token from Guildhall (${response.status}).`,
  );
}

function TeamApp({ config }: { config: TeamConfig }) {
  const [organizationId, setOrganizationId] = useState(config.organizationId);
  function switchTo(id: string) {
    setOrganizationId(id);
    // The address says which organization is shown, so a reload keeps it.
    const url = new URL(window.location.href);
    url.searchParams.set("organization_id", id);
    window.history.replaceState(null, "", url);
  }
  return (
    <GuildhallProvider
      baseUrl={config.guildhallUrl}
      getAccessToken={() => tokenFrom("/session/access-token", config.csrf)}
      getOrganizationToken={(id) =>
        tokenFrom(
          `/session/organization-token?organization_id=${encodeURIComponent(id)}`,
          config.csrf,
        )
      }
      organizationId={organizationId}
      onOrganizationChange={switchTo}
    >
      <OrganizationSwitcher className="card" createOrganizationHref="#create-organization" />
      <OrganizationProfile className="card" />
      <section id="create-organization" aria-label="Create an organization">
        <CreateOrganization className="card" />
      </section>
    </GuildhallProvider>
  );
}

const root = document.getElementById("team-root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <TeamApp config={readConfig(root)} />
    </StrictMode>,
  );
}
