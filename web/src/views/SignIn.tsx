import { useState } from 'react';
import { ApiError, api } from '../api.js';

/** Password sign-in; the server sets the session and CSRF cookies. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login(username, password);
      onSignedIn();
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.problem.status === 401
          ? 'Wrong username or password.'
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
      setBusy(false);
    }
  };
  return (
    <div className="sign-in">
      <form className="card sign-in-form" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <label>
          Username
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p className="problem" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </div>
  );
}
