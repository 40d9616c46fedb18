import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMesh,
  decodeTakMessage,
  encodeMesh,
  encodeStream,
  encodeTakMessage,
  TakStreamDecoder,
  type TakStreamResult,
} from '../../src/cot/takproto.js';
import { parseCot, serializeCot } from '../../src/cot/xml.js';
import { C2Error } from '../../src/domain/errors.js';
import { canonicalTree, haveSamples, REJECTED_SAMPLES, readSample, sampleFiles } from './samples.js';

const SA = `<event version="2.0" uid="ANDROID-1" type="a-f-G-U-C" time="2025-03-24T00:00:00Z" start="2025-03-24T00:00:00Z" stale="2025-03-24T00:05:00Z" how="m-g"><point lat="35.7" lon="139.3" hae="100" ce="10" le="20"/><detail><contact callsign="ALPHA" endpoint="*:-1:stcp"/><__group name="Cyan" role="HQ"/><track speed="1.5" course="270"/><status battery="88"/><custom a="1"/></detail></event>`;

const messages = (results: TakStreamResult[]) => results.flatMap((r) => (r.ok ? [r.message] : []));

describe.skipIf(!haveSamples)('TAK protocol captures', () => {
  it('decodes the WinTAK SA mesh datagram to the event of its XML source', () => {
    const { version, message } = decodeMesh(readSample('protobuf/takprotobuf--sa-wintak-mesh.bin'));
    expect(version).toBe(1);
    const fromXml = parseCot(readSample('protobuf/takprotobuf--sa-wintak.cot'));
    expect(message.event).toMatchObject({
      uid: fromXml.uid,
      type: fromXml.type,
      how: fromXml.how,
      time: fromXml.time,
      start: fromXml.start,
      stale: fromXml.stale,
      point: fromXml.point,
      callsign: 'Eliopoli HQ',
      group: { name: 'Yellow', role: 'HQ' },
      speed: 0,
      course: 0,
    });
    // Same detail elements as the XML source, up to the order the protobuf imposes (xmlDetail first).
    const names = (nodes: typeof fromXml.detail) => nodes.map((n) => (typeof n === 'string' ? n : n.name)).sort();
    expect(names(message.event!.detail)).toEqual(names(fromXml.detail));
  });

  it('re-encodes the SA capture identically except the xmlDetail spelling', () => {
    const capture = readSample('protobuf/takprotobuf--sa-wintak-mesh.bin');
    const again = encodeMesh(decodeMesh(capture).message);
    // The capture's xmlDetail is `<uid Droid="Eliopoli HQ" />` (space before />); ours is canonical.
    const canonical = Buffer.from(
      capture.toString('latin1').replace('<uid Droid="Eliopoli HQ" />', '<uid Droid="Eliopoli HQ"/>'),
      'latin1',
    );
    // One byte shorter: the three enclosing lengths (cotEvent, detail, xmlDetail) each drop by one.
    const lengthAt = [4, canonical.indexOf(Buffer.from([0x7a, 0x9f, 0x01])) + 1, canonical.indexOf('<uid') - 1];
    for (const index of lengthAt) canonical[index]! -= 1;
    expect(again.equals(canonical)).toBe(true);
    // And our encoding of the XML source decodes to the same event as the capture.
    const ours = encodeMesh(parseCot(readSample('protobuf/takprotobuf--sa-wintak.cot')));
    expect(decodeMesh(ours).message.event).toEqual(decodeMesh(capture).message.event);
  });

  it('decodes the GeoChat capture (TakControl + xmlDetail) and re-encodes identical bytes', () => {
    const capture = readSample('protobuf/takprotobuf--geochat-wintak-mesh.bin');
    const { message } = decodeMesh(capture);
    expect(message.control).toEqual({ contactUid: 'S-1-5-21-1607715700-869189896-3399514293-1002' });
    expect(message.event?.type).toBe('b-t-f');
    expect(message.event?.remarks).toBe("Here's another test message");
    expect(encodeMesh(message).equals(capture)).toBe(true);
  });

  for (const file of sampleFiles()) {
    const name = file.split('/').pop()!;
    if (REJECTED_SAMPLES[name]) continue;
    it(`${name}: XML → stream frame → XML keeps the document`, () => {
      const event = parseCot(readSample(name));
      const [result, ...rest] = new TakStreamDecoder().push(encodeStream(event));
      expect(rest).toEqual([]);
      if (!result?.ok) throw result?.error;
      const back = result.message.event!;
      const { detail: _d1, layout: _l, version: _v1, ...sent } = event;
      const { detail: _d2, version: _v2, ...received } = back;
      expect(received).toEqual(sent);
      // Detail survives as a set of elements (typed ones move after xmlDetail, numbers may be respelled).
      const elementNames = (xml: string) =>
        JSON.stringify(canonicalTree(xml))
          .match(/"name":"[^"]+"/g)!
          .sort();
      expect(elementNames(serializeCot(back))).toEqual(elementNames(serializeCot(event)));
    });
  }
});

