import type { Prisma } from "@guildhall/db";

/** What a set operation changed: the caller writes one audit entry from it. */
export interface RelationDiff {
  added: string[];
  removed: string[];
}

type Columns = Record<string, string>;

/**
 * The part of a Prisma model delegate a relation table needs. Each relation passes its own
 * delegate (`tx.organizationMemberRole`, ...); the owner columns and the related column
 * are only known at run time here, so the arguments are plain column maps.
 */
export interface RelationTable<Row extends Columns> {
  findMany(args: { where: object; select: Record<string, true> }): PromiseLike<object[]>;
  deleteMany(args: { where: object }): PromiseLike<{ count: number }>;
  createManyAndReturn(args: {
    data: Row[];
    skipDuplicates: true;
    select: Record<string, true>;
  }): PromiseLike<object[]>;
}

export interface RelationSet<Owner extends Columns, Key extends string> {
  /**
   * Adds the related ids the owner does not hold yet; the ones it holds stay, so assigning
   * twice is harmless (and a concurrent assign of the same row is not an error).
   * @returns the diff: the ids actually added, in the order given
   */
  assign(tx: Prisma.TransactionClient, owner: Owner, ids: readonly string[]): Promise<RelationDiff>;
  /**
   * `assign` for several owners at once (all pairs owner x id).
   * @returns the rows actually added
   */
  assignEach(
    tx: Prisma.TransactionClient,
    owners: readonly Owner[],
    ids: readonly string[],
  ): Promise<Array<Owner & Record<Key, string>>>;
  /** Makes the owner's related ids exactly `ids`: removes the others, adds the missing ones. */
  replace(
    tx: Prisma.TransactionClient,
    owner: Owner,
    ids: readonly string[],
  ): Promise<RelationDiff>;
  /**
   * Removes one related id. When the owner does not hold it, throws what `notAssigned`
   * returns (called only then, so it may query to explain why); without `notAssigned`,
   * nothing is removed and the diff is empty.
   */
  remove(
    tx: Prisma.TransactionClient,
    owner: Owner,
    id: string,
    notAssigned?: () => Error | Promise<Error>,
  ): Promise<RelationDiff>;
  /** Removes these related ids; ids the owner does not hold are ignored. */
  removeEach(
    tx: Prisma.TransactionClient,
    owner: Owner,
    ids: readonly string[],
  ): Promise<RelationDiff>;
}

/**
 * One relation table seen as "a set of related ids per owner" (Logto's RelationQueries is
 * the model): member roles, role permissions, application roles, role scopes, ... Only the
 * set mechanics live here; who may change the set, and whether the ids are valid, stays
 * with each service, which checks before calling and audits the returned diff.
 *
 * @example
 * const memberRoles = relationSet({
 *   table: (tx) => tx.organizationMemberRole,
 *   owner: ["organizationId", "userId"],
 *   related: "roleId",
 * });
 * const { added } = await memberRoles.assign(tx, { organizationId, userId }, roleIds);
 */
export function relationSet<const OwnerKeys extends readonly string[], Key extends string>(spec: {
  table: (
    tx: Prisma.TransactionClient,
  ) => RelationTable<Record<OwnerKeys[number], string> & Record<Key, string>>;
  /** The columns that identify the owner (the set's "parent"). */
  owner: OwnerKeys;
  /** The column holding the related id. */
  related: Key;
}): RelationSet<Record<OwnerKeys[number], string>, Key> {
  type Owner = Record<OwnerKeys[number], string>;
  type Row = Owner & Record<Key, string>;
  const { related } = spec;
  const select: Record<string, true> = Object.fromEntries(
    [...spec.owner, related].map((column) => [column, true]),
  );
  const ownerOf = (owner: Owner): Columns =>
    Object.fromEntries(spec.owner.map((column: OwnerKeys[number]) => [column, owner[column]]));
  // Prisma returns exactly the selected columns: the owner columns and the related one.
  const rowsOf = (rows: object[]) => rows as Row[];
  const idsOf = (rows: object[]): string[] => rowsOf(rows).map((r) => r[related]);

  async function insert(tx: Prisma.TransactionClient, owners: readonly Owner[], ids: string[]) {
    if (owners.length === 0 || ids.length === 0) return [];
    const data = owners.flatMap((owner) =>
      ids.map((id) => ({ ...ownerOf(owner), [related]: id }) as Row),
    );
    return rowsOf(await spec.table(tx).createManyAndReturn({ data, skipDuplicates: true, select }));
  }

  async function held(tx: Prisma.TransactionClient, owner: Owner, where: object = {}) {
    return idsOf(await spec.table(tx).findMany({ where: { ...ownerOf(owner), ...where }, select }));
  }

  async function deleteIds(tx: Prisma.TransactionClient, owner: Owner, ids: string[]) {
    if (ids.length === 0) return;
    await spec.table(tx).deleteMany({ where: { ...ownerOf(owner), [related]: { in: ids } } });
  }

  return {
    async assign(tx, owner, ids) {
      const added = await insert(tx, [owner], [...new Set(ids)]);
      return { added: added.map((r) => r[related]), removed: [] };
    },

    async assignEach(tx, owners, ids) {
      return insert(tx, owners, [...new Set(ids)]);
    },

    async replace(tx, owner, ids) {
      const wanted = [...new Set(ids)];
      const current = await held(tx, owner);
      const keep = new Set(wanted);
      const removed = current.filter((id) => !keep.has(id));
      await deleteIds(tx, owner, removed);
      const have = new Set(current);
      // skipDuplicates: a concurrent writer may have added the same row meanwhile.
      const added = await insert(
        tx,
        [owner],
        wanted.filter((id) => !have.has(id)),
      );
      return { added: added.map((r) => r[related]), removed };
    },

    async remove(tx, owner, id, notAssigned) {
      const { count } = await spec
        .table(tx)
        .deleteMany({ where: { ...ownerOf(owner), [related]: id } });
      if (count > 0) return { added: [], removed: [id] };
      if (notAssigned) throw await notAssigned();
      return { added: [], removed: [] };
    },

    async removeEach(tx, owner, ids) {
      const wanted = [...new Set(ids)];
      if (wanted.length === 0) return { added: [], removed: [] };
      const removed = await held(tx, owner, { [related]: { in: wanted } });
      await deleteIds(tx, owner, removed);
      return { added: [], removed };
    },
  };
}
