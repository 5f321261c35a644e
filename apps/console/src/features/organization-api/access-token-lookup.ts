import type { AccessTokenRecord } from "@guildhall/api/rest";
import { processSingleton } from "@guildhall/db";

type Lookup = (token: string) => Promise<AccessTokenRecord | undefined>;

// server.ts owns the OIDC provider; the organization API (a Next route handler, bundled
// separately) finds users' access tokens through it, shared per process.
const registration = processSingleton(
  "guildhall.accessTokenLookup",
  (): { lookup?: Lookup } => ({}),
);

export function registerAccessTokenLookup(lookup: Lookup | undefined): void {
  registration.lookup = lookup;
}

/** The user's access token, if the provider issued it and it is still good; undefined before boot. */
export function findAccessToken(token: string): Promise<AccessTokenRecord | undefined> {
  return registration.lookup ? registration.lookup(token) : Promise.resolve(undefined);
}
