// The package as a customer app gets it: `pnpm pack` (which builds dist/ and applies
// publishConfig), the tarball installed with npm into a project outside the workspace, then used
// from plain Node ESM, from CommonJS, from TypeScript, and from an edge-like runtime.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

let root = "";
let project = "";

/** Runs `node <args>` in the project; resolves with stdout, rejects with stderr in the message. */
async function node(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, args, {
    cwd: project,
    env: { ...process.env, ...env },
    timeout: 20_000,
  });
  return stdout;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "guildhall-org-token-"));
  project = join(root, "customer-app");
  await run("pnpm", ["pack", "--pack-destination", root], { cwd: packageDir, timeout: 60_000 });
  // The dependencies from the workspace's copies, so the install needs no network; npm still
  // resolves the tarball's own dependency ranges against them.
  for (const dependency of ["jose", "eventsource-parser"]) {
    await run(
      "npm",
      [
        "pack",
        join(packageDir, "node_modules", dependency),
        "--pack-destination",
        root,
        "--silent",
      ],
      { cwd: root, timeout: 30_000 },
    );
  }
  const tarballs = (await readdir(root)).filter((name) => name.endsWith(".tgz"));
  const ours = tarballs.find((name) => name.startsWith("guildhall-org-token-"));
  const jose = tarballs.find((name) => name.startsWith("jose-"));
  const parser = tarballs.find((name) => name.startsWith("eventsource-parser-"));
  if (ours === undefined || jose === undefined || parser === undefined)
    throw new Error(`tarballs missing: ${tarballs.join(", ")}`);
  await run("mkdir", [project]);
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "customer-app", private: true, type: "module" }),
  );
  await run(
    "npm",
    [
      "install",
      join(root, jose),
      join(root, parser),
      join(root, ours),
      "--offline",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
    {
      cwd: project,
      timeout: 60_000,
    },
  );
}, 120_000);

afterAll(async () => {
  if (root !== "") await rm(root, { recursive: true, force: true });
});

