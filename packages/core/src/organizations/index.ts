export * from "./create-organization.ts";
export * from "./list-organizations.ts";
export * from "./get-organization.ts";
export * from "./update-organization.ts";
export * from "./delete-organization.ts";
export { cssForStyleElement } from "./custom-css.ts";
export * from "./featured-members.ts";
