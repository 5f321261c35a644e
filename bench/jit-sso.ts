/**
 * Just-in-time provisioning and home-realm discovery at scale: 10,000 organizations holding
 * 20,000 email domains, 1,000 SSO connectors holding 2,000 domains.
 */
import { findSsoConnectorForEmail, provisionJustInTime, systemContext } from "@guildhall/core";
import { createPrismaClient } from "@guildhall/db/client";
import { DATASET } from "./dataset.ts";
import { fmt, time } from "./stats.ts";

const CONNECTORS = 1000;

async function ensureDomains(db: ReturnType<typeof createPrismaClient>) {
  // Two domains per organization, and the first role as the default role: set-based, idempotent.
  await db.$executeRawUnsafe(`
    INSERT INTO organization_jit_email_domains ("organizationId", "emailDomain", "createdAt")
      SELECT 'o' || i, 'd' || i || s || '.bench.test', now()
      FROM generate_series(1, ${DATASET.organizations}) i, unnest(ARRAY['a', 'b']) s
    ON CONFLICT DO NOTHING`);
  await db.$executeRawUnsafe(`
    INSERT INTO organization_jit_roles ("organizationId", "roleId")
      SELECT 'o' || i, 'r2' FROM generate_series(1, ${DATASET.organizations}) i
    ON CONFLICT DO NOTHING`);
  await db.$executeRawUnsafe(`
    INSERT INTO sso_connectors (id, "providerName", "connectorName", domains, config, "updatedAt")
      SELECT 'sso' || i, 'OIDC', 'Bench IdP ' || i,
             ARRAY['idp' || i || 'a.bench.test', 'idp' || i || 'b.bench.test'],
             jsonb_build_object('issuer', 'https://idp' || i || '.bench.test', 'clientId', 'c', 'clientSecret', 'sealed'),
             now()
      FROM generate_series(1, ${CONNECTORS}) i
    ON CONFLICT DO NOTHING`);
}

export async function runJitSsoBench(url: string): Promise<string[][]> {
  const db = createPrismaClient(url, { max: 4 });
  const ctx = systemContext(db);
  const rows: string[][] = [];
  const run = Date.now().toString(36);
  try {
    await ensureDomains(db);
    const n = 200;
    // Fresh users (provisioning by email runs once per user), verified, half of them with a
    // domain no organization holds (the common sign-up) and half with one that one holds.
    const users = Array.from({ length: 2 * n }, (_, i) => ({
      id: `bench-jit-${run}-${i}`,
      email:
        i < n
          ? `u${i}@nobody-${run}.example`
          : `u${i}@d${1 + ((i * 37) % DATASET.organizations)}a.bench.test`,
      emailVerifiedAt: new Date(),
    }));
    await db.user.createMany({ data: users });
    const provision = (i: number) =>
      db.$transaction((tx) =>
        provisionJustInTime(
          tx,
          {
            userId: users[i]?.id ?? "",
            email: users[i]?.email ?? "",
            emailVerified: true,
            reason: "console",
            now: new Date(),
          },
          ctx,
        ),
      );
    // The transaction a sign-up already opens, with one read: what provisioning adds to.
    const baseline = await time(n, (i) =>
      db.$transaction((tx) => tx.user.findUnique({ where: { id: users[i]?.id ?? "" } })),
    );
    const none = await time(n - 10, (i) => provision(i + 10), 0);
    const one = await time(n - 10, (i) => provision(n + 10 + i), 0);
    rows.push([
      "(baseline) a transaction with one user read, as a sign-up already has",
      fmt(baseline.p50),
      fmt(baseline.p99),
    ]);
    rows.push([
      "JIT on user creation, no organization holds the domain (20,000 domains)",
      fmt(none.p50),
      fmt(none.p99),
    ]);
    rows.push([
      "JIT on user creation, joins one organization with its default role",
      fmt(one.p50),
      fmt(one.p99),
    ]);
    const hrd = await time(300, (i) =>
      findSsoConnectorForEmail(db, {
        email: i % 2 ? `x@idp${1 + (i % CONNECTORS)}a.bench.test` : `x@nowhere${i}.example`,
      }),
    );
    rows.push([
      `home-realm discovery (${CONNECTORS.toLocaleString()} connectors, half the lookups match)`,
      fmt(hrd.p50),
      fmt(hrd.p99),
    ]);
    await db.user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
  } finally {
    await db.$disconnect();
  }
  return rows;
}
