import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { createGuildhallClient, type GuildhallClient } from "./client.ts";
import { ResourceStore } from "./store.ts";

export interface GuildhallProviderProps {
  /** Guildhall's base URL, e.g. `https://auth.example.com` (the issuer without `/oidc`). */
  baseUrl: string;
  /**
   * An organization token for `organizationId`: your server's refresh token grant with
   * `organization_id`. Called once per organization and again shortly before it expires.
   */
  getOrganizationToken: (organizationId: string) => Promise<string>;
  /** The user's OIDC access token (signed in with `urn:guildhall:scope:organizations`). */
  getAccessToken: () => Promise<string>;
  /**
   * The organization the components act in. Give it (and `onOrganizationChange`) to keep it
   * in your app's state or URL; leave it out and the provider keeps it itself.
   */
  organizationId?: string | null;
  /** Called when the user switches organization or creates one. */
  onOrganizationChange?: (organizationId: string) => void;
  /** Default: the global `fetch` (tests and custom transports pass their own). */
  fetch?: typeof fetch;
  children?: ReactNode;
}

export interface GuildhallContextValue {
  client: GuildhallClient;
  /** @internal shared answers of the hooks */
  store: ResourceStore;
  /** The organization the components act in, or null before one is chosen. */
  organizationId: string | null;
  /** Switches organization: calls `onOrganizationChange` (and, uncontrolled, switches itself). */
  selectOrganization: (organizationId: string) => void;
}

const GuildhallContext = createContext<GuildhallContextValue | null>(null);

/**
 * Gives the hooks and components below it a client for Guildhall's organization API. The
 * token getters may change on every render; the client and its cached answers stay. Give the
 * provider a `key` that changes with the signed-in user so nothing carries over to another.
 *
 * @example
 * <GuildhallProvider
 *   baseUrl="https://auth.example.com"
 *   getAccessToken={() => getJson("/session/access-token").then((b) => b.access_token)}
 *   getOrganizationToken={(id) => getJson(`/session/organization-token?organization_id=${id}`).then((b) => b.access_token)}
 *   organizationId={organizationId}
 *   onOrganizationChange={setOrganizationId}
 * >
 *   <OrganizationSwitcher />
 *   <OrganizationProfile />
 * </GuildhallProvider>
 */
export function GuildhallProvider(props: GuildhallProviderProps) {
  const { baseUrl, fetch: fetchImpl } = props;
  // The latest getters, read at call time: the client is made once per base URL.
  const latest = useRef(props);
  latest.current = props;

  // A new client (another Guildhall, another fetch) starts with no cached answers.
  const { client, store } = useMemo(
    () => ({
      client: createGuildhallClient({
        baseUrl,
        getAccessToken: () => latest.current.getAccessToken(),
        getOrganizationToken: (organizationId) =>
          latest.current.getOrganizationToken(organizationId),
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
      store: new ResourceStore(),
    }),
    [baseUrl, fetchImpl],
  );

  const controlled = props.organizationId !== undefined;
  const [ownOrganizationId, setOwnOrganizationId] = useState<string | null>(null);
  const organizationId = controlled ? (props.organizationId ?? null) : ownOrganizationId;

  const selectOrganization = useCallback(
    (id: string) => {
      if (!controlled) setOwnOrganizationId(id);
      latest.current.onOrganizationChange?.(id);
    },
    [controlled],
  );

  const value = useMemo(
    () => ({ client, store, organizationId, selectOrganization }),
    [client, store, organizationId, selectOrganization],
  );
  return <GuildhallContext.Provider value={value}>{props.children}</GuildhallContext.Provider>;
}

/**
 * The provider's client and current organization.
 * @throws when called outside a `GuildhallProvider`.
 */
export function useGuildhall(): GuildhallContextValue {
  const value = useContext(GuildhallContext);
  if (!value)
    throw new Error(
      "Guildhall hooks and components must be rendered inside <GuildhallProvider>: wrap your app (or the page) in it.",
    );
  return value;
}
