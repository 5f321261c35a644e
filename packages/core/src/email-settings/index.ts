export * from "./get-email-settings.ts";
export * from "./send-test-email.ts";
