import type {
  CoordinationRequest,
  Priority,
  Reply,
  RequestKind,
  RequestState,
} from '../../../src/domain/mission/request.js';
import type { SecurityLabel } from '../../../src/domain/security/label.js';
import { get, type Marked, post } from '../api.js';

/** Coordination requests between counterpart commands: boxes, threads, the state machine's actions. */

export type { Priority, RequestKind, RequestState };
export type Box = 'inbox' | 'outbox';

export interface Dtg {
  instant: string;
  zulu: string;
  local: Array<{ unitId: string; timeZone: string; letter: string; dtg: string }>;
}

export interface PartyRef {
  id: string;
  shortName: string;
  nation: string;
}

/** A request as a reader sees it: `state` is the effective state (overdue derived from the clock). */
export interface RequestView extends CoordinationRequest {
  recordedState: RequestState;
  overdue: boolean;
  from: PartyRef;
  to: PartyRef;
  deadlineDtg: Dtg | null;
  replyCount: number;
}

export interface RequestDetail extends RequestView {
  thread: Reply[];
}

export interface BoxResponse extends Marked {
  commands: string[];
  box: Box | 'all';
  counts: Record<RequestState, number>;
  requests: RequestView[];
}

export interface CounterpartLink {
  id: string;
  a: string;
  b: string;
  level: string;
  valid: { from: string; to: string | null };
  label: SecurityLabel;
  basis?: string;
  notes?: string;
}

export interface DraftInput {
  kind: RequestKind;
  fromId: string;
  toId: string;
  subject: string;
  body: string;
  deadline: string | null;
  priority: Priority;
  label: SecurityLabel;
}

export interface ReplyBody {
  body: string;
  label: SecurityLabel;
}

export type NoteAction = 'send' | 'acknowledge' | 'close';
export type ReplyAction = 'answer' | 'comment';

const requestPath = (id: string) => `/api/coordination/requests/${encodeURIComponent(id)}`;

export const coordinationApi = {
  box: (box: Box, command: string | null, signal?: AbortSignal) =>
    get<BoxResponse>(`/api/coordination/${box}`, { command }, signal),
  request: (id: string, signal?: AbortSignal) => get<Marked & { request: RequestDetail }>(requestPath(id), {}, signal),
  counterparts: (command: string, at: string | null, signal?: AbortSignal) =>
    get<Marked & { counterparts: CounterpartLink[] }>('/api/counterparts', { command, at }, signal),
  draft: (input: DraftInput) => post<{ request: RequestDetail }>('/api/coordination/requests', input),
  act: (id: string, action: NoteAction, note?: string) =>
    post<{ request: RequestDetail }>(`${requestPath(id)}/${action}`, note ? { note } : {}),
  reply: (id: string, action: ReplyAction, body: ReplyBody) =>
    post<{ request: RequestDetail }>(`${requestPath(id)}/${action}`, body),
};
