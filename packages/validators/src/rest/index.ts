export * from "./common.ts";
export * from "./organization.ts";
export * from "./organization-role.ts";
export * from "./organization-scope.ts";
export * from "./user.ts";
export * from "./member.ts";
export * from "./application.ts";
export * from "./organization-invitation.ts";
