import { useMemo, useState } from 'react';
import { PRIORITIES, REQUEST_KINDS } from '../../../src/domain/mission/request.js';
import { api, useApi } from '../api.js';
import { AppLink } from '../components/AppLink.js';
import { LabelPicker } from '../components/LabelPicker.js';
import { ProblemBox } from '../components/ProblemBox.js';
import { coordinationApi, type Priority, type RequestKind } from '../endpoints/coordination.js';
import { labelOfMarking, markingChoices } from '../labels.js';
import { useMarking } from '../marking.js';
import { go } from '../router.js';
import { useSession } from '../session.js';
import { dtg } from '../time.js';

/** `YYYY-MM-DDTHH:MM` typed as Zulu → ISO instant, or null when empty or malformed. */
function zuluInstant(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}:00Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Three days ahead at 0800Z, a usual staff suspense. */
function defaultDeadline(): string {
  const d = new Date(Date.now() + 3 * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T08:00`;
}

/**
 * A new request to a counterpart command: drafted, then sent. A marking that does not release to the receiving nation
 * is refused at sending with the server's error; the draft stays and can be opened.
 */
export function ComposeView() {
  const { meta, user } = useSession();
  const outbox = useApi((signal) => coordinationApi.box('outbox', null, signal), 'compose-commands');
  const commands = outbox.data?.commands ?? [];
  const [fromChoice, setFrom] = useState<string | null>(null);
  const fromId = fromChoice ?? user.homeCommand ?? commands[0] ?? '';
  const now = useMemo(() => new Date().toISOString(), []);
  const counterparts = useApi((signal) => coordinationApi.counterparts(fromId, now, signal), `counterparts|${fromId}`);
  const units = useApi((signal) => api.units({ at: now, knownAt: null }, {}, signal), 'compose-units');
  useMarking(counterparts.data?.marking);
  const names = useMemo(() => new Map((units.data?.units ?? []).map((u) => [u.id, u])), [units.data]);
  const targets = useMemo(
    () =>
      (counterparts.data?.counterparts ?? [])
        .map((link) => (link.a === fromId ? link.b : link.a))
        .filter((id, i, all) => all.indexOf(id) === i),
    [counterparts.data, fromId],
  );
  const choices = markingChoices(user, meta.alliance.nations);
  const [toChoice, setTo] = useState<string | null>(null);
  const toId = toChoice && targets.includes(toChoice) ? toChoice : (targets[0] ?? '');
  const [kind, setKind] = useState<RequestKind>('RFI');
  const [priority, setPriority] = useState<Priority>('ROUTINE');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [deadline, setDeadline] = useState(defaultDeadline);
  const [marking, setMarking] = useState(choices.find((c) => c.includes('REL TO')) ?? choices[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [draftId, setDraftId] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDraftId(null);
    try {
      const { request } = await coordinationApi.draft({
        kind,
        fromId,
        toId,
        subject,
        body,
        deadline: zuluInstant(deadline),
        priority,
        label: labelOfMarking(marking),
      });
      setDraftId(request.id);
      await coordinationApi.act(request.id, 'send');
      go(`/coordination/${encodeURIComponent(request.id)}`);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  const unitName = (id: string) => {
    const u = names.get(id);
    return u ? `${u.shortName} (${u.nation}) — ${u.name}` : id;
  };
  const deadlineInstant = zuluInstant(deadline);

  return (
    <div className="page compose-page">
      <div className="crumbs">
        <AppLink to="/coordination?box=outbox">Coordination</AppLink> / New request
      </div>
      <form className="card compose" onSubmit={submit} aria-label="New request">
        <h1>New request to a counterpart</h1>
        <div className="form-grid">
          <label className="field">
            <span>From</span>
            <select value={fromId} onChange={(e) => setFrom(e.currentTarget.value)}>
              {(commands.length ? commands : [fromId]).map((c) => (
                <option key={c} value={c}>
                  {unitName(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>To (counterpart)</span>
            <select value={toId} onChange={(e) => setTo(e.currentTarget.value)} required>
              {targets.length === 0 && <option value="">No counterpart today</option>}
              {targets.map((c) => (
                <option key={c} value={c}>
                  {unitName(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value as RequestKind)}>
              {REQUEST_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Priority</span>
            <select value={priority} onChange={(e) => setPriority(e.currentTarget.value as Priority)}>
              {PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Deadline (Zulu)</span>
            <input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} />
            <span className="mono muted small">{deadlineInstant ? dtg(deadlineInstant) : 'no deadline'}</span>
          </label>
          <LabelPicker user={user} nations={meta.alliance.nations} value={marking} onChange={setMarking} />
        </div>
        <label className="field wide">
          <span>Subject</span>
          <input
            type="text"
            value={subject}
            required
            maxLength={300}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
        </label>
        <label className="field wide">
          <span>Body</span>
          <textarea value={body} rows={5} onChange={(e) => setBody(e.currentTarget.value)} />
        </label>
        <div className="form-row">
          <button type="submit" className="btn primary" disabled={busy || !toId || !subject.trim()}>
            Draft and send
          </button>
        </div>
        {error && <ProblemBox error={error} />}
        {error && draftId && (
          <p className="muted">
            The draft was kept:{' '}
            <AppLink to={`/coordination/${encodeURIComponent(draftId)}`} data-testid="kept-draft">
              {draftId}
            </AppLink>
          </p>
        )}
      </form>
    </div>
  );
}
