export * from "./apply-bootstrap.ts";
