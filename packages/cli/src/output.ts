import { isDomainError } from "@guildhall/core/errors";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";

/** What a command did: lines for people, a document for `--json`, and how it ends. */
export interface Outcome {
  /** Null: nothing to say on stdout (it carried the command's data). */
  human: string | string[] | null;
  json: unknown;
  /** Non-zero when the command did not do what was asked (refused import rows). */
  exitCode?: number;
}

/** Options every command takes (declared on the program). */
export interface GlobalOptions {
  json?: boolean;
}

/**
 * Wraps a command's action: runs it, then prints its outcome, as text or as one JSON
 * document on stdout with `--json`. An error is printed the same way (`{ "error": {
 * code, message } }`) and sets the exit code to 1.
 */
export function action<Args extends unknown[]>(
  run: (io: Io, ...args: Args) => Promise<Outcome>,
): (...args: [...Args, Command]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    const io = new Io(command.optsWithGlobals<GlobalOptions>().json === true);
    try {
      const outcome = await run(io, ...(args.slice(0, -1) as Args));
      io.print(outcome);
      if (outcome.exitCode) process.exitCode = outcome.exitCode;
    } catch (error) {
      io.fail(error);
      process.exitCode = 1;
    }
  };
}

export class Io {
  constructor(readonly json: boolean) {}

  print({ human, json }: Outcome): void {
    if (this.json) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else if (human !== null) process.stdout.write(`${[human].flat().join("\n")}\n`);
  }

  fail(error: unknown): void {
    const code = isDomainError(error) ? error.code : "error";
    const message = error instanceof Error ? error.message : String(error);
    if (this.json) {
      const data = isDomainError(error) && error.data ? { data: error.data } : {};
      process.stdout.write(`${JSON.stringify({ error: { code, message, ...data } }, null, 2)}\n`);
    } else {
      process.stderr.write(`Error: ${message}\n`);
    }
  }

  /** A message for people while a command runs (stderr, so stdout stays the result). */
  note(message: string): void {
    if (!this.json) process.stderr.write(`${message}\n`);
  }

  /**
   * A progress bar on stderr, only when stderr is a terminal and the output is not JSON:
   * logs and pipes get no control characters.
   */
  progress(label: string, unit: string): Progress {
    if (this.json || !process.stderr.isTTY) return silentProgress;
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    });
    let started = false;
    return {
      update(value, total) {
        if (!started) bar.start(total, value);
        else bar.setTotal(total);
        started = true;
        bar.update(value);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
}

export interface Progress {
  update(value: number, total: number): void;
  stop(): void;
}

const silentProgress: Progress = { update: () => undefined, stop: () => undefined };
