import * as zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32Js(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as unknown as { crc32?: (data: Uint8Array | string) => number }).crc32;

/** CRC32 of a response body, as DynamoDB sends it in `x-amz-crc32` (SDKs verify it). */
export const crc32: (data: Uint8Array) => number = native ?? crc32Js;

/** CRC32 of a text's UTF-8 bytes; native zlib encodes as it goes, without a Buffer copy. */
export const crc32OfText: (text: string) => number = native ?? ((text) => crc32Js(Buffer.from(text, 'utf8')));