describe('TAK protocol framing', () => {
  const event = parseCot(SA);

  it('moves representable detail into typed messages and the rest into xmlDetail', () => {
    const decoded = decodeTakMessage(encodeTakMessage({ event }));
    expect(decoded.event?.detail).toEqual([
      { name: 'custom', attrs: [['a', '1']], children: [] },
      {
        name: 'contact',
        attrs: [
          ['callsign', 'ALPHA'],
          ['endpoint', '*:-1:stcp'],
        ],
        children: [],
      },
      {
        name: '__group',
        attrs: [
          ['name', 'Cyan'],
          ['role', 'HQ'],
        ],
        children: [],
      },
      { name: 'status', attrs: [['battery', '88']], children: [] },
      {
        name: 'track',
        attrs: [
          ['speed', '1.5'],
          ['course', '270'],
        ],
        children: [],
      },
    ]);
  });

  it('keeps an element in xmlDetail when the typed message could not carry it', () => {
    const odd = parseCot(
      SA.replace('endpoint="*:-1:stcp"', 'endpoint="*:-1:stcp" phone="123"').replace('battery="88"', 'battery="088"'),
    );
    const decoded = decodeTakMessage(encodeTakMessage({ event: odd }));
    const xml = serializeCot(decoded.event!);
    expect(xml).toContain('<contact callsign="ALPHA" endpoint="*:-1:stcp" phone="123"/>');
    expect(xml).toContain('<status battery="088"/>');
  });

  it('frames streams as 0xbf, varint length, payload', () => {
    const frame = encodeStream(event);
    expect(frame[0]).toBe(0xbf);
    const payload = encodeTakMessage({ event });
    expect(payload.length).toBeGreaterThan(127);
    expect(frame[1]).toBe((payload.length & 0x7f) | 0x80);
    expect(frame[2]).toBe(payload.length >> 7);
    expect(frame.subarray(3).equals(Buffer.from(payload))).toBe(true);
  });

  it('waits for truncated frames and decodes frames split anywhere', () => {
    const stream = Buffer.concat([
      encodeStream(event),
      encodeStream({ control: { minProtocolVersion: 1, maxProtocolVersion: 1 } }),
      encodeStream(event),
    ]);
    for (const cut of [1, 2, 3, 50, stream.length - 1]) {
      const decoder = new TakStreamDecoder();
      const first = decoder.push(stream.subarray(0, cut));
      const second = decoder.push(stream.subarray(cut));
      const all = messages([...first, ...second]);
      expect(all).toHaveLength(3);
      expect(all[1]).toEqual({ control: { minProtocolVersion: 1, maxProtocolVersion: 1 } });
      expect(all[2]?.event?.uid).toBe('ANDROID-1');
    }
  });

  it('fails the stream on a bad magic byte, once', () => {
    const decoder = new TakStreamDecoder();
    const results = decoder.push(Buffer.concat([encodeStream(event), Buffer.from([0x3c, 0x65])]));
    expect(messages(results)).toHaveLength(1);
    expect(results[1]).toMatchObject({ ok: false, fatal: true });
    expect((results[1] as { error: C2Error }).error.message).toMatch(/expected 0xbf.*0x3c/);
    expect(decoder.failed?.code).toBe('C2_BAD_INPUT');
    expect(decoder.push(encodeStream(event))).toEqual([]);
  });

  it('rejects a length over the maximum before buffering the payload', () => {
    const decoder = new TakStreamDecoder({ maxPayload: 1000 });
    const [result] = decoder.push(Buffer.from([0xbf, 0xe9, 0x07])); // 1001
    expect(result).toMatchObject({ ok: false, fatal: true });
    expect((result as { error: C2Error }).error.code).toBe('C2_PAYLOAD_TOO_LARGE');
  });

  it('skips a well-framed but undecodable payload and goes on', () => {
    const bad = Buffer.from([0xbf, 0x03, 0x12, 0x05, 0x0a]);
    const results = new TakStreamDecoder().push(Buffer.concat([bad, encodeStream(event)]));
    expect(results[0]).toMatchObject({ ok: false, fatal: false });
    expect(messages(results)).toHaveLength(1);
  });

  it('validates decoded events like XML ones', () => {
    const wrong = { ...event, point: { ...event.point, lat: 95 } };
    expect(() => decodeTakMessage(encodeTakMessage({ event: wrong }))).toThrow(/point@lat/);
  });

  it('checks the mesh header', () => {
    const datagram = encodeMesh(event);
    expect([...datagram.subarray(0, 3)]).toEqual([0xbf, 0x01, 0xbf]);
    expect(decodeMesh(datagram).message.event?.callsign).toBe('ALPHA');
    expect(() => decodeMesh(Buffer.from([0xbf, 0x02, 0xbf]))).toThrow(/version 2/);
    expect(() => decodeMesh(Buffer.from([0xbf, 0x01, 0x00]))).toThrow(/no 0xbf after the version/);
    expect(() => decodeMesh(Buffer.from([0x3c]))).toThrow(C2Error);
  });

  it('never throws and never hangs on random bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(new Uint8Array(encodeStream(event)))), {
          maxLength: 20,
        }),
        (chunks) => {
          const decoder = new TakStreamDecoder({ maxPayload: 4096 });
          for (const chunk of chunks) {
            for (const r of decoder.push(chunk)) if (!r.ok) expect(r.error).toBeInstanceOf(C2Error);
          }
          const datagram = Buffer.concat([Buffer.from([0xbf, 0x01, 0xbf]), ...chunks]);
          try {
            decodeMesh(datagram);
          } catch (error) {
            expect(error).toBeInstanceOf(C2Error);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
