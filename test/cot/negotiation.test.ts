import { describe, expect, it } from 'vitest';
import {
  buildProtocolRequest,
  buildProtocolResponse,
  buildProtocolSupport,
  ProtocolNegotiator,
  parseProtocolRequest,
  parseProtocolResponse,
  parseProtocolSupport,
} from '../../src/cot/negotiation.js';
import { TakStreamDecoder } from '../../src/cot/takproto.js';
import { parseCot } from '../../src/cot/xml.js';
import { CotXmlStreamSplitter } from '../../src/cot/xml-splitter.js';
import type { CotElement } from '../../src/domain/cop/track.js';
import { haveSamples, readSample } from './samples.js';

const NOW = '2025-03-24T00:00:00.000Z';

/** What a client would read back from the bytes the server wrote. */
function readXml(bytes: Buffer) {
  const [doc] = new CotXmlStreamSplitter().push(bytes);
  if (!doc?.ok) throw new Error('no document');
  return parseCot(doc.xml);
}

describe.skipIf(!haveSamples)('TAK negotiation samples', () => {
  it('reads the README request and offer (with real times in place of the TIME placeholder)', () => {
    const withTime = (name: string) => readSample(name).toString('utf8').replaceAll("'TIME'", `'${NOW}'`);
    expect(parseProtocolRequest(parseCot(withTime('atak-civ--takp-q-protocol-request.cot')))).toEqual({
      uid: 'protouid',
      version: 1,
    });
    expect(parseProtocolSupport(parseCot(withTime('atak-civ--takp-v-protocol-support.cot')))).toEqual({
      uid: 'protouid',
      versions: [1],
    });
  });
});

describe('TAK negotiation messages', () => {
  it('builds and reads back each message', () => {
    expect(parseProtocolSupport(readXml(Buffer.from(new ProtocolNegotiator('n1', [1, 2]).offer(NOW))))).toEqual({
      uid: 'n1',
      versions: [1, 2],
    });
    expect(parseProtocolSupport(buildProtocolSupport('n', [1], NOW)).versions).toEqual([1]);
    expect(parseProtocolRequest(buildProtocolRequest('n', 1, NOW))).toEqual({ uid: 'n', version: 1 });
    expect(parseProtocolResponse(buildProtocolResponse('n', false, NOW))).toEqual({ uid: 'n', accepted: false });
  });

  it('rejects a request with no or two TakRequest elements, or a bad version', () => {
    const request = buildProtocolRequest('n', 1, NOW);
    const control = request.detail[0] as CotElement;
    expect(() => parseProtocolRequest({ ...request, detail: [] })).toThrow(/TakControl missing/);
    const twice = { ...control, children: [...control.children, ...control.children] };
    expect(() => parseProtocolRequest({ ...request, detail: [twice] })).toThrow(/2 TakRequest/);
    const bad: CotElement = { ...control, children: [{ name: 'TakRequest', attrs: [['version', 'x']], children: [] }] };
    expect(() => parseProtocolRequest({ ...request, detail: [bad] })).toThrow(/TakRequest@version/);
  });
});

describe('ProtocolNegotiator', () => {
  it('starts in XML, answers a valid request with XML, then speaks protobuf', () => {
    const server = new ProtocolNegotiator('neg-1');
    const sa = parseCot(
      `<event version="2.0" uid="u" type="a-f-G" time="${NOW}" start="${NOW}" stale="${NOW}" how="m-g"><point lat="1" lon="2" hae="0" ce="1" le="1"/></event>`,
    );
    expect(server.encode(sa).toString()).toMatch(/^<\?xml/);
    expect(server.receive(sa, NOW)).toBeUndefined();
    server.offer(NOW);
    expect(server.state).toBe('offered');

    const response = server.receive(buildProtocolRequest('neg-1', 1, NOW), NOW)!;
    expect(parseProtocolResponse(readXml(response))).toEqual({ uid: 'neg-1', accepted: true });
    expect(server.state).toBe('protobuf');
    expect(server.version).toBe(1);
    const [frame] = new TakStreamDecoder().push(server.encode(sa));
    expect(frame).toMatchObject({ ok: true, message: { event: { uid: 'u' } } });
  });

  it.each([
    ['before the offer', false, 'neg-1', 1],
    ['for another transaction uid', true, 'other', 1],
    ['for a version not offered', true, 'neg-1', 2],
  ])('answers false to a request %s and stays on XML', (_, offered, uid, version) => {
    const server = new ProtocolNegotiator('neg-1', [1]);
    if (offered) server.offer(NOW);
    const response = server.receive(buildProtocolRequest(uid, version, NOW), NOW)!;
    expect(parseProtocolResponse(readXml(response)).accepted).toBe(false);
    expect(server.version).toBe(0);
    expect(server.state).toBe(offered ? 'offered' : 'xml');
  });

  it('lets the client retry after a refusal', () => {
    const server = new ProtocolNegotiator('neg-1', [1]);
    server.offer(NOW);
    server.receive(buildProtocolRequest('neg-1', 3, NOW), NOW);
    const response = server.receive(buildProtocolRequest('neg-1', 1, NOW), NOW)!;
    expect(parseProtocolResponse(readXml(response)).accepted).toBe(true);
    expect(() => server.offer(NOW)).toThrow(/already switched/);
  });
});
