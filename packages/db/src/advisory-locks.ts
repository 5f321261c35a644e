/**
 * Every PostgreSQL advisory-lock key Guildhall takes, in one place so two features can never
 * pick the same number by accident. The values are arbitrary but fixed: processes of
 * different versions running side by side during a deploy must agree on them.
 */
export const ADVISORY_LOCKS = {
  /** Session lock: one migrator at a time when several processes start together. */
  migrations: 72_707_369,
  /** Session lock: one test worker at a time builds the migrated template database. */
  testTemplate: 72_707_370,
  /** Transaction lock: first-start key creation and rotation never overlap. */
  signingKeys: 72_707_371,
  /** Transaction lock: concurrent starts create the Management API resource and role once. */
  managementApi: 72_707_372,
  /** Transaction lock: exactly one first-run setup creates the first console admin. */
  firstRunSetup: 4_871_260_001,
  /** Transaction lock: concurrent starts create the bootstrap machine-to-machine application once. */
  bootstrap: 72_707_373,
  /** Transaction lock: connector writes check "one connector per email domain" one at a time. */
  ssoConnectorDomains: 72_707_374,
  /** Transaction lock: one event sequencer at a time assigns positions (core/events). */
  eventSequencer: 72_707_375,
} as const;

export type AdvisoryLock = keyof typeof ADVISORY_LOCKS;
