// What Cassandra says when no keyspace (for us: table) is given, since ownership then depends on
// each table's own replication factor.
export const OWNERSHIP_NOTE =
  "Note: Non-system keyspaces don't have the same replication settings, effective ownership information is meaningless";
