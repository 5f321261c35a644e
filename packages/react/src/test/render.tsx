import { render } from "@testing-library/react";
import { useState, type ReactNode } from "react";
import { GuildhallProvider } from "../provider.tsx";
import { BASE_URL, createFakeGuildhall, type FakeGuildhall } from "./fake-guildhall.ts";

/** An app around the components: it keeps the organization in its own state. */
function App({
  fake,
  initialOrganizationId,
  onOrganizationChange,
  children,
}: {
  fake: FakeGuildhall;
  initialOrganizationId: string | null;
  onOrganizationChange: (organizationId: string) => void;
  children: ReactNode;
}) {
  const [organizationId, setOrganizationId] = useState(initialOrganizationId);
  return (
    <GuildhallProvider
      baseUrl={BASE_URL}
      fetch={fake.fetch}
      getAccessToken={fake.getAccessToken}
      getOrganizationToken={fake.getOrganizationToken}
      organizationId={organizationId}
      onOrganizationChange={(id) => {
        setOrganizationId(id);
        onOrganizationChange(id);
      }}
    >
      {children}
    </GuildhallProvider>
  );
}

export function renderWithGuildhall(
  ui: ReactNode,
  options: {
    fake?: FakeGuildhall;
    organizationId?: string | null;
    onOrganizationChange?: (organizationId: string) => void;
  } = {},
) {
  const fake = options.fake ?? createFakeGuildhall();
  const result = render(
    <App
      fake={fake}
      initialOrganizationId={
        options.organizationId === undefined ? "org_acme" : options.organizationId
      }
      onOrganizationChange={options.onOrganizationChange ?? (() => {})}
    >
      {ui}
    </App>,
  );
  return { ...result, fake };
}
