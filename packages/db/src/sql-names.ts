// Table and column names for the raw SQL that Prisma's query API cannot express well
// (token issuance's prepared statements, paginated lists, counts, locking reads, the outbox
// claim). Column names come from Prisma's generated field enums, so renaming a field in
// schema.prisma fails the typecheck wherever a statement uses it; table names are the
// `@@map` names, and sql-names.test.ts checks every table and column against the database
// catalog. Everything resolves to plain strings once, at module load: a statement built
// from these names is constant text with `$n` placeholders, run through the pg pool
// (`sqlPool(db).query`, where the hot paths prepare it once per connection) or through
// Prisma's `$queryRaw` / `$executeRaw` (see prismaStatement). Values are never spliced in.
//
// Why not Prisma TypedSQL: it types one statement per `.sql` file by asking a live database
// during `prisma generate --sql`, and its statements cannot be composed, while the
// effective-permission join is one fragment spliced into several statements (core's
// permissions/effective-permissions.ts). Why not Kysely: a second query builder and a second
// description of the schema beside Prisma's, for a dozen statements.
import { Prisma } from "./generated/prisma/browser.ts";

export type ModelName = Prisma.ModelName;

/** The `@@map` name of every model in prisma/schema.prisma. */
export const SQL_TABLE_NAMES = {
  User: "users",
  ConsoleSession: "console_sessions",
  ConsoleMember: "console_members",
  OrganizationPermission: "organization_permissions",
  OrganizationRole: "organization_roles",
  OrganizationRolePermission: "organization_role_permissions",
  Organization: "organizations",
  OrganizationMember: "organization_members",
  OrganizationMemberRole: "organization_member_roles",
  OrganizationInvitation: "organization_invitations",
  OrganizationInvitationRole: "organization_invitation_roles",
  OrganizationJitEmailDomain: "organization_jit_email_domains",
  OrganizationJitRole: "organization_jit_roles",
  Application: "applications",
  ApplicationSecret: "application_secrets",
  OrganizationApplication: "organization_applications",
  OrganizationApplicationRole: "organization_application_roles",
  ApiResource: "api_resources",
  ApiScope: "api_scopes",
  Role: "roles",
  RoleScope: "role_scopes",
  UserRole: "user_roles",
  ApplicationRole: "application_roles",
  OrganizationRoleApiScope: "organization_role_api_scopes",
  SigningKey: "signing_keys",
  OidcModel: "oidc_models",
  Webhook: "webhooks",
  WebhookDelivery: "webhook_deliveries",
  AuditLog: "audit_log",
  DomainEvent: "domain_events",
  InstanceSettings: "instance_settings",
  EmailOutbox: "email_outbox",
  RateLimit: "rate_limits",
  SignInExperience: "sign_in_experience",
  OneTimeCode: "one_time_codes",
  UserMfaFactor: "user_mfa_factors",
  UserBackupCode: "user_backup_codes",
  AuthChallenge: "auth_challenges",
  SsoConnector: "sso_connectors",
  OrganizationJitSsoConnector: "organization_jit_sso_connectors",
  UserSsoIdentity: "user_sso_identities",
  SsoSignInState: "sso_sign_in_states",
  OrganizationMembershipRequest: "organization_membership_requests",
} as const satisfies Record<ModelName, string>;

type FieldEnums = { [M in ModelName]: (typeof Prisma)[`${M}ScalarFieldEnum`] };

/** A model's column names: its scalar fields (no field has an `@map`). */
export type SqlColumn<M extends ModelName> = keyof FieldEnums[M] & string;

/** The column names of a model, as Prisma generated them from schema.prisma. */
export function sqlColumnsOf(model: ModelName): string[] {
  return Object.keys(Prisma[`${model}ScalarFieldEnum`]);
}

export interface SqlTable<M extends ModelName> {
  /** The quoted table name: `"organization_member_roles"`. */
  readonly name: string;
  /** For FROM, JOIN, INSERT INTO, UPDATE: `"organization_member_roles" AS mr` (the name alone without an alias). */
  readonly ref: string;
  /** Quoted columns, qualified by the alias when there is one: `mr."roleId"`, else `"roleId"`. */
  readonly col: { readonly [C in SqlColumn<M>]: string };
}

const ALIAS = /^[a-z_][a-z0-9_]*$/;

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Names for one table in a raw statement. Call it at module load and build the statement
 * text there too, so the text is a constant.
 * @example
 * const mr = sqlTable("OrganizationMemberRole", "mr");
 * const SQL = `SELECT ${mr.col.roleId} FROM ${mr.ref} WHERE ${mr.col.userId} = $1`;
 * // SELECT mr."roleId" FROM "organization_member_roles" AS mr WHERE mr."userId" = $1
 */
export function sqlTable<M extends ModelName>(model: M, alias?: string): SqlTable<M> {
  if (alias !== undefined && !ALIAS.test(alias)) throw new Error(`Invalid SQL alias "${alias}".`);
  const name = quoteIdent(SQL_TABLE_NAMES[model]);
  const prefix = alias ? `${alias}.` : "";
  const col = Object.fromEntries(sqlColumnsOf(model).map((c) => [c, `${prefix}${quoteIdent(c)}`]));
  return {
    name,
    ref: alias ? `${name} AS ${alias}` : name,
    col: col as SqlTable<M>["col"],
  };
}

/**
 * A constant statement with `$1`..`$n` placeholders, in the form Prisma's `$queryRaw` and
 * `$executeRaw` take as a tagged template: `db.$queryRaw(STATEMENT, a, b)`. The values stay
 * bound parameters (Prisma numbers them again itself), and the text is split once, at module
 * load. Each placeholder appears once, in order; anything else is a mistake caught at load.
 * @example
 * const RESET = prismaStatement(`DELETE FROM ${limits.ref} WHERE ${limits.col.key} = $1`);
 * await db.$executeRaw(RESET, key);
 */
export function prismaStatement(text: string): TemplateStringsArray {
  const parts = text.split(/\$(\d+)/);
  const strings: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    strings.push(parts[i] ?? "");
    const placeholder = parts[i + 1];
    if (placeholder !== undefined && Number(placeholder) !== strings.length) {
      throw new Error(
        `Placeholders must be $1..$n, each once and in order; found $${placeholder} in: ${text}`,
      );
    }
  }
  return Object.freeze(Object.assign(strings, { raw: Object.freeze([...strings]) }));
}
