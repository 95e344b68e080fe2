import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { BatchWriter, EVENT_LOOP_MAX_BATCH_BYTES, type BatchOp } from '../src/batch-writer.js';
import { HAS_SYNC_BUILD } from './sync-build.js';

let dir: string;
let db: Level<Buffer, string>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dynaring-batch-writer-'));
  db = new Level<Buffer, string>(dir, { keyEncoding: 'buffer', valueEncoding: 'utf8' });
  await db.open();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const put = (k: string, v: string): BatchOp => ({ type: 'put', key: Buffer.from(k), value: v });

describe('BatchWriter', () => {
  it.runIf(HAS_SYNC_BUILD)('writes a batch of row puts and deletes on the event loop, readable at once', async () => {
    await db.put(Buffer.from('gone'), 'x');
    const writer = new BatchWriter(db);
    const threadPool = vi.spyOn(db, 'batch');
    expect(writer.writesOnEventLoop).toBe(true);
    expect(writer.write([put('a', '1'), put('b', '2'), { type: 'del', key: Buffer.from('gone') }])).toBeUndefined();
    expect(threadPool).not.toHaveBeenCalled();
    expect(await db.getMany([Buffer.from('a'), Buffer.from('b'), Buffer.from('gone')])).toEqual(['1', '2', undefined]);
  });

  it('writes through the thread pool when the binding has no synchronous batch', async () => {
    vi.spyOn(db as unknown as { supportsBatchSync: boolean }, 'supportsBatchSync', 'get').mockReturnValue(false);
    const writer = new BatchWriter(db);
    expect(writer.writesOnEventLoop).toBe(false);
    const pending = writer.write([put('a', '1')]);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect(await db.get(Buffer.from('a'))).toBe('1');
  });

  it.runIf(HAS_SYNC_BUILD)('sends a group with index-outbox puts (sublevel keys) through batch(), which encodes them', async () => {
    const outbox = db.sublevel<string, string>('index-outbox', { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    const writer = new BatchWriter(db);
    const pending = writer.write([put('row', 'r'), { type: 'put', sublevel: outbox, key: '0001', value: 'entry' }]);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect(await db.get(Buffer.from('row'))).toBe('r');
    expect(await outbox.get('0001')).toBe('entry');
  });

  it.runIf(HAS_SYNC_BUILD)('takes the thread pool while LevelDB throttles writes (8 or more level-0 files)', async () => {
    const writer = new BatchWriter(db);
    const files = vi.spyOn(db as unknown as { getProperty(p: string): string }, 'getProperty');
    files.mockReturnValue('8');
    const pending = writer.write([put('a', '1')]);
    expect(files).toHaveBeenCalledWith('leveldb.num-files-at-level0');
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    files.mockReturnValue('7');
    expect(writer.write([put('b', '2')])).toBeUndefined();
    expect(await db.getMany([Buffer.from('a'), Buffer.from('b')])).toEqual(['1', '2']);
  });

  it.runIf(HAS_SYNC_BUILD)('sends a group of more than 1 MiB of values through the thread pool', async () => {
    const writer = new BatchWriter(db);
    const half = 'x'.repeat(EVENT_LOOP_MAX_BATCH_BYTES / 2);
    expect(writer.write([put('a', half), put('b', half)])).toBeUndefined();
    const pending = writer.write([put('c', half), put('d', half), put('e', 'x')]);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect((await db.getMany([Buffer.from('a'), Buffer.from('e')])).map((v) => v?.length)).toEqual([half.length, 1]);
  });

  it('rejects, never throws, once the database is closed', async () => {
    const writer = new BatchWriter(db);
    await db.close();
    await expect(writer.write([put('a', '1')])).rejects.toMatchObject({ code: 'LEVEL_DATABASE_NOT_OPEN' });
    await db.open();
  });
});
