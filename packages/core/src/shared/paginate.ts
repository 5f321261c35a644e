import type { Paginated } from "@guildhall/validators";

interface PageInput {
  page: number;
  pageSize: number;
}

/** skip/take for a 1-based page. */
export function pageArgs({ page, pageSize }: PageInput) {
  return { skip: (page - 1) * pageSize, take: pageSize };
}

/** What a list belongs to (see `paginate`): its lookup, null when it is missing, and the error then. */
export interface ListParent {
  find: () => PromiseLike<object | null>;
  notFound: () => Error;
}

/**
 * One page of a list and the count of all that matches, read together: every `list*`
 * service answers this way. `rows` is given the page's skip/take. A list that belongs to
 * something (a role's users, a resource's permissions) names it as `parent`: it is looked
 * up alongside, and when it is missing the list itself does not exist, so `notFound` is
 * thrown instead of an empty page.
 *
 * @example
 * return paginate(input, {
 *   rows: (page) => ctx.db.role.findMany({ where, select: roleSelect, ...page }),
 *   count: () => ctx.db.role.count({ where }),
 *   toItem: toRole,
 * });
 */
export async function paginate<Row, Item = Row>(
  { page, pageSize }: PageInput,
  query: {
    rows: (page: { skip: number; take: number }) => PromiseLike<Row[]>;
    count: () => PromiseLike<number>;
    /** Maps a row to the item returned; rows are returned as they are without it. */
    toItem?: (row: Row) => Item;
    parent?: ListParent;
  },
): Promise<Paginated<Item>> {
  const [parent, rows, total] = await Promise.all([
    query.parent ? query.parent.find() : null,
    query.rows(pageArgs({ page, pageSize })),
    query.count(),
  ]);
  if (query.parent && !parent) throw query.parent.notFound();
  const { toItem } = query;
  // Without `toItem`, Item is Row (its default): the rows are the items.
  const items = toItem ? rows.map(toItem) : (rows as unknown as Item[]);
  return { items, total, page, pageSize };
}
