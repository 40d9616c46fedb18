import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCot, parseXmlElement, serializeCot } from '../../src/cot/xml.js';
import { C2Error } from '../../src/domain/errors.js';
import { canonicalTree, haveSamples, REJECTED_SAMPLES, readSample, sampleFiles } from './samples.js';

const SA = `<event version="2.0" uid="ANDROID-1" type="a-f-G-U-C" time="2025-03-24T00:00:00Z" start="2025-03-24T00:00:00Z" stale="2025-03-24T00:05:00Z" how="m-g"><point lat="35.7" lon="139.3" hae="100" ce="10" le="20"/><detail><contact callsign="ALPHA"/></detail></event>`;

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(C2Error);
    return (error as C2Error).code;
  }
  throw new Error('expected a C2Error');
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe.skipIf(!haveSamples)('CoT XML samples', () => {
  for (const file of sampleFiles()) {
    const name = path.basename(file);
    const rejected = REJECTED_SAMPLES[name];
    it(`${name} ${rejected ? `is rejected with ${rejected}` : 'round-trips to an equivalent document'}`, () => {
      const xml = readSample(name).toString('utf8');
      if (rejected) {
        expect(codeOf(() => parseCot(xml))).toBe(rejected);
        return;
      }
      const event = parseCot(xml);
      const out = serializeCot(event);
      expect(canonicalTree(out)).toEqual(canonicalTree(xml));
      // Serialising is a fixed point: parsing our own output gives the same text again.
      expect(serializeCot(parseCot(out))).toBe(out);
    });
  }

  it('keeps the spelling of numbers and times it did not change', () => {
    const out = serializeCot(parseCot(readSample('node-cot--itak-sa.cot')));
    expect(out).toContain('time="2023-07-18T15:23:09.00Z"');
    expect(out).toContain('hae="1681.23725821"');
    expect(out).toContain('<track speed="0.00000000" course="137.23542786"/>');
  });

  it('keeps detail before point when the sender put it there', () => {
    const out = serializeCot(parseCot(readSample('fts--emergency-cancel.cot')));
    expect(out.indexOf('<detail')).toBeLessThan(out.indexOf('<point'));
  });

  it('decodes character references and escapes them back', () => {
    const event = parseCot(readSample('node-cot--emergency-wearos-manual-alert.cot'));
    expect(event.callsign).toBe('SP-Dev\nManual Alert: Gunshot');
    expect(serializeCot(event)).toContain('callsign="SP-Dev&#10;Manual Alert: Gunshot"');
    expect(parseCot(readSample('node-cot--escaped-callsign.cot')).callsign).toBe('Alpha & Bravo');
  });

  it('reads the typed fields of an SA message', () => {
    const event = parseCot(readSample('node-cot--itak-sa.cot'));
    expect(event).toMatchObject({
      uid: 'C94B9215-9BD4-4DBE-BDE1-83625F09153F',
      type: 'a-f-G-E-V-C',
      how: 'm-g',
      time: '2023-07-18T15:23:09.000Z',
      stale: '2023-07-18T15:25:09.000Z',
      point: { lat: 41.52309645, lon: -107.72376567, hae: 1681.23725821, ce: 9999999, le: 9999999 },
      callsign: 'DFPC-iSchmidt',
      course: 137.23542786,
      speed: 0,
      group: { name: 'Yellow', role: 'Team Member' },
    });
    expect(parseCot(readSample('takserver--geochat-marti-dest-mission.cot')).remarks).toBeTruthy();
  });

  it('reads marti dest callsigns', () => {
    const event = parseCot(readSample('fts--geochat-wintak-team-hierarchy.cot'));
    expect(event.dest?.length).toBeGreaterThan(0);
  });

  it('accepts a declaration naming utf-16 over UTF-8 bytes (real WinTAK traffic)', () => {
    const event = parseCot(readSample('malformed/atak-civ--capture-wintak-sa-utf16-decl.cot'));
    expect(event.callsign).toBe('SkrienJ-LT');
  });

  it('rejects the truncated fileshare capture, saying where', () => {
    const xml = readSample('malformed/atak-civ--capture-broken-fileshare.cot');
    expect(codeOf(() => parseCot(xml))).toBe('C2_BAD_INPUT');
    expect(messageOf(() => parseCot(xml))).toMatch(/line 8/);
  });
});

