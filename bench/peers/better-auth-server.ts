/**
 * Child process: Better Auth (roles in code) served by its own handler on node:http, on
 * its benchmark database, so the member page is measured over HTTP like Guildhall's.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "better-auth/node";
import pg from "pg";
import { createPeerAuth } from "./better-auth-config.ts";

process.on("SIGTERM", () => process.exit(0));
// The pool size of Guildhall's `rest` child server.
const pool = new pg.Pool({ connectionString: process.env.BENCH_PEER_DB_URL ?? "", max: 20 });
const handle = toNodeHandler(createPeerAuth(pool));
const server = createServer((req, res) => void handle(req, res));
server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
