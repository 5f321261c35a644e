export * from "./common.ts";
export * from "./organization-permission.ts";
export * from "./organization-role.ts";
export * from "./organization.ts";
export * from "./user.ts";
export * from "./member.ts";
export * from "./console-member.ts";
export * from "./application.ts";
