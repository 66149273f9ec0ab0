import type { GenesysClient, RequestOptions } from './client.js';

/** The two list shapes Genesys uses: numbered pages (`pageNumber`/`pageCount`/`nextUri`) and cursors. */
export interface EntityListing<T> {
  entities?: T[];
  pageNumber?: number;
  pageSize?: number;
  pageCount?: number;
  total?: number;
  nextUri?: string | null;
  cursor?: string | null;
}

/** Yields every entity of a paged GET, following `nextUri`, `pageCount` or `cursor`. Bounded by `maxPages`. */
export async function* paginate<T>(
  client: GenesysClient,
  path: string,
  options: { query?: RequestOptions['query']; pageSize?: number; signal?: AbortSignal; maxPages?: number } = {},
): AsyncGenerator<T> {
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 10_000;
  let page = 1;
  let next: { path: string; query?: RequestOptions['query'] } | undefined = {
    path,
    query: { ...options.query, pageSize, pageNumber: 1 },
  };
  while (next && page <= maxPages) {
    const listing: EntityListing<T> = await client.get<EntityListing<T>>(next.path, { query: next.query, signal: options.signal });
    const entities = listing?.entities ?? [];
    for (const entity of entities) yield entity;
    if (entities.length === 0) break;
    if (listing.cursor) {
      next = { path, query: { ...options.query, pageSize, cursor: listing.cursor } };
    } else if (listing.nextUri) {
      next = { path: listing.nextUri };
    } else if (typeof listing.pageCount === 'number' && (listing.pageNumber ?? page) < listing.pageCount) {
      next = { path, query: { ...options.query, pageSize, pageNumber: (listing.pageNumber ?? page) + 1 } };
    } else {
      next = undefined;
    }
    page += 1;
  }
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
