export * from "./list-console-members.ts";
export * from "./set-console-member-role.ts";
export * from "./remove-console-member.ts";
export * from "./create-console-admin.ts";
