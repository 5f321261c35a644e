// The scope name is defined with the other scope names in validators.
export { MANAGEMENT_API_SCOPE } from "@guildhall/validators";
/** The built-in machine-to-machine global role that holds `all`. */
export const MANAGEMENT_API_ROLE = "Management API access";
