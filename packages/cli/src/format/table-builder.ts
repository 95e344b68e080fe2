// Cassandra's nodetool TableBuilder with SharedTable: every column is padded to its widest cell
// (the last column too, so rows keep trailing spaces), and the widths are shared by all tables
// of one output so that the datacenters of `nodetool status` line up.

export class SharedTable {
  private readonly tables: string[][][] = [];

  constructor(private readonly delimiter: string) {}

  /** Starts a new table; rows added to the returned array are printed by render(). */
  next(): string[][] {
    const rows: string[][] = [];
    this.tables.push(rows);
    return rows;
  }

  /** Each table's text, one line per row, with widths computed over all tables. */
  render(): string[] {
    const widths: number[] = [];
    for (const rows of this.tables) {
      for (const row of rows) {
        row.forEach((cell, i) => {
          widths[i] = Math.max(widths[i] ?? 0, cell.length);
        });
      }
    }
    return this.tables.map((rows) =>
      rows
        .map((row) => widths.map((w, i) => (row[i] ?? '').padEnd(w)).join(this.delimiter) + '\n')
        .join(''),
    );
  }
}
