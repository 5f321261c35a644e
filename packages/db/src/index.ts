// Types and plain values only: safe to import from anywhere. The client lives at @guildhall/db/client.
export type * from "./generated/prisma/client.ts";
export type { Prisma } from "./generated/prisma/client.ts";
export {
  ConsoleRole,
  RoleType,
  InvitationStatus,
  ApplicationType,
  DeliveryStatus,
} from "./generated/prisma/enums.ts";
export type { Db } from "./client.ts";
export { ADVISORY_LOCKS, type AdvisoryLock } from "./advisory-locks.ts";
export { processSingleton } from "./process-singleton.ts";
