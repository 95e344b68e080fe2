import type { TableMeta } from '@dynaring/core';
import { resourceNotFound } from './errors.js';
import type { ApiContext } from './operation.js';

/** Item operations answer an unknown table with DynamoDB's short not-found message. */
export function requireTable(ctx: ApiContext, name: string): TableMeta {
  const meta = ctx.catalog.get(name);
  if (!meta) throw resourceNotFound('Requested resource not found');
  return meta;
}
