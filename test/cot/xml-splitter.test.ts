import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CotXmlStreamSplitter, type SplitResult } from '../../src/cot/xml-splitter.js';
import { C2Error } from '../../src/domain/errors.js';

const event = (uid: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<event version="2.0" uid="${uid}" type="a-f-G" time="2025-03-24T00:00:00Z" start="2025-03-24T00:00:00Z" stale="2025-03-24T00:05:00Z" how="m-g"><point lat="1" lon="2" hae="0" ce="9999999" le="9999999"/><detail><contact callsign="日本"/></detail></event>`;

const docs = (results: SplitResult[]) => results.flatMap((r) => (r.ok ? [r.xml] : []));
const errors = (results: SplitResult[]) => results.flatMap((r) => (r.ok ? [] : [r.error]));

describe('CotXmlStreamSplitter', () => {
  it('yields several events from one chunk and drops garbage between them', () => {
    const splitter = new CotXmlStreamSplitter();
    const out = splitter.push(`junk${event('a')}\n\n  ${event('b')}more junk<eventful/>${event('c')}`);
    expect(docs(out)).toEqual([event('a'), event('b'), event('c')]);
    expect(errors(out)).toEqual([]);
  });

  it('reassembles an event split at every byte, including inside a multi-byte character', () => {
    const bytes = Buffer.from(event('split'));
    for (let cut = 1; cut < bytes.length; cut++) {
      const splitter = new CotXmlStreamSplitter();
      const first = splitter.push(bytes.subarray(0, cut));
      const second = splitter.push(bytes.subarray(cut));
      expect(docs([...first, ...second])).toEqual([event('split')]);
    }
  });

  it('accepts an event without a declaration', () => {
    const bare = event('bare').split('\n')[1]!;
    expect(docs(new CotXmlStreamSplitter().push(bare))).toEqual([bare]);
  });

  it('reports an oversize run once and resynchronises on the next event', () => {
    const splitter = new CotXmlStreamSplitter({ maxBytes: 1024 });
    const huge = `<?xml version="1.0"?><event uid="huge"><detail>${'x'.repeat(3000)}`;
    const results = [...splitter.push(huge.slice(0, 1500)), ...splitter.push(huge.slice(1500))];
    expect(errors(results).map((e) => e.code)).toEqual(['C2_PAYLOAD_TOO_LARGE']);
    expect(splitter.pending).toBeLessThanOrEqual(1024);
    const after = splitter.push(`yyyy</detail></event>${event('next')}`);
    expect(docs(after)).toEqual([event('next')]);
    expect(errors(after)).toEqual([]);
  });

  it('reports a complete but oversize event and keeps the one after it', () => {
    const splitter = new CotXmlStreamSplitter({ maxBytes: 600 });
    const big = event('big').replace('日本', 'z'.repeat(1000));
    const out = splitter.push(big + event('ok'));
    expect(errors(out)).toHaveLength(1);
    expect(docs(out)).toEqual([event('ok')]);
  });

  it('never throws, never holds more than the limit, and always makes progress on random input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.constantFrom('<event', '</event>', '<?xml', event('r'), '<event>', '>'),
          ),
          { maxLength: 40 },
        ),
        (chunks) => {
          const splitter = new CotXmlStreamSplitter({ maxBytes: 2048 });
          for (const chunk of chunks) {
            const results = splitter.push(chunk);
            for (const r of results) if (!r.ok) expect(r.error).toBeInstanceOf(C2Error);
            expect(splitter.pending).toBeLessThanOrEqual(2048);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
