export {
  readRecords,
  type ImportFormat,
  type ImportSource,
  type Refusal,
  type SourceRecord,
} from "./records.ts";
export { formatRecords } from "./formats.ts";
export { MAX_LISTED_REFUSALS, type ImportReport } from "./report.ts";
export { importUsers, USER_COLUMNS, USER_IMPORT_COLUMNS } from "./import-users.ts";
export { countExportableUsers, exportUsers, type ExportedUser } from "./export-users.ts";
export { importOrganizations, type OrganizationImportReport } from "./import-organizations.ts";
export {
  countExportableOrganizations,
  exportOrganizations,
  type ExportedOrganization,
} from "./export-organizations.ts";
