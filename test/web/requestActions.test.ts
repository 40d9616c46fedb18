import { describe, expect, it } from 'vitest';
import type { User } from '../../web/src/api.js';
import type { RequestView } from '../../web/src/endpoints/coordination.js';
import { availableActions, canComment } from '../../web/src/requestActions.js';

const user = (homeCommand: string, nation: string): User => ({
  id: homeCommand,
  name: homeCommand,
  nation,
  clearance: 'SECRET',
  roles: ['viewer'],
  homeCommand,
});

function request(state: RequestView['state'], kind: RequestView['kind'] = 'RFI'): RequestView {
  return {
    id: 'rfi-1',
    kind,
    fromId: 'usfj',
    toId: 'jjoc',
    subject: 's',
    body: '',
    attachments: [],
    deadline: null,
    priority: 'ROUTINE',
    label: { classification: 'UNCLASSIFIED', releasableTo: null, caveats: [] },
    state,
    recordedState: state,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'x',
    transitions: [],
    overdue: false,
    from: { id: 'usfj', shortName: 'USFJ', nation: 'USA' },
    to: { id: 'jjoc', shortName: 'JJOC', nation: 'JPN' },
    deadlineDtg: null,
    replyCount: 0,
  };
}

const sender = user('usfj', 'USA');
const receiver = user('jjoc', 'JPN');
const bystander = user('c7f', 'USA');

describe('availableActions', () => {
  it('follows the state machine per side', () => {
    expect(availableActions(request('DRAFT'), sender)).toEqual(['send', 'close']);
    expect(availableActions(request('DRAFT'), receiver)).toEqual([]);
    expect(availableActions(request('SENT'), receiver)).toEqual(['acknowledge', 'answer']);
    expect(availableActions(request('ACKNOWLEDGED'), receiver)).toEqual(['answer']);
    expect(availableActions(request('ANSWERED'), sender)).toEqual(['close']);
    expect(availableActions(request('CLOSED'), sender)).toEqual([]);
  });

  it('never offers an answer to a notification, and nothing to a command outside the request', () => {
    expect(availableActions(request('SENT', 'NOTIFICATION'), receiver)).toEqual(['acknowledge']);
    expect(availableActions(request('SENT'), bystander)).toEqual([]);
  });

  it('decides on the recorded state: a request that lapsed by the clock can still be acknowledged', () => {
    const lapsed = { ...request('SENT'), state: 'OVERDUE' as const, overdue: true };
    expect(availableActions(lapsed, receiver)).toEqual(['acknowledge', 'answer']);
  });
});

describe('canComment', () => {
  it('lets either side write until the request is closed', () => {
    expect(canComment(request('SENT'), sender)).toBe(true);
    expect(canComment(request('SENT'), receiver)).toBe(true);
    expect(canComment(request('SENT'), bystander)).toBe(false);
    expect(canComment(request('CLOSED'), sender)).toBe(false);
  });
});
