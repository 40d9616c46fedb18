import { useState } from 'react';
import type { User } from '../api.js';
import { labelOfMarking, markingChoices } from '../labels.js';
import type { ReplyBody } from '../endpoints/coordination.js';
import { LabelPicker } from './LabelPicker.js';
import { ProblemBox } from './ProblemBox.js';

/** A message with its marking (an answer or a comment); the server's refusal stays shown with its code. */
export function ReplyForm({
  user,
  nations,
  defaultMarking,
  submitLabel,
  placeholder,
  onSubmit,
}: {
  user: User;
  nations: readonly string[];
  defaultMarking: string;
  submitLabel: string;
  placeholder?: string;
  onSubmit: (body: ReplyBody) => Promise<unknown>;
}) {
  const choices = markingChoices(user, nations);
  const [body, setBody] = useState('');
  const [marking, setMarking] = useState(choices.includes(defaultMarking) ? defaultMarking : (choices[0] ?? ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    onSubmit({ body, label: labelOfMarking(marking) })
      .then(() => setBody(''))
      .catch((err: unknown) => setError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => setBusy(false));
  };
  return (
    <form className="reply-form" onSubmit={submit} aria-label={submitLabel}>
      <textarea
        aria-label={`${submitLabel}: text`}
        placeholder={placeholder}
        value={body}
        required
        rows={3}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
      <div className="form-row">
        <LabelPicker user={user} nations={nations} value={marking} onChange={setMarking} />
        <button type="submit" className="btn primary" disabled={busy || !body.trim()}>
          {submitLabel}
        </button>
      </div>
      {error && <ProblemBox error={error} />}
    </form>
  );
}
