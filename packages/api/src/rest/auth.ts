import { MANAGEMENT_API_SCOPE } from "@guildhall/validators";
import { createLocalJWKSet, errors, jwtVerify, type JWK, type JWTVerifyGetKey } from "jose";
import { E, RestError } from "./errors.ts";

/** A public key of the issuer, as its JWKS lists it. */
export type PublicJwk = JWK;

/** Who is calling: the machine-to-machine application the access token was issued to. */
export interface ManagementApiCaller {
  clientId: string;
  scopes: string[];
}

/**
 * Checks a request's credentials. Throws a `RestError` (401/403, with `WWW-Authenticate`)
 * when they are missing or not good enough. Injected into `createManagementApi`, so tests
 * and other deployments can authenticate differently.
 */
export type Authenticator = (request: Request) => Promise<ManagementApiCaller>;

export interface BearerAuthenticatorOptions {
  /** Expected `iss`: the OIDC issuer, `${BASE_URL}/oidc`. */
  issuer: string;
  /** Expected `aud`: the Management API's resource indicator, `${BASE_URL}/api`. */
  audience: string;
  /**
   * The issuer's public signing keys (its JWKS). Called on every request: cache inside, and
   * return the same array while the keys do not change (the verifier reuses imported keys
   * until the array changes). May throw a `RestError` (e.g. 503 while keys are not ready).
   */
  getPublicKeys: () => Promise<JWK[]> | JWK[];
  /**
   * Whether the token's client may still call the Management API: it still exists and still
   * holds the role (`createManagementApiAccessCheck` from core, cached for a few seconds).
   * Required: a signature only proves what was true when the token was issued, so without
   * this a revoked or deleted application would keep its access until the token expires.
   */
  isClientAllowed: (clientId: string) => Promise<boolean>;
  /** Accepted signature algorithms. Default `["ES256"]`. */
  algorithms?: string[];
  /** The scope a token must carry. Default `all`. */
  requiredScope?: string;
  /** Seconds of clock skew tolerated for `exp`/`nbf`/`iat`. Default 5. */
  clockToleranceSeconds?: number;
  /** Injected clock, for tests. */
  now?: () => Date;
}

const REALM = "Guildhall Management API";

function challenge(params: Record<string, string> = {}, realm = REALM): string {
  const quoted = (v: string) => `"${v.replace(/["\\]/g, "")}"`;
  return [
    "Bearer " + `realm=${quoted(realm)}`,
    ...Object.entries(params).map(([k, v]) => `${k}=${quoted(v)}`),
  ].join(", ");
}

/**
 * Verifies `Authorization: Bearer <JWT>` access tokens issued by Guildhall's OIDC provider
 * through `client_credentials`: signature (against the given public keys), `iss`, `aud`,
 * `exp`, and the `all` scope. The caller is the token's `client_id` (or `sub`).
 *
 * - no header: 401 `auth.authorization_header_missing`
 * - another scheme: 401 `auth.authorization_token_type_not_supported`
 * - bad signature, wrong issuer/audience, expired, unknown key: 401 `auth.unauthorized`
 * - valid token without the scope: 403 `auth.forbidden`
 * - its application deleted or without the Management API role since: 401 `auth.unauthorized`
 *
 * @example
 * const authenticate = createBearerAuthenticator({
 *   issuer: `${baseUrl}/oidc`,
 *   audience: `${baseUrl}/api`,
 *   getPublicKeys: () => getPublishedSigningKeys(db),
 *   isClientAllowed: createManagementApiAccessCheck(db),
 * });
 * const { clientId } = await authenticate(request);
 */
export function createBearerAuthenticator(options: BearerAuthenticatorOptions): Authenticator {
  const {
    issuer,
    audience,
    getPublicKeys,
    isClientAllowed,
    algorithms = ["ES256"],
    requiredScope = MANAGEMENT_API_SCOPE,
  } = options;
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  let cached: { keys: JWK[]; jwks: JWTVerifyGetKey } | undefined;

  function keySet(keys: JWK[]): JWTVerifyGetKey {
    if (cached?.keys !== keys) cached = { keys, jwks: createLocalJWKSet({ keys }) };
    return cached.jwks;
  }

  return async function authenticate(request) {
    const token = readBearerToken(request);
    const keys = await getPublicKeys();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keySet(keys), {
        issuer,
        audience,
        algorithms,
        requiredClaims: ["exp"],
        clockTolerance,
        currentDate: options.now?.(),
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw invalidToken(reasonOf(error), error.code);
      throw error;
    }

    const clientId = typeof payload.client_id === "string" ? payload.client_id : payload.sub;
    if (!clientId) throw invalidToken("the token names no client (`client_id` or `sub`)");
    const scopes =
      typeof payload.scope === "string" ? payload.scope.split(" ").filter(Boolean) : [];
    if (!scopes.includes(requiredScope)) {
      throw insufficientScope(
        `The access token lacks the \`${requiredScope}\` scope.`,
        requiredScope,
      );
    }
    if (!(await isClientAllowed(clientId))) {
      throw invalidToken(
        "its application was deleted or no longer holds the Management API role",
        "client_revoked",
      );
    }
    return { clientId, scopes };
  };
}

/**
 * The token of `Authorization: Bearer <token>`, or the 401 that says what is wrong with the
 * header. Shared by every bearer-authenticated surface (Management API, organization API).
 */
export function readBearerToken(request: Request, realm = REALM): string {
  const header = request.headers.get("authorization");
  if (!header) {
    throw new RestError(
      E.headerMissing,
      "Authorization header is missing. Send `Authorization: Bearer <access token>`.",
      { headers: { "WWW-Authenticate": challenge({}, realm) } },
    );
  }
  const [scheme, token, ...more] = header.trim().split(/\s+/);
  if (scheme?.toLowerCase() !== "bearer") {
    throw new RestError(
      E.tokenTypeNotSupported,
      "Authorization type is not supported: use a Bearer token.",
      {
        data: { supportedTypes: ["Bearer"] },
        headers: { "WWW-Authenticate": challenge({}, realm) },
      },
    );
  }
  if (!token || more.length > 0)
    throw invalidToken("the Bearer token is missing or malformed", undefined, realm);
  return token;
}

/** 401 `auth.unauthorized` with an RFC 6750 `invalid_token` challenge saying why. */
export function invalidToken(reason: string, code?: string, realm = REALM): RestError {
  return new RestError(E.unauthorized, `The access token is not valid: ${reason}.`, {
    ...(code ? { data: { reason: code } } : {}),
    headers: {
      "WWW-Authenticate": challenge({ error: "invalid_token", error_description: reason }, realm),
    },
  });
}

/** 403 with an RFC 6750 `insufficient_scope` challenge. */
export function insufficientScope(message: string, scope: string, realm = REALM): RestError {
  return new RestError(E.forbidden, message, {
    data: { requiredScope: scope },
    headers: { "WWW-Authenticate": challenge({ error: "insufficient_scope", scope }, realm) },
  });
}

function reasonOf(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return "it has expired";
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the \`${error.claim}\` claim is not as expected (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return "its signature does not verify";
  if (error instanceof errors.JWKSNoMatchingKey) return "it is not signed by a published key";
  if (error instanceof errors.JOSEAlgNotAllowed) return "its signature algorithm is not accepted";
  return "it is not a well-formed JWT";
}
