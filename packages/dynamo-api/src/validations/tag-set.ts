import { validation } from '../errors.js';

/** DynamoDB's limit of tags on one resource. */
export const MAX_TAGS_PER_RESOURCE = 50;

/**
 * The characters DynamoDB allows in a tag's key and value: Unicode letters, digits and spaces,
 * and _ . : / = + - @ (AWS's tag pattern). Anything else (%, !, quotes, emoji) is refused.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A tag key DynamoDB reserves for AWS: one starting with "aws:" in any case ("myaws:x" is fine). */
export function checkTagKeyPrefix(key: string): void {
  if (key.slice(0, 4).toLowerCase() === 'aws:') throw validation(`Tag Key cannot be prefixed with aws:, Key: ${key}`);
}

/**
 * Checks one tag as DynamoDB does: a key not in the reserved aws: namespace, then the key's
 * characters and the value's, naming the offending string ("The Tag Key provided is invalid,
 * Key: bad#char").
 */
export function checkTag(key: string, value: string): void {
  checkTagKeyPrefix(key);
  if (!TAG_CHARACTERS.test(key)) throw validation(`The Tag Key provided is invalid, Key: ${key}`);
  if (!TAG_CHARACTERS.test(value)) throw validation(`The Tag Value provided is invalid, Value: ${value}`);
}

/** The values Alternator accepts for system:write_isolation, in its order (write-isolation.ts maps each to a mode). */
const WRITE_ISOLATION_VALUES = ['f', 'forbid', 'forbid_rmw', 'a', 'always', 'always_use_lwt', 'o', 'only_rmw_uses_lwt', 'u', 'unsafe', 'unsafe_rmw'];

/**
 * Checks a table's tags as they would be stored (after TagResource merges its list into the
 * current tags, or as CreateTable gives them), as Alternator's update_tags_map does: at most
 * 50 of them, each a valid tag (checkTag), and a system:write_isolation value that names a
 * mode. A refused set is never stored, so a table is never created, nor left, with tags it
 * could not have.
 */
export function checkTagSet(tags: Readonly<Record<string, string>>, checkCharacters = true): void {
  // TagResource checks the characters of the tags it was given itself (before the table lookup);
  // tags stored earlier are not checked again, so none of them can make a table untaggable.
  if (checkCharacters) for (const [key, value] of Object.entries(tags)) checkTag(key, value);
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
