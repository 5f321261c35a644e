import type { AnyApiReferenceConfiguration } from "@scalar/api-reference-react";

/**
 * The public OpenAPI document of this instance's Management API (served by the REST mount).
 * Fetched by the browser rather than passed through the page: it is some 450 kB.
 */
export const OPENAPI_DOCUMENT_PATH = "/api/openapi.json";

/** The bearer scheme of the document (`buildOpenApiDocument`): what "Authentication" fills. */
export const MANAGEMENT_API_SECURITY_SCHEME = "managementApiToken";

/**
 * Scalar's options for the console. Everything is served by this instance, under the page's
 * CSP (`connect-src 'self'`, `font-src 'self'`), so every feature that calls Scalar's own
 * services is off: web fonts from their CDN, telemetry, the AI agent, MCP, the developer
 * tools, "Open in API client" (client.scalar.com) and the request proxy (no `proxyUrl`:
 * Test Request calls this origin's `/api` directly). A pasted token stays in the tab's
 * memory (`persistAuth: false`), never in localStorage.
 */
export function scalarConfiguration() {
  return {
    url: OPENAPI_DOCUMENT_PATH,
    layout: "modern",
    theme: "default",
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: "never",
    hideClientButton: true,
    authentication: { preferredSecurityScheme: MANAGEMENT_API_SECURITY_SCHEME },
    persistAuth: false,
    // Dark or light follows the system, as the rest of the console does.
    hideDarkModeToggle: true,
    documentDownloadType: "json",
    operationTitleSource: "summary",
    orderSchemaPropertiesBy: "preserve",
    defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  } satisfies AnyApiReferenceConfiguration;
}
