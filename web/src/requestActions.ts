import { applyAction, type RequestAction, sideOf } from '../../src/domain/mission/request.js';
import type { User } from './api.js';
import type { PartyRef, RequestView } from './endpoints/coordination.js';

export type UserAction = Exclude<RequestAction, 'overdue'>;
const ACTIONS: readonly UserAction[] = ['send', 'acknowledge', 'answer', 'close'];

/** Whether the user acts for a command: the server's rule (services/missions actsFor) for a reader without 'system'. */
export function actsFor(user: Pick<User, 'homeCommand' | 'nation'>, party: PartyRef): boolean {
  return user.homeCommand ? user.homeCommand === party.id : user.nation === party.nation;
}

/**
 * The actions the user may take on a request now: their side (sender or receiver) must own the action and the
 * domain's state machine must allow it from the recorded state, exactly as the server decides.
 */
export function availableActions(request: RequestView, user: User): UserAction[] {
  const stored = { ...request, state: request.recordedState };
  return ACTIONS.filter((action) => {
    const party = sideOf(action) === 'SENDER' ? request.from : request.to;
    if (!actsFor(user, party)) return false;
    try {
      applyAction(stored, action, { at: new Date().toISOString(), actorId: user.id, command: party.id });
      return true;
    } catch {
      return false;
    }
  });
}

/** Either side may write in the thread until the request is closed. */
export function canComment(request: RequestView, user: User): boolean {
  return request.recordedState !== 'CLOSED' && (actsFor(user, request.from) || actsFor(user, request.to));
}
