// pnpm start: builds the console (turbo, cached) while saying so, then serves it.
// Arguments go to the server: `pnpm start -- --demo`.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

// Telemetry notices are noise on a first start; the variables are listed in turbo.json's
// globalPassThroughEnv, so they reach `next build` through turbo.
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" };

/** pnpm, the one that runs this script when there is one (npm_execpath), on any platform. */
function pnpm(args: string[], options: SpawnOptions): ChildProcess {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/i.test(execPath) && /\.[cm]?js$/.test(execPath))
    return spawn(process.execPath, [execPath, ...args], options);
  // pnpm.cmd needs a shell on Windows.
  return spawn("pnpm", args, { ...options, shell: process.platform === "win32" });
}

function seconds(since: number): string {
  return `${Math.round((Date.now() - since) / 1000)} s`;
}

/** Runs the cached build with a progress line; turbo's output is shown only when it fails. */
async function build(): Promise<boolean> {
  const started = Date.now();
  const tty = process.stdout.isTTY;
  const label = "[guildhall] Building the console…";
  if (tty) process.stdout.write(`${label} `);
  else console.log(`${label} (the first build takes about a minute; later ones are cached)`);
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let frame = 0;
  const ticker = tty
    ? setInterval(() => {
        frame = (frame + 1) % frames.length;
        process.stdout.write(`\r${label} ${frames[frame] ?? ""} ${seconds(started)}\x1b[K`);
      }, 250)
    : undefined;

  const output: Buffer[] = [];
  const child = pnpm(
    ["exec", "turbo", "run", "build", "--filter=@guildhall/console", "--output-logs=errors-only"],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number>((resolve) => {
    child.on("error", () => resolve(1));
    child.on("close", (exit) => resolve(exit ?? 1));
  });
  clearInterval(ticker);
  const cached = /FULL TURBO/.test(Buffer.concat(output).toString());
  const summary = code === 0 ? `done in ${seconds(started)}${cached ? " (cached)" : ""}` : "failed";
  if (tty) process.stdout.write(`\r${label} ${summary}\x1b[K\n`);
  else console.log(`${label} ${summary}`);
  if (code !== 0) process.stderr.write(Buffer.concat(output));
  return code === 0;
}

/** Serves the console until it exits; a signal sent to this process is passed on. */
async function serve(args: string[]): Promise<number> {
  const child = pnpm(["--filter", "@guildhall/console", "run", "serve", ...args], {
    env,
    stdio: "inherit",
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  return new Promise<number>((resolve) => {
    child.on("error", () => resolve(1));
    child.on("close", (exit) => resolve(exit ?? 1));
  });
}

if (!(await build())) process.exit(1);
process.exit(await serve(process.argv.slice(2)));
