import type { TableMeta } from '@dynaring/core';

/** A PAY_PER_REQUEST table keyed by a string `pk`, as the server tests serve it. */
export function hashKeyTable(name: string): TableMeta {
  return {
    name,
    id: 'id',
    keySchema: { hash: { name: 'pk', type: 'S' } },
    attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    creationDateTimeMs: 0,
    rf: 1,
    tags: {},
  };
}
