import { ApiError } from '../api.js';

/** An error as the server stated it: its stable code, its message, and any violations it lists. */
export function ProblemBox({ error }: { error: Error }) {
  const problem = error instanceof ApiError ? error.problem : null;
  const violations = (problem?.violations ?? []) as Array<{ code?: string; message?: string }>;
  return (
    <div className="problem problem-box" role="alert" data-code={problem?.code}>
      {problem?.code && <code className="problem-code">{problem.code}</code>}
      <span className="problem-message">{problem?.detail ?? error.message}</span>
      {violations.length > 0 && (
        <ul>
          {violations.map((v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: violations have no identity of their own.
            <li key={i}>
              {v.code && <code>{v.code}</code>} {v.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
