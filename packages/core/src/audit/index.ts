export * from "./list-audit-logs.ts";
export * from "./get-audit-log.ts";
export { pruneExpired, startRetentionJob, PRUNE_BATCH_SIZE } from "./prune.ts";
export type { PruneResult, RetentionJob } from "./prune.ts";
