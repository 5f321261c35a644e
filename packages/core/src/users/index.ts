export * from "./create-user.ts";
export * from "./list-users.ts";
export { getUser } from "./get-user.ts";
export * from "./update-user.ts";
export * from "./delete-user.ts";
export * from "./set-user-suspended.ts";
export * from "./get-user-organizations.ts";
export { userSelect, toUser, type UserRow } from "./select.ts";
export * from "./get-own-organizations.ts";