describe("the packed package, installed outside the workspace", () => {
  it("ships dist only, and every export target exists", async () => {
    const installed = join(project, "node_modules/@guildhall/org-token");
    const manifest = JSON.parse(await readFile(join(installed, "package.json"), "utf8")) as {
      exports: Record<string, string | Record<string, string>>;
      sideEffects: boolean;
      dependencies: Record<string, string>;
    };
    expect(manifest.sideEffects).toBe(false);
    // eventsource-parser serves ./freshness only (the opt-in event-stream monitor).
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["eventsource-parser", "jose"]);
    expect(Object.keys(manifest.exports)).toEqual(
      expect.arrayContaining([
        ".",
        "./issue",
        "./verify",
        "./jwks",
        "./errors",
        "./express",
        "./fetch",
        "./freshness",
      ]),
    );
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      for (const file of typeof target === "string" ? [target] : Object.values(target)) {
        if (subpath !== "./package.json")
          expect(file, subpath).toMatch(/^\.\/dist\/.+\.(js|d\.ts)$/);
        await expect(
          readFile(join(installed, file)),
          `${subpath} -> ${file}`,
        ).resolves.toBeDefined();
      }
    }
    const shipped = await readdir(installed);
    expect(shipped.sort()).toEqual(
      ["README.md", "dist", "node_modules", "package.json"].filter((name) =>
        shipped.includes(name),
      ),
    );
    expect(shipped).not.toContain("src");
    // No workspace package is imported by what ships.
    const files = (await readdir(join(installed, "dist"), { recursive: true })).filter((name) =>
      name.endsWith(".js"),
    );
    for (const file of files) {
      const source = await readFile(join(installed, "dist", file), "utf8");
      // Statements only: the JSDoc examples rightly mention @guildhall/org-token.
      expect(source, file).not.toMatch(
        /^\s*(?:import|export)\b[^;]*?["'](?:@guildhall\/|[^"']*\.ts["'])/m,
      );
      expect(source, file).not.toMatch(/\bimport\(\s*["'](?:@guildhall\/|[^"']*\.ts["'])/);
    }
  });

  it("issues with ./issue and verifies with ./verify from plain Node ESM (node:crypto engine)", async () => {
    await writeFile(
      join(project, "node-check.mjs"),
      `import { writeFileSync } from "node:fs";
import { generateSigningKey, issueOrganizationToken } from "@guildhall/org-token/issue";
import { createLocalVerifier, createOrganizationTokenVerifier } from "@guildhall/org-token/verify";
import { OrganizationTokenError } from "@guildhall/org-token/errors";
import * as everything from "@guildhall/org-token";

const issuer = "https://auth.example.com/oidc";
const key = await generateSigningKey("ES256");
const { token } = await issueOrganizationToken({
  privateKey: key.privateJwk, kid: key.kid, issuer, subject: "user_alice", organizationId: "org_a",
  scopes: ["read:member", "remove:member"], clientId: "app_console", ttlSeconds: 300,
});
const remote = createOrganizationTokenVerifier({
  issuer, jwksUri: "https://auth.example.com/oidc/jwks",
  fetch: async () => ({ ok: true, status: 200, json: async () => ({ keys: [key.publicJwk] }) }),
});
const claims = await remote.verify(token, { organizationId: "org_a", requiredScopes: ["remove:member"] });
const local = createLocalVerifier({ issuer, keys: [key.publicJwk] });
const denied = await local.verify(token, { organizationId: "org_b" }).catch((error) => error);
writeFileSync("token.json", JSON.stringify({ token, publicJwk: key.publicJwk, issuer }));
console.log(JSON.stringify({
  engine: remote.engine, sub: claims.sub, scopes: claims.scopes,
  denied: denied instanceof OrganizationTokenError ? denied.code : String(denied),
  sameClass: everything.OrganizationTokenError === OrganizationTokenError,
}));
`,
    );
    expect(JSON.parse(await node(["node-check.mjs"]))).toEqual({
      engine: "node",
      sub: "user_alice",
      scopes: ["read:member", "remove:member"],
      denied: "wrong_organization",
      sameClass: true,
    });
  });

  it("loads from CommonJS through require(esm)", async () => {
    await writeFile(
      join(project, "require-check.cjs"),
      `const { createLocalVerifier } = require("@guildhall/org-token/verify");
const { statusForErrorCode } = require("@guildhall/org-token/errors");
console.log(typeof createLocalVerifier, statusForErrorCode("insufficient_scope"));
`,
    );
    const features = process.features as { require_module?: boolean };
    if (features.require_module !== true) return; // Node without require(esm): ESM only.
    expect((await node(["--no-warnings", "require-check.cjs"])).trim()).toBe("function 403");
  });

  it("type-checks in a strict NodeNext TypeScript project, declarations included", async () => {
    await writeFile(
      join(project, "consumer.ts"),
      `import { createOrganizationTokenVerifier, type OrganizationTokenVerifier } from "@guildhall/org-token/verify";
import { issueOrganizationToken } from "@guildhall/org-token/issue";
import { authenticateRequest } from "@guildhall/org-token/fetch";
import { requireOrganizationToken } from "@guildhall/org-token/express";
import { isOrganizationTokenError, type OrganizationTokenErrorCode } from "@guildhall/org-token/errors";

export const verifier: OrganizationTokenVerifier = createOrganizationTokenVerifier({ issuer: "i", jwksUri: "https://i/jwks" });
export const middleware = requireOrganizationToken(verifier, { requiredScopes: ["read:member"] });
export async function handle(request: Request): Promise<Response> {
  const auth = await authenticateRequest(verifier, request, { organizationId: "org_a" });
  return auth.ok ? Response.json({ sub: auth.claims.sub, scopes: auth.claims.scopes satisfies string[] }) : auth.response;
}
export function code(error: unknown): OrganizationTokenErrorCode | undefined {
  return isOrganizationTokenError(error) ? error.code : undefined;
}
export const issue: typeof issueOrganizationToken = issueOrganizationToken;
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
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["consumer.ts"],
      }),
    );
    await expect(node([require.resolve("typescript/bin/tsc"), "-p", "."])).resolves.toBe("");
  }, 30_000);

  it("verifies in an edge-like runtime: no process, no Node built-ins, worker/edge-light conditions (Web Crypto engine)", async () => {
    // Loader hook: a Node built-in imported from any installed package fails the run.
    await writeFile(
      join(project, "no-builtins.mjs"),
      `import { builtinModules } from "node:module";
export async function resolve(specifier, context, next) {
  const id = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
  if (context.parentURL?.includes("/node_modules/") && (specifier.startsWith("node:") || builtinModules.includes(id))) {
    throw new Error(\`edge check: \${context.parentURL} imports \${specifier}\`);
  }
  return next(specifier, context);
}
`,
    );
    // Preload: install the hook, then hide Node's process the way an edge runtime does
    // (process.env only), so the verifier's Node detection finds nothing.
    await writeFile(
      join(project, "edge-preload.mjs"),
      `import { register } from "node:module";
register("./no-builtins.mjs", import.meta.url);
Object.defineProperty(globalThis, "process", { value: { env: {} }, configurable: true, writable: true });
`,
    );
    await writeFile(
      join(project, "edge-check.mjs"),
      `import input from "./token.json" with { type: "json" };
import { createLocalVerifier } from "@guildhall/org-token/verify";
import { authenticateRequest } from "@guildhall/org-token/fetch";

const verifier = createLocalVerifier({ issuer: input.issuer, keys: [input.publicJwk] });
const claims = await verifier.verify(input.token, { organizationId: "org_a", requiredScopes: ["read:member"] });
const tampered = input.token.slice(0, -4) + (input.token.endsWith("AAAA") ? "BBBB" : "AAAA");
const bad = await verifier.verify(tampered).catch((error) => error.code);
const ok = await authenticateRequest(verifier, new Request("https://api.example.com/", { headers: { authorization: "Bearer " + input.token } }), { requiredScopes: ["remove:member"] });
const missing = await authenticateRequest(verifier, new Request("https://api.example.com/"));
console.log(JSON.stringify({ engine: verifier.engine, hasProcess: typeof process.versions, sub: claims.sub, bad, ok: ok.ok, missing: missing.ok ? 0 : missing.response.status }));
`,
    );
    // token.json comes from the Node ESM check; make one if that test was filtered out.
    await readFile(join(project, "token.json")).catch(() => node(["node-check.mjs"]));
    const output = await node([
      "--conditions=edge-light",
      "--conditions=worker",
      "--import",
      "./edge-preload.mjs",
      "edge-check.mjs",
    ]);
    expect(JSON.parse(output)).toEqual({
      engine: "jose",
      hasProcess: "undefined",
      sub: "user_alice",
      bad: "bad_signature",
      ok: true,
      missing: 401,
    });
  });
});
