import {
  listSsoConnectorsInput,
  type ListSsoConnectorsInput,
  type Paginated,
  type SsoConnector,
} from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { assertMaySeeSsoConnectors } from "./authorize.ts";
import { ssoConnectorSelect, toSsoConnector } from "./select.ts";

/** SSO connectors, newest first (as Logto lists them), secrets masked. */
export async function listSsoConnectors(
  ctx: ServiceContext,
  input: ListSsoConnectorsInput = {},
): Promise<Paginated<SsoConnector>> {
  assertMaySeeSsoConnectors(ctx);
  const { page, pageSize } = parseInput(listSsoConnectorsInput, input);
  const result = await paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.ssoConnector.findMany({
          select: ssoConnectorSelect,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.ssoConnector.count(),
    },
  );
  return { ...result, items: await Promise.all(result.items.map(toSsoConnector)) };
}
