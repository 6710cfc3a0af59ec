import { errorText } from '../api.js';
import css from './pages.module.css';

/** An error next to the thing that failed, announced to screen readers; nothing when there is none. */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === null || error === undefined || error === '' || error === false) return null;
  return (
    <p className={css.alert} role="alert">
      {typeof error === 'string' ? error : errorText(error)}
    </p>
  );
}
