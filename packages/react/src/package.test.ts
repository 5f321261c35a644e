// @vitest-environment node
// The package as a customer app gets it: `pnpm pack` (which builds dist/ and applies
// publishConfig), the tarball installed with npm into a project outside the workspace beside
// React, then rendered on the server from plain Node ESM and type-checked from TypeScript.
import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

let root = "";
let project = "";

/** Where a dependency is installed, seen from `from` (a package folder). */
function installed(name: string, from = packageDir): string {
  return realpathSync(join(from, "node_modules", name));
}

/** A package's own dependency, which pnpm installs beside it: `<store entry>/node_modules/<name>`. */
function sibling(of: string, name: string): string {
  const real = installed(of);
  const marker = `${sep}node_modules${sep}`;
  return realpathSync(join(real.slice(0, real.lastIndexOf(marker) + marker.length), name));
}

async function node(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd: project, timeout: 30_000 });
  return stdout;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "guildhall-react-"));
  project = join(root, "customer-app");
  await run("pnpm", ["pack", "--pack-destination", root], { cwd: packageDir, timeout: 120_000 });
  // React and its dependencies from the workspace's copies, so the install needs no network.
  const dependencies = [
    installed("react"),
    installed("react-dom"),
    sibling("react-dom", "scheduler"),
  ];
  for (const dependency of dependencies)
    await run("npm", ["pack", dependency, "--pack-destination", root, "--silent"], {
      cwd: root,
      timeout: 30_000,
    });
  const tarballs = (await readdir(root)).filter((name) => name.endsWith(".tgz"));
  expect(tarballs.filter((name) => name.startsWith("guildhall-react-"))).toHaveLength(1);
  expect(tarballs).toHaveLength(dependencies.length + 1);
  await run("mkdir", [project]);
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "customer-app", private: true, type: "module" }),
  );
  await run(
    "npm",
    [
      "install",
      ...tarballs.map((name) => join(root, name)),
      "--offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
    { cwd: project, timeout: 120_000 },
  );
  // React's types, for the TypeScript check (npm cannot pack @types/react from pnpm's store):
  // linked, so TypeScript finds csstype beside the real folder.
  await mkdir(join(project, "node_modules/@types"), { recursive: true });
  await symlink(installed("@types/react"), join(project, "node_modules/@types/react"), "dir");
}, 240_000);

afterAll(async () => {
  if (root !== "") await rm(root, { recursive: true, force: true });
});

