import { z } from "zod";

export const id = z.string().trim().min(1, "Id is required").max(64, "Id is too long");

/** 1-based page and page size, the shape every list takes. */
export const paginationInput = z.object({
  page: z.coerce.number().int().min(1, "page starts at 1").default(1),
  pageSize: z.coerce.number().int().min(1, "pageSize must be at least 1").max(100, "pageSize is at most 100").default(20),
});
export type PaginationInput = z.input<typeof paginationInput>;

export const searchInput = z.string().trim().max(200).optional();

export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export interface Paginated<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254));

export const password = z
  .string()
  .min(8, "Password must be at least 8 characters")
  .max(256, "Password must be at most 256 characters");

/** Permission names look like `invite:member`: no spaces (they travel space-separated in `scope`). */
export const permissionName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters")
  .regex(/^[^\s]+$/, "Name cannot contain spaces");

export const roleName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

export const description = z.string().trim().max(2000, "Description must be at most 2000 characters");

export const jsonObject = z.record(z.string(), z.unknown());

export const roleType = z.enum(["User", "MachineToMachine"]);
export type RoleType = z.infer<typeof roleType>;

export const date = z.coerce.date();
