// The data dir's secrets live with the data dir (`@guildhall/db/secrets`), where the CLI
// finds them too; the server imports them from here.
export { ensureSecrets, type Secrets } from "@guildhall/db/secrets";
