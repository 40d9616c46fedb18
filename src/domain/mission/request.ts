import { C2Error } from '../errors.js';
import type { SecurityLabel } from '../security/label.js';
import type { Instant } from '../time/instant.js';

export const REQUEST_COLLECTION = 'coordination-requests';
export const REPLY_COLLECTION = 'coordination-replies';

export const REQUEST_KINDS = ['RFI', 'RFS', 'NOTIFICATION'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const PRIORITIES = ['ROUTINE', 'PRIORITY', 'IMMEDIATE', 'FLASH'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const REQUEST_STATES = ['DRAFT', 'SENT', 'ACKNOWLEDGED', 'ANSWERED', 'CLOSED', 'OVERDUE'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const ATTACHMENT_KINDS = ['unit', 'mission', 'plan', 'relationship', 'request'] as const;
export interface RecordRef {
  kind: (typeof ATTACHMENT_KINDS)[number];
  id: string;
}

export type RequestAction = 'send' | 'acknowledge' | 'answer' | 'close' | 'overdue';
/** Whose staff may take an action: the sending command's, the receiving command's, or the system's clock. */
export type Side = 'SENDER' | 'RECEIVER' | 'SYSTEM';

export interface Transition {
  action: RequestAction;
  from: RequestState;
  to: RequestState;
  at: Instant;
  /** Actor id. */
  by: string;
  /** The command the actor acted for (null for the system). */
  command: string | null;
  note?: string;
}

export interface CoordinationRequest {
  id: string;
  kind: RequestKind;
  fromId: string;
  toId: string;
  subject: string;
  body: string;
  attachments: RecordRef[];
  deadline: Instant | null;
  priority: Priority;
  label: SecurityLabel;
  /** The recorded state; what a reader sees is `effectiveState` (overdue is also derived from the clock). */
  state: RequestState;
  createdAt: Instant;
  createdBy: string;
  transitions: Transition[];
}

/** One message in a request's thread, stored as its own labelled document so each reader sees only what releases. */
export interface Reply {
  id: string;
  requestId: string;
  /** ANSWER is the receiver's answer (moves the request to ANSWERED); COMMENT is any other message. */
  kind: 'ANSWER' | 'COMMENT';
  fromId: string;
  by: string;
  at: Instant;
  body: string;
  attachments: RecordRef[];
  label: SecurityLabel;
}

interface Rule {
  side: Side;
  from: readonly RequestState[];
  to: RequestState;
}

const RULES: Record<RequestAction, Rule> = {
  send: { side: 'SENDER', from: ['DRAFT'], to: 'SENT' },
  acknowledge: { side: 'RECEIVER', from: ['SENT', 'OVERDUE'], to: 'ACKNOWLEDGED' },
  answer: { side: 'RECEIVER', from: ['SENT', 'ACKNOWLEDGED', 'OVERDUE'], to: 'ANSWERED' },
  close: { side: 'SENDER', from: ['DRAFT', 'SENT', 'ACKNOWLEDGED', 'ANSWERED', 'OVERDUE'], to: 'CLOSED' },
  overdue: { side: 'SYSTEM', from: ['SENT', 'ACKNOWLEDGED'], to: 'OVERDUE' },
};

export function sideOf(action: RequestAction): Side {
  return RULES[action].side;
}

/**
 * States in which the receiver still owes something: an answer to an RFI/RFS, an acknowledgement to a notification
 * (a notification is acknowledged, never answered).
 */
function awaitingReceiver(request: CoordinationRequest): boolean {
  return request.kind === 'NOTIFICATION'
    ? request.state === 'SENT'
    : request.state === 'SENT' || request.state === 'ACKNOWLEDGED';
}

/** Past its deadline (the deadline instant itself included) and still owed. */
export function isOverdue(request: CoordinationRequest, now: Instant): boolean {
  if (request.state === 'OVERDUE') return true;
  return request.deadline !== null && now >= request.deadline && awaitingReceiver(request);
}

export function effectiveState(request: CoordinationRequest, now: Instant): RequestState {
  return isOverdue(request, now) ? 'OVERDUE' : request.state;
}

/** The request after `action`, with the transition recorded; C2_BAD_STATE when the action is not allowed now. */
export function applyAction(
  request: CoordinationRequest,
  action: RequestAction,
  by: { at: Instant; actorId: string; command: string | null; note?: string },
): CoordinationRequest {
  const rule = RULES[action];
  if (action === 'answer' && request.kind === 'NOTIFICATION') {
    throw new C2Error('C2_BAD_STATE', `request ${request.id} is a NOTIFICATION: it is acknowledged, not answered`);
  }
  if (action === 'overdue' && !isOverdue(request, by.at)) {
    throw new C2Error(
      'C2_BAD_STATE',
      `request ${request.id} is not past its deadline or no longer awaits the receiver`,
    );
  }
  if (!rule.from.includes(request.state)) {
    throw new C2Error(
      'C2_BAD_STATE',
      `cannot ${action} request ${request.id} in state ${request.state} (allowed from ${rule.from.join(', ')})`,
    );
  }
  const transition: Transition = {
    action,
    from: request.state,
    to: rule.to,
    at: by.at,
    by: by.actorId,
    command: by.command,
    ...(by.note ? { note: by.note } : {}),
  };
  return { ...request, state: rule.to, transitions: [...request.transitions, transition] };
}

/**
 * Requests that became overdue by `now` and whose lapse is not yet on record: each moved to OVERDUE once. A request
 * acknowledged late after its recorded lapse is not recorded again (it still reads as overdue from the clock).
 */
export function detectOverdue(requests: Iterable<CoordinationRequest>, now: Instant): CoordinationRequest[] {
  return [...requests]
    .filter(
      (request) =>
        request.state !== 'OVERDUE' &&
        isOverdue(request, now) &&
        !request.transitions.some((transition) => transition.to === 'OVERDUE'),
    )
    .map((request) => applyAction(request, 'overdue', { at: now, actorId: 'system', command: null }));
}

/** Counts by effective state, every state present (zero where none). */
export function countByState(requests: Iterable<CoordinationRequest>, now: Instant): Record<RequestState, number> {
  const counts = Object.fromEntries(REQUEST_STATES.map((state) => [state, 0])) as Record<RequestState, number>;
  for (const request of requests) counts[effectiveState(request, now)] += 1;
  return counts;
}
