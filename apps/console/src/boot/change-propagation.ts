// Change propagation in this process: the event pump (positions, webhook deliveries, live
// events, invitation expiry) and the event stream at /api/events/stream, which server.ts
// serves before Next. The handler itself lives in @guildhall/api; this only wires it.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createBearerAuthenticator,
  createEventStream,
  createEventStreamAuthenticator,
  RestError,
  restErrors,
  type PublicJwk,
} from "@guildhall/api/rest";
import {
  createManagementApiAccessCheck,
  getPublishedSigningKeys,
  managementApiIndicator,
  startEventPump,
} from "@guildhall/core";
import type { Db } from "@guildhall/db";
import type { OidcService } from "@guildhall/oidc";

export interface ChangePropagation {
  /** Serves `GET /api/events/stream`; false for every other request. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends the open streams and stops the pump. */
  stop(): Promise<void>;
}

const KEYS_TTL_MS = 60_000;

/**
 * Starts the event pump and builds the event stream. Stream callers authenticate as the REST
 * Management API's do (a Management API token), or with the opaque `client_credentials` token
 * of any other machine-to-machine application, which the OIDC provider itself checks.
 */
export function startChangePropagation({
  db,
  baseUrl,
  oidc,
  onDeliveries,
}: {
  db: Db;
  baseUrl: string;
  oidc: Pick<OidcService, "provider">;
  /** The webhook worker's kick, when one runs in this process. */
  onDeliveries?: () => void;
}): ChangePropagation {
  const pump = startEventPump({ db, ...(onDeliveries ? { onDeliveries } : {}) });

  let keys: { keys: PublicJwk[]; at: number } | undefined;
  async function publicKeys(): Promise<PublicJwk[]> {
    if (keys && Date.now() - keys.at < KEYS_TTL_MS) return keys.keys;
    const published = (await getPublishedSigningKeys(db)) as PublicJwk[];
    if (published.length === 0) {
      throw new RestError(restErrors.notReady, "The OIDC provider has no signing key yet.", {
        headers: { "Retry-After": "5" },
      });
    }
    keys = { keys: published, at: Date.now() };
    return published;
  }

  const accessCheck = createManagementApiAccessCheck(db);
  const stream = createEventStream({
    db,
    pump,
    authenticate: createEventStreamAuthenticator({
      managementApi: createBearerAuthenticator({
        issuer: `${baseUrl}/oidc`,
        audience: managementApiIndicator(baseUrl),
        getPublicKeys: publicKeys,
        isClientAllowed: accessCheck,
      }),
      findClientCredentials: async (token) =>
        (await oidc.provider().ClientCredentials.find(token))?.clientId,
    }),
  });

  return {
    handle: (req, res) => stream.handle(req, res),
    async stop() {
      stream.close();
      accessCheck.close();
      await pump.stop();
    },
  };
}
