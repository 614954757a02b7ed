import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';

/** What a repository needs of the database: a Pool, or one client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
}
