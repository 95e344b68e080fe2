import { typeOf, type AttributeMap, type TableMeta } from '@dynaring/core';
import { validation } from './errors.js';

/**
 * DynamoDB refuses a write whose item holds an index key attribute of another type than the
 * index declares, or an empty string or binary there; an item merely lacking the attribute is
 * written and stays out of the index. Checked on the whole new item (PutItem, BatchWriteItem,
 * and UpdateItem after its update), GSIs before LSIs, the last declared first, as DynamoDB does.
 */
export function assertIndexKeysValid(table: TableMeta, item: AttributeMap): void {
  const indexes = table.indexes;
  if (!indexes) return;
  const ordered = [...indexes.filter((i) => i.kind === 'global').reverse(), ...indexes.filter((i) => i.kind === 'local').reverse()];
  for (const index of ordered) {
    if (index.status === 'DELETING') continue;
    const { hash, range } = index.keySchema;
    for (const attribute of range ? [hash, range] : [hash]) {
      const value = item[attribute.name];
      if (value === undefined) continue;
      const actual = typeOf(value);
      if (actual !== attribute.type) {
        throw validation(
          `One or more parameter values were invalid: Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${index.name}`,
        );
      }
      const empty = ('S' in value && value.S === '') || ('B' in value && value.B === '');
      if (empty) {
        throw validation(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${actual === 'S' ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`,
        );
      }
    }
  }
}
