import path from 'node:path';
import CoT from '@tak-ps/node-cot';
import { describe, expect, it } from 'vitest';
import { decodeTakMessage, encodeTakMessage } from '../../src/cot/takproto.js';
import { parseCot, serializeCot } from '../../src/cot/xml.js';
import { haveSamples, REJECTED_SAMPLES, readSample, sampleFiles } from './samples.js';

/** @tak-ps/node-cot is the peer TAK tooling uses; what we write it must read, and the other way round. */
// Samples node-cot 12's own schema rejects as they are (required attributes it expects, element shapes).
const NODE_COT_REJECTS: Record<string, RegExp> = {
  'atak-civ--capture-geochat-all-chat-rooms.cot': /senderCallsign/,
  'takserver--geochat-marti-dest-mission.cot': /senderCallsign/,
  'node-cot--range-bearing-circle-kmlstyle.cot': /color/,
  'node-cot--unknown-empty-usericon.cot': /usericon/,
};
// node-cot writes xmlDetail with xml-js, which leaves '&' in attribute values unescaped: not well-formed XML.
const NODE_COT_BAD_XML_DETAIL: Record<string, RegExp> = {
  'atak-civ--capture-fileshare-request.cot': /fileshare@senderUrl: '&sender=GEMINI'/,
};

const samples = sampleFiles()
  .map((file) => path.basename(file))
  .filter((name) => !REJECTED_SAMPLES[name]);

function essentials(c: CoT) {
  const attrs = c.raw.event._attributes;
  const point = c.raw.event.point._attributes;
  return {
    uid: attrs.uid,
    type: attrs.type,
    point: [point.lat, point.lon, point.hae].map(Number),
    callsign: c.raw.event.detail?.contact?._attributes?.callsign,
  };
}

describe.skipIf(!haveSamples)('interoperability with @tak-ps/node-cot', () => {
  for (const name of samples) {
    const rejects = NODE_COT_REJECTS[name];
    if (rejects) {
      it(`${name}: node-cot rejects our output exactly as it rejects the original`, () => {
        const ours = serializeCot(parseCot(readSample(name)));
        expect(() => new CoT(readSample(name).toString('utf8'))).toThrow(rejects);
        expect(() => new CoT(ours)).toThrow(rejects);
      });
      continue;
    }
    it(`${name}: node-cot reads our XML and our protobuf; we read its protobuf`, () => {
      const ours = parseCot(readSample(name));
      const expected = {
        uid: ours.uid,
        type: ours.type,
        point: [ours.point.lat, ours.point.lon, ours.point.hae],
        callsign: ours.callsign,
      };
      expect(essentials(new CoT(serializeCot(ours)))).toEqual(expected);
      expect(essentials(CoT.from_proto(encodeTakMessage({ event: ours })))).toEqual(expected);

      const theirProto = new CoT(readSample(name).toString('utf8')).to_proto();
      const badDetail = NODE_COT_BAD_XML_DETAIL[name];
      if (badDetail) {
        expect(() => decodeTakMessage(theirProto)).toThrow(badDetail);
        return;
      }
      const theirs = decodeTakMessage(theirProto).event!;
      expect({ uid: theirs.uid, type: theirs.type, point: theirs.point, callsign: theirs.callsign }).toEqual({
        uid: ours.uid,
        type: ours.type,
        point: ours.point,
        callsign: ours.callsign,
      });
    });
  }
});
