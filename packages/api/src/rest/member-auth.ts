import { ORGANIZATIONS_SCOPE } from "@guildhall/validators";
import { OrganizationTokenError } from "@guildhall/org-token/errors";
import { createLocalVerifier, type OrganizationTokenVerifier } from "@guildhall/org-token/verify";
import type { JWK } from "jose";
import { insufficientScope, invalidToken, readBearerToken } from "./auth.ts";
import { E, RestError } from "./errors.ts";

const REALM = "Guildhall organization API";

/** A person calling the organization API: a user, through one of their tokens. */
export interface MemberCaller {
  userId: string;
  /** The application the token was issued to. */
  clientId: string;
  /** Organization tokens: the organization and the permissions the token carries. */
  organizationToken?: { organizationId: string; scopes: string[] };
}

/**
 * How the organization API (`/api/my`) authenticates: organization routes by an organization
 * token for the organization in the path, user routes by the user's OIDC access token.
 * Injected into `createManagementApi` like its `authenticate`.
 */
export interface MemberAuthenticators {
  organizationToken(request: Request, organizationId: string): Promise<MemberCaller>;
  accessToken(request: Request): Promise<MemberCaller>;
}

/** What the OIDC provider knows of an opaque access token it issued (undefined: not valid now). */
export interface AccessTokenRecord {
  userId: string;
  clientId: string;
  scopes: string[];
}

export interface MemberAuthenticatorOptions {
  /** Expected `iss`: `${BASE_URL}/oidc`. */
  issuer: string;
  /** The issuer's public signing keys; return the same array while they do not change. */
  getPublicKeys: () => Promise<JWK[]> | JWK[];
  /** Looks up an access token the provider issued (`provider.AccessToken.find`, its grant checked). */
  findAccessToken: (token: string) => Promise<AccessTokenRecord | undefined>;
  /** Seconds of clock skew tolerated. Default 5. */
  clockToleranceSeconds?: number;
}

// The reasons an organization token is refused, as the Management API words them.
const TOKEN_REASONS: Partial<Record<OrganizationTokenError["code"], string>> = {
  expired: "it has expired",
  wrong_audience: "it is not an organization token (its audience is not an organization)",
  wrong_issuer: "it was not issued by this Guildhall",
};

/**
 * Organization tokens are checked offline (signature, issuer, expiry, audience
 * `urn:guildhall:organization:<id>`, the organization in the path); what the member may do
 * is decided in core from their roles now. Machine-to-machine organization tokens are
 * refused: this API acts for people.
 * @example
 * const auth = createMemberAuthenticators({ issuer, getPublicKeys, findAccessToken });
 * const caller = await auth.organizationToken(request, "org_1");
 */
export function createMemberAuthenticators(
  options: MemberAuthenticatorOptions,
): MemberAuthenticators {
  let cached: { keys: JWK[]; verifier: OrganizationTokenVerifier } | undefined;
  async function verifier(): Promise<OrganizationTokenVerifier> {
    const keys = await options.getPublicKeys();
    if (cached?.keys !== keys)
      cached = {
        keys,
        verifier: createLocalVerifier({
          issuer: options.issuer,
          keys,
          clockTolerance: options.clockToleranceSeconds ?? 5,
        }),
      };
    return cached.verifier;
  }

  return {
    async organizationToken(request, organizationId) {
      const token = readBearerToken(request, REALM);
      let claims;
      try {
        claims = await (await verifier()).verify(token, { organizationId });
      } catch (error) {
        if (!(error instanceof OrganizationTokenError)) throw error;
        if (error.code === "wrong_organization")
          throw new RestError(
            E.forbidden,
            "This organization token is for another organization: get one for the organization in the path.",
          );
        throw invalidToken(
          TOKEN_REASONS[error.code] ?? "it is not a valid organization token",
          error.code,
          REALM,
        );
      }
      // A machine-to-machine application's token names the application as its subject.
      if (claims.sub === claims.client_id)
        throw new RestError(
          E.forbidden,
          "The organization API acts for people: machine-to-machine tokens use the Management API.",
        );
      return {
        userId: claims.sub,
        clientId: claims.client_id,
        organizationToken: { organizationId, scopes: claims.scopes },
      };
    },

    async accessToken(request) {
      const token = readBearerToken(request, REALM);
      const record = token.length <= 512 ? await options.findAccessToken(token) : undefined;
      if (!record)
        throw invalidToken(
          "it is not an access token of a current sign-in (expired, revoked or unknown)",
          undefined,
          REALM,
        );
      if (!record.scopes.includes(ORGANIZATIONS_SCOPE))
        throw insufficientScope(
          `The access token lacks the \`${ORGANIZATIONS_SCOPE}\` scope: ask for it when the user signs in.`,
          ORGANIZATIONS_SCOPE,
          REALM,
        );
      return { userId: record.userId, clientId: record.clientId };
    },
  };
}
