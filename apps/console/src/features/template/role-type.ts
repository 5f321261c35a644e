export const ROLE_TYPE_LABELS = {
  User: "User",
  MachineToMachine: "Machine-to-machine",
} as const;

export type RoleTypeValue = keyof typeof ROLE_TYPE_LABELS;
