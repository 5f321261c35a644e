// `pnpm guildhall <command>` runs this file with tsx: the Guildhall CLI (see program.ts, or
// `pnpm guildhall --help`).
import { buildProgram } from "./program.ts";

await buildProgram().parseAsync(process.argv);
