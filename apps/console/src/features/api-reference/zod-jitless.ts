import { z } from "zod";

// Scalar validates its configuration with zod (the console's own copy: one zod in the
// bundle). Zod first probes whether it may compile parsers with `new Function`; under the
// console's CSP (no 'unsafe-eval') the probe is refused and reported as a CSP violation,
// although zod then parses without it. `jitless` skips the probe: the policy stays as it is.
z.config({ jitless: true });
