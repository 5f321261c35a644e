// Types only: safe to import from anywhere. The client lives at @guildhall/db/client.
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
