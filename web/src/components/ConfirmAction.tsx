import { useState } from 'react';
import { ProblemBox } from './ProblemBox.js';

/**
 * A button that asks before it acts: the first press shows what will happen and a confirm button; the action's error,
 * if any, stays on screen with its code until the next attempt.
 */
export function ConfirmAction({
  label,
  question,
  onConfirm,
  danger = false,
}: {
  label: string;
  question: string;
  onConfirm: () => Promise<unknown>;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const confirm = () => {
    setBusy(true);
    setError(null);
    onConfirm()
      .then(() => setAsking(false))
      .catch((e: unknown) => setError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => setBusy(false));
  };
  return (
    <div className="confirm-action">
      {asking ? (
        // biome-ignore lint/a11y/useSemanticElements: an inline confirmation, not a modal dialog.
        <div className="confirm-box" role="group" aria-label={`Confirm ${label.toLowerCase()}`}>
          <span>{question}</span>
          <button type="button" className={`btn ${danger ? 'danger' : 'primary'}`} onClick={confirm} disabled={busy}>
            Confirm {label.toLowerCase()}
          </button>
          <button type="button" className="btn" onClick={() => setAsking(false)} disabled={busy}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className={`btn ${danger ? 'danger' : 'primary'}`}
          onClick={() => {
            setError(null);
            setAsking(true);
          }}
        >
          {label}
        </button>
      )}
      {error && <ProblemBox error={error} />}
    </div>
  );
}
