export {
  provisionJustInTime,
  type JitProvisioned,
  type JitReason,
  type JitRule,
  type ProvisionJustInTimeInput,
} from "./provision-just-in-time.ts";
export {
  listJitEmailDomains,
  addJitEmailDomain,
  replaceJitEmailDomains,
  removeJitEmailDomain,
} from "./email-domains.ts";
export { listJitRoles, addJitRoles, replaceJitRoles, removeJitRole } from "./roles.ts";
export {
  listJitSsoConnectors,
  addJitSsoConnectors,
  replaceJitSsoConnectors,
  removeJitSsoConnector,
} from "./sso-connectors.ts";
