import { pointerMutations } from '@dynaring/core';
import type { ItemRecord, KeySchema, Mutation, PrimaryKey, ScalarKeyValue, SecondaryIndexMeta } from '@dynaring/core';

export interface IndexedTable {
  baseKeySchema: KeySchema;
  /** Indexes that must be maintained (CREATING or ACTIVE; never DELETING). */
  indexes: SecondaryIndexMeta[];
}

/** What storage needs from the schema and the partitioner to maintain indexes. */
export interface IndexResolver {
  /** The indexes of base table `tableId`, or undefined when it has none (the common, fast case). */
  indexesOf(tableId: string): IndexedTable | undefined;
  tokenOf(hash: ScalarKeyValue): bigint;
}

/** The pointer mutations one group's change to a base item causes, split by where they go. */
export interface DerivedPointers {
  /** LSI pointers: same token as the base item, so merged into the same batch. */
  local: Mutation[];
  /** GSI pointers: other replicas own them, so they go to the outbox. */
  global: Mutation[];
}

/**
 * Pointer mutations of every index of `indexed` for a base item that went from `before` to
 * `after`. An LSI shares the base hash key and so the base token, which saves hashing it.
 */
export function derivePointers(
  indexed: IndexedTable,
  base: { token: bigint; key: PrimaryKey },
  before: ItemRecord | undefined,
  after: ItemRecord | undefined,
  tokenOf: (hash: ScalarKeyValue) => bigint,
): DerivedPointers | undefined {
  let out: DerivedPointers | undefined;
  const baseToken = () => base.token;
  for (const index of indexed.indexes) {
    const local = index.kind === 'local';
    const mutations = pointerMutations(index, indexed.baseKeySchema, base.key, before ?? null, after ?? null, local ? baseToken : tokenOf);
    if (mutations.length === 0) continue;
    out ??= { local: [], global: [] };
    (local ? out.local : out.global).push(...mutations);
  }
  return out;
}