describe('CoT XML hardening', () => {
  it('rejects an external entity (XXE) before parsing', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><event uid="&e;"/>`;
    expect(codeOf(() => parseCot(xml))).toBe('C2_BAD_INPUT');
    expect(messageOf(() => parseCot(xml))).toMatch(/DTD/);
  });

  it('rejects billion laughs', () => {
    const defs = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const xml = `<!DOCTYPE lolz [<!ENTITY l0 "lol">${defs}]><event uid="&l10;"/>`;
    const started = performance.now();
    expect(codeOf(() => parseCot(xml))).toBe('C2_BAD_INPUT');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('rejects undefined entities and bare ampersands', () => {
    expect(messageOf(() => parseCot(SA.replace('ALPHA', '&nbsp;')))).toMatch(/&nbsp;.*not a predefined entity/);
    expect(codeOf(() => parseCot(SA.replace('ALPHA', 'A & B')))).toBe('C2_BAD_INPUT');
    expect(codeOf(() => parseCot(SA.replace('ALPHA', '&#0;')))).toBe('C2_BAD_INPUT');
  });

  it('rejects oversize input with the limit in the message, and honours a configured limit', () => {
    const big = SA.replace('ALPHA', 'x'.repeat(70_000));
    expect(codeOf(() => parseCot(big))).toBe('C2_PAYLOAD_TOO_LARGE');
    expect(messageOf(() => parseCot(big))).toMatch(/65536/);
    expect(parseCot(big, { limits: { maxBytes: 100_000 } }).callsign).toHaveLength(70_000);
    expect(codeOf(() => parseCot(SA, { limits: { maxBytes: 100 } }))).toBe('C2_PAYLOAD_TOO_LARGE');
  });

  it('rejects 10,000-deep nesting quickly', () => {
    const deep = `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`;
    const xml = SA.replace('<contact callsign="ALPHA"/>', deep);
    const started = performance.now();
    expect(codeOf(() => parseCot(xml, { limits: { maxBytes: 1 << 20 } }))).toBe('C2_BAD_INPUT');
    expect(messageOf(() => parseCot(xml, { limits: { maxBytes: 1 << 20 } }))).toMatch(/depth limit 32/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('rejects too many attributes', () => {
    const attrs = Array.from({ length: 100 }, (_, i) => `a${i}="1"`).join(' ');
    const xml = SA.replace('<contact callsign="ALPHA"/>', `<x ${attrs}/>`);
    expect(messageOf(() => parseCot(xml))).toMatch(/\/event\/detail\/x: 100 attributes \(limit 64\)/);
  });

  it.each([
    ['lat="NaN"', 'C2_BAD_POSITION', /point@lat/],
    ['lat="Infinity"', 'C2_BAD_POSITION', /point@lat/],
    ['lat="91"', 'C2_BAD_POSITION', /point@lat: 91 outside/],
    ['lon="-180.5"', 'C2_BAD_POSITION', /point@lon/],
    ['hae="1e999"', 'C2_BAD_POSITION', /point@hae/],
    ['ce="-1"', 'C2_BAD_POSITION', /point@ce/],
  ])('rejects the position %s', (replacement, code, message) => {
    const [name] = replacement.split('=');
    const xml = SA.replace(new RegExp(` ${name}="[^"]*"`), ` ${replacement}`);
    expect(codeOf(() => parseCot(xml))).toBe(code);
    expect(messageOf(() => parseCot(xml))).toMatch(message);
  });

  it.each([
    ['time="yesterday"', /event@time/],
    ['start="2025-03-24T00:00:00"', /event@start.*zone/],
    ['stale="2025-03-23T00:00:00Z"', /event@stale.*before start/],
    ['time="2025-13-40T00:00:00Z"', /event@time/],
  ])('rejects the time %s', (replacement, message) => {
    const [name] = replacement.split('=');
    const xml = SA.replace(new RegExp(` ${name}="[^"]*"`), ` ${replacement}`);
    expect(codeOf(() => parseCot(xml))).toBe('C2_BAD_TIME');
    expect(messageOf(() => parseCot(xml))).toMatch(message);
  });

  it.each([
    [SA.replace('type="a-f-G-U-C"', 'type="a f G"'), /event@type/],
    [SA.replace(' uid="ANDROID-1"', ''), /event@uid: required/],
    [SA.replace(/<point[^>]*\/>/, ''), /event\/point: required/],
    [SA.replace('<event', '<evnt').replace('</event>', '</evnt>'), /root element is <evnt>/],
    [SA.replace('</event>', '<extra/></event>'), /unexpected or repeated child <extra>/],
    [`${SA}${SA}`, /root/],
    ['', /not well-formed/],
    [SA.replace('ALPHA', 'AL\u0001PHA'), /U\+0001/],
  ])('rejects bad structure: %#', (xml, message) => {
    expect(codeOf(() => parseCot(xml))).toBe('C2_BAD_INPUT');
    expect(messageOf(() => parseCot(xml))).toMatch(message);
  });

  it('rejects invalid UTF-8 bytes', () => {
    const bytes = Buffer.concat([Buffer.from(SA.slice(0, 50)), Buffer.from([0xff, 0xfe]), Buffer.from(SA.slice(50))]);
    expect(messageOf(() => parseCot(bytes))).toMatch(/UTF-8/);
  });

  it('keeps vendor attributes and unknown detail in order', () => {
    const xml = SA.replace('how="m-g"', 'how="m-g" x-vendor="1"').replace(
      '<contact callsign="ALPHA"/>',
      '<b z="1" a="2"/><contact callsign="ALPHA"/><a><![CDATA[<raw>]]></a>',
    );
    const out = serializeCot(parseCot(xml));
    expect(out).toContain('how="m-g" x-vendor="1"');
    expect(out).toContain('<b z="1" a="2"/><contact callsign="ALPHA"/><a>&lt;raw&gt;</a>');
  });

  it('writes changed typed fields back into the detail', () => {
    const event = parseCot(SA);
    const out = serializeCot({
      ...event,
      callsign: 'BRAVO & CO',
      course: 90,
      speed: 2.5,
      remarks: 'moving <fast>',
      group: { name: 'Cyan', role: 'HQ' },
      dest: ['C1', 'C2'],
      point: { ...event.point, lat: 35.5 },
    });
    expect(out).toContain('<point lat="35.5" lon="139.3"');
    expect(out).toContain(
      '<detail><contact callsign="BRAVO &amp; CO"/><track course="90" speed="2.5"/><remarks>moving &lt;fast&gt;</remarks>' +
        '<__group name="Cyan" role="HQ"/><marti><dest callsign="C1"/><dest callsign="C2"/></marti></detail>',
    );
    const again = parseCot(out);
    expect(again).toMatchObject({ callsign: 'BRAVO & CO', course: 90, speed: 2.5, dest: ['C1', 'C2'] });
    expect(serializeCot({ ...again, callsign: undefined })).not.toContain('<contact');
  });

  it('writes values changed in place after parsing, and keeps the spelling of those that are not', () => {
    const xml = SA.replace('lat="35.7"', 'lat="35.70"').replace(
      'time="2025-03-24T00:00:00Z"',
      'time="2025-03-24T00:00:00.0Z"',
    );
    const event = parseCot(xml);
    expect(serializeCot(event)).toContain('<point lat="35.70"');
    expect(serializeCot(event)).toContain('time="2025-03-24T00:00:00.0Z"');
    event.point.lat = 36;
    event.time = '2025-03-24T00:00:01.000Z';
    event.dest = ['C1'];
    const copy = parseCot(SA.replace('<contact callsign="ALPHA"/>', '<__group name="Cyan" role="HQ"/>'));
    copy.group!.role = 'Team Lead';
    const out = serializeCot(event);
    expect(out).toContain('<point lat="36" lon="139.3"');
    expect(out).toContain('time="2025-03-24T00:00:01.000Z"');
    expect(out).toContain('<marti><dest callsign="C1"/></marti>');
    expect(serializeCot(copy)).toContain('<__group name="Cyan" role="Team Lead"/>');
    // The tree itself is untouched: a fresh read of the same XML sees the old group.
    expect(
      parseCot(serializeCot(parseCot(SA.replace('<contact callsign="ALPHA"/>', '<__group name="Cyan" role="HQ"/>'))))
        .group,
    ).toEqual({ name: 'Cyan', role: 'HQ' });
  });

  it('parses a generic element and keeps attribute order', () => {
    const el = parseXmlElement('<r b="1" a="&lt;&#x41;"><c/>text</r>');
    expect(el).toEqual({
      name: 'r',
      attrs: [
        ['b', '1'],
        ['a', '<A'],
      ],
      children: [{ name: 'c', attrs: [], children: [] }, 'text'],
    });
  });
});
