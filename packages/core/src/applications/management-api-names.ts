/** The Management API's scope: full access, as Logto's `all`. */
export const MANAGEMENT_API_SCOPE = "all";
/** The built-in machine-to-machine global role that holds `all`. */
export const MANAGEMENT_API_ROLE = "Management API access";
