// The JSON bodies of every request the generator sends, as Buffers built before the clock
// starts. Item i of the key space lives in partition floor(i / rowsPerPartition) with sort key
// i % rowsPerPartition, so Query reads rowsPerPartition items and GetItem exactly one.

const PREBUILT_BYTES_LIMIT = 256 * 1024 * 1024;

function payloadOf(size) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < size; i++) s += alphabet[(i * 7 + 3) % alphabet.length];
  return s;
}

export class RequestBodies {
  /**
   * @param {{table: string, items: number, itemSize: number, rowsPerPartition: number,
   *   consistent: boolean}} o
   */
  constructor(o) {
    this.items = o.items;
    this.rowsPerPartition = o.rowsPerPartition;
    this.partitions = Math.ceil(o.items / o.rowsPerPartition);
    const table = JSON.stringify(o.table);
    const consistent = o.consistent ? ',"ConsistentRead":true' : '';
    this.payload = payloadOf(o.itemSize);
    this.tableJson = table;
    this.putPrefix = `{"TableName":${table},"Item":`;
    this.getPrefix = `{"TableName":${table},"Key":`;
    this.getSuffix = `${consistent}}`;
    this.queryPrefix =
      `{"TableName":${table},"KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"`;
    this.querySuffix = `"}}${consistent}}`;
    this.putCache = null;
    this.getCache = null;
    this.queryCache = null;
  }

  pkOf(i) {
    return `k${Math.floor(i / this.rowsPerPartition)}`;
  }

  keyJson(i) {
    return `{"pk":{"S":"${this.pkOf(i)}"},"sk":{"N":"${i % this.rowsPerPartition}"}}`;
  }

  itemJson(i) {
    return `{"pk":{"S":"${this.pkOf(i)}"},"sk":{"N":"${i % this.rowsPerPartition}"},"v":{"S":"${this.payload}"}}`;
  }

  /** Builds the per-key caches the workload needs, unless they would not fit in memory. */
  prebuild(ops) {
    const approx = (op) => (op === 'put' ? this.payload.length + 120 : 120);
    const make = (n, f) => {
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = Buffer.from(f(i));
      return out;
    };
    if (ops.includes('put') && approx('put') * this.items <= PREBUILT_BYTES_LIMIT)
      this.putCache = make(this.items, (i) => this.putPrefix + this.itemJson(i) + '}');
    if (ops.includes('get') && approx('get') * this.items <= PREBUILT_BYTES_LIMIT)
      this.getCache = make(this.items, (i) => this.getPrefix + this.keyJson(i) + this.getSuffix);
    if (ops.includes('query') && approx('query') * this.partitions <= PREBUILT_BYTES_LIMIT)
      this.queryCache = make(this.partitions, (p) => this.queryPrefix + 'k' + p + this.querySuffix);
  }

  /** PutItem of item i under a condition that always holds (attribute `never` is never written). */
  putLwt(i) {
    return this.putPrefix + this.itemJson(i) + ',"ConditionExpression":"attribute_not_exists(#n)","ExpressionAttributeNames":{"#n":"never"}}';
  }

  put(i) {
    return this.putCache ? this.putCache[i] : this.putPrefix + this.itemJson(i) + '}';
  }

  get(i) {
    return this.getCache ? this.getCache[i] : this.getPrefix + this.keyJson(i) + this.getSuffix;
  }

  /** Query of the partition holding item i. */
  query(i) {
    const p = Math.floor(i / this.rowsPerPartition);
    return this.queryCache ? this.queryCache[p] : this.queryPrefix + 'k' + p + this.querySuffix;
  }

  /** BatchWriteItem body putting items [from, to). */
  batchWrite(from, to) {
    let s = `{"RequestItems":{${this.tableJson}:[`;
    for (let i = from; i < to; i++) {
      if (i > from) s += ',';
      s += `{"PutRequest":{"Item":${this.itemJson(i)}}}`;
    }
    return s + ']}}';
  }
}
