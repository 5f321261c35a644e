import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("./client.tsx", import.meta.url));

export interface TeamBundle {
  /** The Team page's script: bundled on first use, then served from memory. */
  script(): Promise<string>;
}

/**
 * Bundles the Team page's React entry (`client.tsx`, with `@guildhall/react` and React) for
 * the browser with esbuild, once per process. A failed build is not cached: the next request
 * tries again (and the error is logged where it is served).
 */
export function createTeamBundle(entry: string = ENTRY): TeamBundle {
  let bundled: Promise<string> | undefined;
  return {
    script() {
      bundled ??= build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        format: "iife",
        platform: "browser",
        target: "es2022",
        jsx: "automatic",
        minify: true,
        legalComments: "none",
        logLevel: "silent",
        define: { "process.env.NODE_ENV": JSON.stringify("production") },
      })
        .then((result) => {
          const file = result.outputFiles[0];
          if (!file) throw new Error(`esbuild produced no output for ${entry}`);
          return file.text;
        })
        .catch((error: unknown) => {
          bundled = undefined;
          throw error;
        });
      return bundled;
    },
  };
}
