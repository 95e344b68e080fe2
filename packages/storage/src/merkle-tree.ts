import { createHash, type Hash } from 'node:crypto';
import { canonicalJson, recordText, type ItemRecord, type PrimaryKey, type RangeScan, type Row, type TokenSpan } from '@dynaring/core';

/** Deeper trees would make a reply of millions of leaves; repair uses ~10. */
export const MAX_MERKLE_DEPTH = 20;
/** Leaf hashes are truncated to 128 bits: collisions between replicas are not a concern. */
const LEAF_HEX_CHARS = 32;
const SCAN_PAGE_ROWS = 1000;

/** The hash of a leaf without rows: the same on every replica. */
export const EMPTY_LEAF_HASH = createHash('sha256').update('dynaring-merkle-empty-leaf').digest('hex').slice(0, LEAF_HEX_CHARS);

function checkTree(range: TokenSpan, depth: number): void {
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_MERKLE_DEPTH) {
    throw new RangeError(`merkle tree depth must be an integer in 0..${MAX_MERKLE_DEPTH}, got ${depth}`);
  }
  if (range.afterToken >= range.endToken) {
    throw new RangeError(`merkle tree range (${range.afterToken}, ${range.endToken}] must not wrap or be empty`);
  }
}

/**
 * Leaf i of a tree of `depth` over `range` covers (bounds[i], bounds[i + 1]]: 2^depth
 * sub-ranges of (nearly) equal width. Repair computes the same bounds to stream a leaf.
 */
export function merkleLeafBounds(range: TokenSpan, depth: number): bigint[] {
  checkTree(range, depth);
  const leaves = 1n << BigInt(depth);
  const width = range.endToken - range.afterToken;
  const bounds: bigint[] = [];
  for (let i = 0n; i <= leaves; i++) bounds.push(range.afterToken + (width * i) / leaves);
  return bounds;
}

/** Feeds one row to a leaf hash: the token, key and the whole stored record, cells by name. */
function hashRow(hash: Hash, token: bigint, key: PrimaryKey, record: ItemRecord): void {
  const range = key.range === undefined ? '' : canonicalJson(key.range);
  const text = token + '|' + canonicalJson(key.hash) + '|' + range + '|' + recordText(record);
  // Length-prefixed so that row boundaries cannot be confused.
  hash.update(text.length + ':' + text + '\n');
}

/**
 * The leaf hashes (hex) of a Merkle tree over one table's rows in `range`, from a scan of
 * the range in storage order ("validation compaction"). Leaves are all repair compares:
 * trees are small (2^10 leaves of 16 bytes), so inner nodes would save little.
 */
export async function buildMerkleTree(
  scan: (scan: RangeScan) => Promise<Row[]>,
  tableId: string,
  range: TokenSpan,
  depth: number,
): Promise<string[]> {
  const bounds = merkleLeafBounds(range, depth);
  const leafCount = bounds.length - 1;
  const leaves: string[] = new Array(leafCount).fill(EMPTY_LEAF_HASH);
  let leaf = 0;
  let hash: Hash | undefined;
  const finish = () => {
    if (hash) leaves[leaf] = hash.digest('hex').slice(0, LEAF_HEX_CHARS);
    hash = undefined;
  };
  let after: Row | undefined;
  for (;;) {
    const rows = await scan({
      tableId,
      startAfter: after ? { token: after.token, key: after.key } : undefined,
      startAfterToken: after ? undefined : range.afterToken,
      endToken: range.endToken,
      limit: SCAN_PAGE_ROWS,
    });
    for (const row of rows) {
      // Rows come in token order: move on to the leaf whose (bounds[leaf], bounds[leaf+1]] holds it.
      if (row.token > bounds[leaf + 1]!) {
        finish();
        while (row.token > bounds[leaf + 1]!) leaf++;
      }
      hash ??= createHash('sha256');
      hashRow(hash, row.token, row.key, row.record);
    }
    if (rows.length < SCAN_PAGE_ROWS) break;
    after = rows[rows.length - 1];
  }
  finish();
  return leaves;
}
