export {
  createManagementApi,
  getManagementApiDocument,
  managementApiRoutes,
  type ManagementApi,
  type ManagementApiOptions,
} from "./handler.ts";
export {
  createBearerAuthenticator,
  type Authenticator,
  type BearerAuthenticatorOptions,
  type ManagementApiCaller,
  type PublicJwk,
} from "./auth.ts";
export {
  createMemberAuthenticators,
  type AccessTokenRecord,
  type MemberAuthenticatorOptions,
  type MemberAuthenticators,
  type MemberCaller,
} from "./member-auth.ts";
export {
  E as restErrors,
  RestError,
  domainErrorsToLogto,
  logtoErrorOf,
  type LogtoErrorSpec,
} from "./errors.ts";
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiOperation } from "./openapi.ts";
export { createNodeListener } from "./node.ts";
export type { AnyRoute, HttpMethod, Page } from "./router.ts";
export {
  createEventStream,
  createEventStreamAuthenticator,
  EVENT_STREAM_PATH,
  EVENT_STREAM_RETRY_MS,
  type EventStream,
  type EventStreamAuthenticator,
  type EventStreamCaller,
  type EventStreamOptions,
} from "../events/stream.ts";
