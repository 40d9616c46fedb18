import { useState } from 'react';
import { useApi } from '../api.js';
import { AppLink } from '../components/AppLink.js';
import { Deadline } from '../components/Deadline.js';
import { PortionMark } from '../components/PortionMark.js';
import { ProblemBox } from '../components/ProblemBox.js';
import { ReplyForm } from '../components/ReplyForm.js';
import { StateBadge } from '../components/StateBadge.js';
import { coordinationApi, type NoteAction, type RequestDetail } from '../endpoints/coordination.js';
import { markingText, useMarking } from '../marking.js';
import { availableActions, canComment } from '../requestActions.js';
import { useSession } from '../session.js';
import { dtg } from '../time.js';
import { useNow } from '../useNow.js';

const ATTACHMENT_PATHS: Record<string, (id: string) => string> = {
  unit: (id) => `/units/${encodeURIComponent(id)}`,
  plan: (id) => `/plans/${encodeURIComponent(id)}`,
  request: (id) => `/coordination/${encodeURIComponent(id)}`,
  mission: () => '/missions',
};

const NOTE_ACTIONS: Record<NoteAction, string> = { send: 'Send', acknowledge: 'Acknowledge', close: 'Close' };

function NoteActions({
  request,
  actions,
  onDone,
}: {
  request: RequestDetail;
  actions: NoteAction[];
  onDone: () => void;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  if (actions.length === 0) return null;
  const act = (action: NoteAction) => {
    setBusy(true);
    setError(null);
    coordinationApi
      .act(request.id, action, note.trim() || undefined)
      .then(() => {
        setNote('');
        onDone();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => setBusy(false));
  };
  return (
    <div className="note-actions">
      <input
        type="text"
        className="note-input"
        placeholder="Note (optional)"
        aria-label="Note for the action"
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={`btn ${action === 'close' ? '' : 'primary'}`}
          disabled={busy}
          onClick={() => act(action)}
        >
          {NOTE_ACTIONS[action]}
        </button>
      ))}
      {error && <ProblemBox error={error} />}
    </div>
  );
}

/** One request: what was asked, by when, the thread of replies, and the actions the user's side may take. */
export function RequestView({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { meta, user } = useSession();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const found = useApi((signal) => coordinationApi.request(id, signal), `${id}|${version}`);
  useMarking(found.data?.marking);
  const now = useNow();
  if (found.error) {
    return (
      <div className="page">
        <div className="crumbs">
          <AppLink to="/coordination">Coordination</AppLink> / {id}
        </div>
        <ProblemBox error={found.error} />
      </div>
    );
  }
  if (!found.data) return <div className="loading">Loading…</div>;
  const r = found.data.request;
  const actions = availableActions(r, user);
  const noteActions = actions.filter((a): a is NoteAction => a !== 'answer');
  const nations = meta.alliance.nations;
  return (
    <div className="page request-page">
      <div className="crumbs">
        <AppLink to="/coordination">Coordination</AppLink> / {r.id}
      </div>
      <section className="card request-head" aria-label="Request">
        <div className="plan-title-row">
          <h1>
            <PortionMark label={r.label} /> {r.subject}
          </h1>
          <StateBadge state={r.state} />
          <span className={`priority priority-${r.priority.toLowerCase()}`}>{r.priority}</span>
          <span className="kind-chip">{r.kind}</span>
        </div>
        <dl className="facts">
          <dt>From → to</dt>
          <dd>
            {r.from.shortName}{' '}
            <span className="nation-tag" data-nation={r.from.nation}>
              {r.from.nation}
            </span>{' '}
            → {r.to.shortName}{' '}
            <span className="nation-tag" data-nation={r.to.nation}>
              {r.to.nation}
            </span>
          </dd>
          <dt>Deadline</dt>
          <dd>
            <Deadline deadline={r.deadlineDtg} now={now} state={r.state} overdue={r.overdue} />
          </dd>
          <dt>Drafted</dt>
          <dd>
            <span className="mono">{dtg(r.createdAt)}</span> <span className="muted">by {r.createdBy}</span>
          </dd>
          <dt>Marking</dt>
          <dd>{markingText(r.label)}</dd>
          {r.attachments.length > 0 && (
            <>
              <dt>Attached</dt>
              <dd className="attachments">
                {r.attachments.map((a) => (
                  <AppLink key={`${a.kind}:${a.id}`} to={ATTACHMENT_PATHS[a.kind]?.(a.id) ?? '/'}>
                    {a.kind} {a.id}
                  </AppLink>
                ))}
              </dd>
            </>
          )}
        </dl>
        {r.body && <p className="request-body">{r.body}</p>}
        <NoteActions request={r} actions={noteActions} onDone={reload} />
        {actions.includes('answer') && (
          <div className="answer-box">
            <h2>Answer</h2>
            <ReplyForm
              user={user}
              nations={nations}
              defaultMarking={markingText(r.label)}
              submitLabel="Answer"
              placeholder="The answer, releasable to the requesting command"
              onSubmit={(body) => coordinationApi.reply(r.id, 'answer', body).then(reload)}
            />
          </div>
        )}
      </section>

      <div className="request-grid">
        <section className="card thread" aria-label="Thread" data-testid="thread">
          <h2>
            Thread <span className="count">{r.thread.length}</span>
          </h2>
          {r.thread.length === 0 && <p className="none">No reply yet.</p>}
          <ol className="messages">
            {r.thread.map((reply) => (
              <li key={reply.id} className={`message message-${reply.kind.toLowerCase()}`} data-reply-id={reply.id}>
                <div className="message-head">
                  <span className="kind-chip">{reply.kind}</span>
                  <strong>{reply.fromId === r.from.id ? r.from.shortName : r.to.shortName}</strong>
                  <span className="mono">{dtg(reply.at)}</span>
                  <PortionMark label={reply.label} />
                </div>
                <p>{reply.body}</p>
              </li>
            ))}
          </ol>
          {canComment(r, user) && (
            <ReplyForm
              user={user}
              nations={nations}
              defaultMarking={markingText(r.label)}
              submitLabel="Comment"
              placeholder="A message in the thread (one not releasable to the other side stays an internal note)"
              onSubmit={(body) => coordinationApi.reply(r.id, 'comment', body).then(reload)}
            />
          )}
        </section>
        <section className="card transitions" aria-label="History">
          <h2>History</h2>
          <ol className="timeline">
            {r.transitions.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: transitions are append-only.
              <li key={i}>
                <time className="mono">{dtg(t.at)}</time> {t.action}{' '}
                <span className="muted">
                  {t.from} → {t.to}
                  {t.command ? ` by ${t.command}` : ''}
                </span>
                {t.note && <div>{t.note}</div>}
              </li>
            ))}
          </ol>
          {r.transitions.length === 0 && <p className="none">Not sent yet.</p>}
        </section>
      </div>
    </div>
  );
}
