import { describe, expect, it } from 'vitest';
import {
  type CoordinationBody,
  type CounterpartLink,
  channelsBetween,
  checkBody,
  checkCounterpart,
  counterpartsOf,
} from '../../../src/domain/mission/counterpart.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';
import { interval } from '../../../src/domain/time/interval.js';
import { ArrayTimeline, unit } from './fixture.js';

const force = new ArrayTimeline(
  [
    unit('usfj', 'USA', 'USA:JOINT'),
    unit('5af', 'USA', 'USA:USAF'),
    unit('jjoc', 'JPN', 'JPN:JOINT'),
    unit('adc', 'JPN', 'JPN:ASDF'),
  ],
  [],
);
const link = (a: string, b: string, from = '2025-03-24'): CounterpartLink => ({
  id: `${a}-${b}`,
  a,
  b,
  level: 'OPERATIONAL',
  valid: interval(from),
  label: PUBLIC_UNCLASSIFIED,
});
const ccc: CoordinationBody = {
  id: 'ccc-air',
  name: 'CCC (air)',
  shortName: 'CCC',
  level: 'COMPONENT',
  members: ['5af', 'adc'],
  valid: interval('2025-01-01'),
  label: PUBLIC_UNCLASSIFIED,
};

describe('counterparts and coordination bodies', () => {
  it('finds a command’s counterparts from either end, only while the link holds', () => {
    const links = [link('usfj', 'jjoc')];
    expect(counterpartsOf(links, 'jjoc', '2025-04-01T00:00:00.000Z').map((e) => e.counterpartId)).toEqual(['usfj']);
    expect(counterpartsOf(links, 'jjoc', '2025-03-01T00:00:00.000Z')).toEqual([]);
  });

  it('a channel is a link or a body both sit in', () => {
    const at = '2025-04-01T00:00:00.000Z';
    expect(channelsBetween([link('usfj', 'jjoc')], [ccc], '5af', 'adc', at).bodies.map((b) => b.id)).toEqual([
      'ccc-air',
    ]);
    expect(channelsBetween([link('usfj', 'jjoc')], [ccc], 'jjoc', 'usfj', at).links).toHaveLength(1);
    const none = channelsBetween([link('usfj', 'jjoc')], [ccc], 'usfj', 'adc', at);
    expect(none.links.length + none.bodies.length).toBe(0);
  });

  it('a counterpart link joins two existing commands of two nations', () => {
    expect(checkCounterpart(link('usfj', 'jjoc'), force)).toEqual([]);
    expect(checkCounterpart(link('usfj', '5af'), force).map((v) => v.code)).toEqual(['C2_BAD_INPUT']);
    expect(checkCounterpart(link('usfj', 'nobody'), force).map((v) => v.code)).toEqual(['C2_NOT_FOUND']);
  });

  it('a body needs known members of both nations', () => {
    expect(checkBody(ccc, force)).toEqual([]);
    expect(checkBody({ ...ccc, members: ['5af', 'usfj'] }, force).map((v) => v.code)).toEqual(['C2_BAD_INPUT']);
    expect(checkBody({ ...ccc, members: ['5af', 'x'] }, force).map((v) => v.code)).toEqual(['C2_NOT_FOUND']);
  });
});
