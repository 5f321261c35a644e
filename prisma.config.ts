// Prisma CLI configuration. The CLI runs in its JS/WASM mode (no native engines can be
// downloaded on our machines), which needs a driver adapter even for `generate`.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const connectionString = process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused";
    return new PrismaPg({ connectionString, allowExitOnIdle: true });
  },
});
