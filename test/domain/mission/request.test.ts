import { describe, expect, it } from 'vitest';
import type { C2Error } from '../../../src/domain/errors.js';
import {
  applyAction,
  type CoordinationRequest,
  countByState,
  detectOverdue,
  effectiveState,
  type RequestAction,
  type RequestKind,
  type RequestState,
} from '../../../src/domain/mission/request.js';
import { PUBLIC_UNCLASSIFIED } from '../../../src/domain/security/label.js';

const DEADLINE = '2025-04-08T08:00:00.000Z';

function request(state: RequestState = 'DRAFT', kind: RequestKind = 'RFI'): CoordinationRequest {
  return {
    id: 'rq',
    kind,
    fromId: 'usfj',
    toId: 'jjoc',
    subject: 's',
    body: '',
    attachments: [],
    deadline: DEADLINE,
    priority: 'ROUTINE',
    label: PUBLIC_UNCLASSIFIED,
    state,
    createdAt: '2025-04-01T00:00:00.000Z',
    createdBy: 'u',
    transitions: [],
  };
}

const by = { at: '2025-04-02T00:00:00.000Z', actorId: 'jjoc-j3', command: 'jjoc' };
const badState = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as C2Error).code;
  }
  return 'no error';
};

describe('coordination request state machine', () => {
  const legal: Array<[RequestState, RequestAction, RequestState]> = [
    ['DRAFT', 'send', 'SENT'],
    ['DRAFT', 'close', 'CLOSED'],
    ['SENT', 'acknowledge', 'ACKNOWLEDGED'],
    ['SENT', 'answer', 'ANSWERED'],
    ['SENT', 'close', 'CLOSED'],
    ['ACKNOWLEDGED', 'answer', 'ANSWERED'],
    ['ACKNOWLEDGED', 'close', 'CLOSED'],
    ['ANSWERED', 'close', 'CLOSED'],
    ['OVERDUE', 'acknowledge', 'ACKNOWLEDGED'],
    ['OVERDUE', 'answer', 'ANSWERED'],
    ['OVERDUE', 'close', 'CLOSED'],
  ];
  it.each(legal)('%s --%s--> %s, recorded with who, for whom and when', (from, action, to) => {
    const next = applyAction(request(from), action, { ...by, note: 'n' });
    expect(next.state).toBe(to);
    expect(next.transitions).toEqual([{ action, from, to, at: by.at, by: 'jjoc-j3', command: 'jjoc', note: 'n' }]);
  });

  const illegal: Array<[RequestState, RequestAction]> = [
    ['DRAFT', 'acknowledge'],
    ['DRAFT', 'answer'],
    ['SENT', 'send'],
    ['ACKNOWLEDGED', 'acknowledge'],
    ['ANSWERED', 'answer'],
    ['ANSWERED', 'acknowledge'],
    ['CLOSED', 'send'],
    ['CLOSED', 'close'],
    ['CLOSED', 'answer'],
    ['OVERDUE', 'send'],
  ];
  it.each(illegal)('%s --%s--> is refused with C2_BAD_STATE', (from, action) => {
    expect(badState(() => applyAction(request(from), action, by))).toBe('C2_BAD_STATE');
  });

  it('a notification is acknowledged, never answered', () => {
    expect(badState(() => applyAction(request('SENT', 'NOTIFICATION'), 'answer', by))).toBe('C2_BAD_STATE');
  });

  it('is overdue from exactly the deadline instant while it awaits the receiver', () => {
    const sent = request('SENT');
    expect(effectiveState(sent, '2025-04-08T07:59:59.999Z')).toBe('SENT');
    expect(effectiveState(sent, DEADLINE)).toBe('OVERDUE');
    expect(effectiveState(request('ACKNOWLEDGED'), DEADLINE)).toBe('OVERDUE');
    expect(effectiveState(request('ANSWERED'), DEADLINE)).toBe('ANSWERED');
    expect(effectiveState(request('DRAFT'), DEADLINE)).toBe('DRAFT');
    // An acknowledged notification owes nothing more.
    expect(effectiveState(request('ACKNOWLEDGED', 'NOTIFICATION'), DEADLINE)).toBe('ACKNOWLEDGED');
    expect(effectiveState({ ...request('SENT'), deadline: null }, '2099-01-01T00:00:00.000Z')).toBe('SENT');
  });

  it('detectOverdue records the lapse once, at the instant given, and never twice', () => {
    const early = detectOverdue([request('SENT')], '2025-04-08T07:59:59.999Z');
    expect(early).toEqual([]);
    const [lapsed] = detectOverdue([request('SENT'), request('ANSWERED')], DEADLINE);
    expect(lapsed!.state).toBe('OVERDUE');
    expect(lapsed!.transitions).toEqual([
      { action: 'overdue', from: 'SENT', to: 'OVERDUE', at: DEADLINE, by: 'system', command: null },
    ]);
    expect(detectOverdue([lapsed!], '2025-04-09T00:00:00.000Z')).toEqual([]);
    // Acknowledged late: still reads as overdue, but the lapse is not recorded a second time.
    const late = applyAction(lapsed!, 'acknowledge', { ...by, at: '2025-04-09T00:00:00.000Z' });
    expect(effectiveState(late, '2025-04-09T00:00:00.000Z')).toBe('OVERDUE');
    expect(detectOverdue([late], '2025-04-10T00:00:00.000Z')).toEqual([]);
  });

  it('the system cannot mark a request overdue before its deadline', () => {
    expect(badState(() => applyAction(request('SENT'), 'overdue', by))).toBe('C2_BAD_STATE');
  });

  it('counts by effective state, every state present', () => {
    const counts = countByState([request('SENT'), request('SENT'), request('DRAFT')], DEADLINE);
    expect(counts).toEqual({ DRAFT: 1, SENT: 0, ACKNOWLEDGED: 0, ANSWERED: 0, CLOSED: 0, OVERDUE: 2 });
  });
});
