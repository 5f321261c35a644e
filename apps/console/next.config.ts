import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages export TypeScript source; Next compiles them with the app.
  transpilePackages: [
    "@guildhall/api",
    "@guildhall/core",
    "@guildhall/db",
    "@guildhall/email",
    "@guildhall/org-token",
    "@guildhall/validators",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
