import { validation } from '../errors.js';

/** DynamoDB's limit of tags on one resource. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** The values Alternator accepts for system:write_isolation, in its order (write-isolation.ts maps each to a mode). */
const WRITE_ISOLATION_VALUES = ['f', 'forbid', 'forbid_rmw', 'a', 'always', 'always_use_lwt', 'o', 'only_rmw_uses_lwt', 'u', 'unsafe', 'unsafe_rmw'];

/**
 * Checks a table's tags as they would be stored (after TagResource merges its list into the
 * current tags, or as CreateTable gives them), as Alternator's update_tags_map does: at most
 * 50 of them, and a system:write_isolation value that names a mode. A refused set is never
 * stored, so a table is never created, nor left, with tags it could not have.
 */
export function checkTagSet(tags: Readonly<Record<string, string>>): void {
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) {
    throw validation('Number of Tags exceed the current limit for the provided ResourceArn');
  }
  const isolation = tags['system:write_isolation'];
  if (isolation !== undefined && !WRITE_ISOLATION_VALUES.includes(isolation)) {
    // Alternator prints its set of allowed values as fmt prints a set of strings.
    const allowed = `{${WRITE_ISOLATION_VALUES.map((v) => `"${v}"`).join(', ')}}`;
    throw validation(`Incorrect write isolation tag ${isolation}. Allowed values: ${allowed}`);
  }
}