describe("the packed package, installed outside the workspace", () => {
  it("ships dist only, React as a peer, every export target present, no workspace import", async () => {
    const dir = join(project, "node_modules/@guildhall/react");
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as {
      exports: Record<string, string | Record<string, string>>;
      sideEffects: boolean;
      dependencies?: Record<string, string>;
      peerDependencies: Record<string, string>;
    };
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest.peerDependencies)).toEqual(["react"]);
    expect(Object.keys(manifest.exports).sort()).toEqual([".", "./client", "./package.json"]);
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      for (const file of typeof target === "string" ? [target] : Object.values(target)) {
        if (subpath !== "./package.json")
          expect(file, subpath).toMatch(/^\.\/dist\/.+\.(js|d\.ts)$/);
        await expect(readFile(join(dir, file)), `${subpath} -> ${file}`).resolves.toBeDefined();
      }
    }
    const shipped = await readdir(dir);
    expect(shipped).not.toContain("src");
    const files = (await readdir(join(dir, "dist"), { recursive: true })).filter((name) =>
      name.endsWith(".js"),
    );
    expect(files.some((name) => name.includes("test"))).toBe(false);
    for (const file of files) {
      const source = await readFile(join(dir, "dist", file), "utf8");
      expect(source, file).not.toMatch(
        /^\s*(?:import|export)\b[^;]*?["'](?:@guildhall\/|[^"']*\.tsx?["'])/m,
      );
    }
  });

  it("renders on the server from plain Node ESM, and ./client calls the API with a token", async () => {
    await writeFile(
      join(project, "ssr-check.mjs"),
      `import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { GuildhallProvider, OrganizationSwitcher, OrganizationProfile, CreateOrganization, GUILDHALL_PERMISSIONS } from "@guildhall/react";
import { createGuildhallClient, GuildhallApiError } from "@guildhall/react/client";

const props = {
  baseUrl: "https://auth.example.com",
  getAccessToken: async () => "user-token",
  getOrganizationToken: async (id) => "org-token-" + id,
  organizationId: "org_1",
};
const markup = renderToString(h(GuildhallProvider, props, h(OrganizationSwitcher), h(OrganizationProfile), h(CreateOrganization)));

const calls = [];
const client = createGuildhallClient({
  ...props,
  fetch: async (url, init) => {
    calls.push([String(url), new Headers(init.headers).get("authorization")]);
    return String(url).endsWith("/users/u1") ? Response.json({ code: "auth.forbidden", message: "No." }, { status: 403 }) : Response.json([{ id: "org_1", name: "Acme", roles: [], permissions: ["guildhall:members:read"] }]);
  },
});
const organizations = await client.listMyOrganizations();
const refused = await client.removeMember("org_1", "u1").catch((error) => error);
console.log(JSON.stringify({
  switcher: markup.includes("Loading your organizations"),
  form: markup.includes("Create organization"),
  permission: GUILDHALL_PERMISSIONS.membersRead,
  organizations: organizations.map((o) => o.permissions),
  calls,
  refused: refused instanceof GuildhallApiError ? [refused.status, refused.code, refused.message] : String(refused),
}));
`,
    );
    expect(JSON.parse(await node(["ssr-check.mjs"]))).toEqual({
      switcher: true,
      form: true,
      permission: "guildhall:members:read",
      organizations: [["guildhall:members:read"]],
      calls: [
        ["https://auth.example.com/api/my/organizations", "Bearer user-token"],
        ["https://auth.example.com/api/my/organizations/org_1/users/u1", "Bearer org-token-org_1"],
      ],
      refused: [403, "auth.forbidden", "No."],
    });
  });

  it("type-checks in a strict NodeNext TypeScript project with JSX, declarations included", async () => {
    await writeFile(
      join(project, "consumer.tsx"),
      `import { useState } from "react";
import {
  GuildhallProvider, OrganizationProfile, OrganizationSwitcher, CreateOrganization,
  usePermissions, useMembers, useInvitations, useOrganization, useOrganizationList,
  GuildhallApiError, type MyOrganization, type Organization,
} from "@guildhall/react";
import { createGuildhallClient, type GuildhallClient } from "@guildhall/react/client";

function Controls() {
  const { has } = usePermissions();
  const { members, total } = useMembers({ q: "bob", page: 1 });
  const { invite } = useInvitations({ enabled: has("guildhall:invitations:manage") });
  const { organization } = useOrganization();
  const { organizations } = useOrganizationList();
  const names: string[] = (organizations ?? []).map((o: MyOrganization) => o.name);
  return <p onClick={() => void invite({ email: "a@example.com", roleIds: [] })}>{organization?.name}{members?.length}{total}{names.join()}</p>;
}

export function Team() {
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  return (
    <GuildhallProvider baseUrl="https://auth.example.com" getAccessToken={async () => "t"}
      getOrganizationToken={async (id: string) => id} organizationId={organizationId} onOrganizationChange={setOrganizationId}>
      <OrganizationSwitcher className="switcher" />
      <OrganizationProfile defaultTab="members" pageSize={10} unstyled />
      <CreateOrganization onCreated={(o: Organization) => setOrganizationId(o.id)} style={{ maxWidth: 400 }} />
      <Controls />
    </GuildhallProvider>
  );
}
export const client: GuildhallClient = createGuildhallClient({ baseUrl: "x", getAccessToken: async () => "", getOrganizationToken: async () => "" });
export function code(error: unknown): string | undefined { return error instanceof GuildhallApiError ? error.code : undefined; }
`,
    );
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          jsx: "react-jsx",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["consumer.tsx"],
      }),
    );
    await expect(node([require.resolve("typescript/bin/tsc"), "-p", "."])).resolves.toBe("");
  }, 60_000);
});
