// GdpParser: packets cut from any chunking, and a header's payload length checked before anything
// is buffered for it, so a corrupt or hostile length cannot make Node hold gigabytes.
import t from 'tap';
import { capsFramerate, capsSize, GdpParser } from '../../../ingest/index.js';

/** A GDP packet as gdppay writes it: 62-byte header (type at 4, length at 6, pts at 10), then the payload. */
function packet(type: number, payload: Buffer, ptsNs = 0n, length = payload.length): Buffer {
  const header = Buffer.alloc(62);
  header.writeUInt16BE(type, 4);
  header.writeUInt32BE(length, 6);
  header.writeBigUInt64BE(ptsNs, 10);
  return Buffer.concat([header, payload]);
}
const CAPS = 'video/x-raw, format=(string)RGB, width=(int)4, height=(int)2, framerate=(fraction)25/2\0';

t.test('caps and buffers cut at any chunk size, pts kept', async (t) => {
  const bytes = Buffer.concat([packet(2, Buffer.from(CAPS)), packet(1, Buffer.alloc(24, 7), 80_000_000n), packet(1, Buffer.alloc(24, 8), 0xffffffffffffffffn)]);
  for (const size of [1, 7, 62, 100, bytes.length]) {
    const parser = new GdpParser({ maxBufferBytes: 24 });
    const out = [];
    for (let i = 0; i < bytes.length; i += size) out.push(...parser.push(bytes.subarray(i, i + size)));
    t.same(out.map((p) => p.kind), ['caps', 'buffer', 'buffer'], `chunks of ${size}`);
    t.same(out[1].kind === 'buffer' && [out[1].ptsNs, out[1].data[0]], [80_000_000n, 7]);
    t.same(out[2].kind === 'buffer' && out[2].ptsNs, null, 'no timestamp');
  }
  t.same(capsSize(CAPS), { width: 4, height: 2 });
  t.equal(capsFramerate(CAPS), 12.5);
  t.equal(capsFramerate('video/x-raw, framerate=(fraction)0/1'), 0, 'variable rate');
  t.equal(capsFramerate('video/x-raw'), undefined);
});

t.test('a payload length over the limit is refused from the header, before buffering it', async (t) => {
  const parser = new GdpParser({ maxBufferBytes: 1000 });
  // 4 GB announced, 10 bytes sent: the old parser waited, buffering whatever followed.
  t.throws(() => parser.push(packet(1, Buffer.alloc(10), 0n, 0xffffffff)), { code: 'E_INGEST_DECODE', message: /a 4294967295-byte packet, over the 1000-byte limit/ });
  t.throws(() => new GdpParser().push(packet(2, Buffer.alloc(10), 0n, 70_000)), { code: 'E_INGEST_DECODE', message: /over the 65536-byte limit/ }, 'caps and events are small');
  t.same(new GdpParser({ maxBufferBytes: 1000 }).push(packet(1, Buffer.alloc(1000))).length, 1, 'exactly the limit is fine');
});
