// jose, re-exported for the root benchmark (bench/org-token-verify.ts): the repository root has
// no dependency on jose, so it reaches jose through this package.
export { importJWK, jwtVerify } from "jose";
