export { GuildhallProvider, useGuildhall } from "./provider.tsx";
export type { GuildhallContextValue, GuildhallProviderProps } from "./provider.tsx";
export {
  createGuildhallClient,
  GuildhallApiError,
  isGuildhallApiError,
  type GuildhallClient,
  type GuildhallClientOptions,
  type RequestOptions,
} from "./client.ts";
export { GUILDHALL_PERMISSIONS, type GuildhallPermission } from "./permissions.ts";
export type * from "./types.ts";

export { useOrganization } from "./hooks/use-organization.ts";
export { useOrganizationList } from "./hooks/use-organization-list.ts";
export { usePermissions } from "./hooks/use-permissions.ts";
export { useRoles } from "./hooks/use-roles.ts";
export { useMembers, type UseMembersOptions } from "./hooks/use-members.ts";
export { useInvitations, type UseInvitationsOptions } from "./hooks/use-invitations.ts";

export {
  OrganizationSwitcher,
  type OrganizationSwitcherProps,
} from "./components/organization-switcher.tsx";
export {
  OrganizationProfile,
  type OrganizationProfileProps,
  type OrganizationProfileTab,
} from "./components/organization-profile.tsx";
export {
  CreateOrganization,
  type CreateOrganizationProps,
} from "./components/create-organization.tsx";
export { defaultStyles, type StyleProps } from "./components/styles.ts";
