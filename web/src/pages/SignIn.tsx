import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api.js';
import { ThemeControls } from '../ThemeControls.js';

/**
 * Sign in with an API key: the server checks it and sets an HttpOnly session
 * cookie; the key itself is not kept anywhere in the browser.
 */
export function SignIn({ onSignedIn, signedIn }: { onSignedIn: () => void; signedIn: boolean }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim()) {
      setError('Enter an API key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/session', { key: key.trim() }, { quiet401: true });
      setKey('');
      onSignedIn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <div className="signin-corner">
        <ThemeControls />
      </div>
      <form className="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Almanac</h1>
        <p className="muted">
          Open the sign-in link printed by <code>npm start</code>, or sign in with an API key.
          {signedIn ? ' You are already signed in; a new key replaces the session.' : ''}
        </p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="key"
          type="password"
          autoComplete="off"
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'signin-error' : undefined}
        />
        {error && (
          <p id="signin-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
