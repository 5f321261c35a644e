// One lint config for the whole workspace; each package runs `eslint .` from its folder.
// `files` globs are relative to this file, so they mean the same from every package's folder.
import { existsSync } from "node:fs";
import path from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Layering (the arrows in ARCHITECTURE.md): validators, db, org-token, webhooks and react import
// nothing of ours; email imports only db and validators; core never imports api, oidc or the
// console; api and oidc never import each other. For each package, the workspace packages it
// must not import (bare specifiers; relative paths are checked by
// guildhall/no-import-outside-package). The CLI sits beside the console: it calls core and db,
// and nothing imports it.
const ours = [
  "validators",
  "db",
  "email",
  "core",
  "api",
  "oidc",
  "org-token",
  "webhooks",
  "react",
  "console",
  "cli",
];
const forbiddenImports = {
  validators: ours.filter((name) => name !== "validators"),
  db: ours.filter((name) => name !== "db"),
  "org-token": ours.filter((name) => name !== "org-token"),
  webhooks: ours.filter((name) => name !== "webhooks"),
  react: ours.filter((name) => name !== "react"),
  email: ["core", "api", "oidc", "org-token", "console", "cli"],
  core: ["api", "oidc", "console", "cli"],
  api: ["oidc", "console", "cli"],
  oidc: ["api", "console", "cli"],
  cli: ["api", "oidc", "console"],
};

const boundaries = Object.entries(forbiddenImports).map(([pkg, names]) => ({
  files: [`packages/${pkg}/**`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            group: names.flatMap((name) => [`@guildhall/${name}`, `@guildhall/${name}/*`]),
            message: `packages/${pkg} must not import this package: see the dependency arrows in ARCHITECTURE.md.`,
          },
        ],
      },
    ],
  },
}));

// Two boundaries no-restricted-imports cannot express: whether a relative path leaves the
// package depends on how deep the importing file sits, and a client component is marked by its
// "use client" directive, not by its path.
const serverOnlyPackage = /^@guildhall\/(api|core|db|email|oidc)(\/|$)/;

// The nearest folder with a package.json, looked up once per folder.
const packageRoots = new Map();
function packageRoot(dir) {
  if (!packageRoots.has(dir)) {
    const parent = path.dirname(dir);
    const root = existsSync(path.join(dir, "package.json"))
      ? dir
      : parent === dir
        ? null
        : packageRoot(parent);
    packageRoots.set(dir, root);
  }
  return packageRoots.get(dir);
}

function onImportSource(check) {
  const visit = (node) => {
    if (node.source?.type === "Literal" && typeof node.source.value === "string")
      check(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
  };
}

const guildhall = {
  rules: {
    "no-import-outside-package": {
      meta: {
        type: "problem",
        schema: [],
        messages: {
          outside: "'{{source}}' leaves this package; import the other package by its name.",
        },
      },
      create(context) {
        const root = packageRoot(path.dirname(context.filename));
        if (root === null) return {};
        return onImportSource((node, source) => {
          if (!source.startsWith(".")) return;
          const target = path.relative(root, path.resolve(path.dirname(context.filename), source));
          if (target.startsWith("..") || path.isAbsolute(target)) {
            context.report({ node: node.source, messageId: "outside", data: { source } });
          }
        });
      },
    },
    "no-server-import-in-client": {
      meta: {
        type: "problem",
        schema: [],
        messages: {
          server:
            "A \"use client\" file must not import '{{source}}' (server-only); call it through tRPC.",
        },
      },
      create(context) {
        const isClient = context.sourceCode.ast.body.some(
          (node) => node.type === "ExpressionStatement" && node.directive === "use client",
        );
        if (!isClient) return {};
        return onImportSource((node, source) => {
          const typeOnly =
            node.importKind === "type" ||
            node.exportKind === "type" ||
            (node.type === "ImportDeclaration" &&
              node.specifiers.length > 0 &&
              node.specifiers.every(
                (s) => s.type === "ImportSpecifier" && s.importKind === "type",
              ));
          if (serverOnlyPackage.test(source) && !typeOnly) {
            context.report({ node: node.source, messageId: "server", data: { source } });
          }
        });
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "**/generated/**",
      "**/*.mjs",
      "**/*.cjs",
      "**/next-env.d.ts",
      "**/test-results/**",
      "**/playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: {
      parserOptions: { projectService: true },
    },
    plugins: { guildhall },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unnecessary-condition": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/only-throw-error": "off",
      // Environment variables are read and validated in one env module per package or app.
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message:
            "Read environment variables in this package's env.ts (validated there), not here.",
        },
      ],
    },
  },
  {
    // Where process.env may be read: the env modules themselves, and code that configures
    // itself rather than the product: tests, e2e, benchmarks, scripts, examples, and the
    // Prisma CLI's config.
    files: [
      "**/env.ts", // apps/console/src, packages/db/src, packages/email/src, examples/customer-app/src
      "**/*.test.ts",
      "e2e/**",
      "bench/**",
      "scripts/**",
      "examples/**",
      "prisma.config.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  ...boundaries,
  {
    files: ["packages/**", "apps/**"],
    rules: { "guildhall/no-import-outside-package": "error" },
  },
  {
    files: ["apps/console/src/**"],
    rules: { "guildhall/no-server-import-in-client": "error" },
  },
);
