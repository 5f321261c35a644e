import type { Prisma } from "@guildhall/db";
import type {
  Application,
  CreatedApplicationSecret,
  createApplicationInput,
} from "@guildhall/validators";
import type { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { insertApplicationSecret } from "./secrets.ts";
import { applicationSelect, isConfidential } from "./select.ts";

/**
 * `createApplication`'s writes, in the caller's transaction: the application, its first
 * secret when it is confidential, the audit entry. The caller authorizes and parses.
 */
export async function insertApplication(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  data: z.output<typeof createApplicationInput>,
): Promise<{ application: Application; secret: CreatedApplicationSecret | null }> {
  const application = await tx.application.create({
    data: { ...data, description: data.description ?? null },
    select: applicationSelect,
  });
  const secret = isConfidential(data.type)
    ? await insertApplicationSecret(tx, { applicationId: application.id, name: "Default" })
    : null;
  await recordAudit(tx, ctx, {
    action: "application.created",
    targetType: "application",
    targetId: application.id,
    data: { name: application.name, type: application.type },
  });
  return { application, secret };
}
