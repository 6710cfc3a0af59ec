import type { ColorScheme } from '../../src/dashboards/schema.js';
import { SCHEMES, setScheme, setTheme, usePrefs } from './prefs.js';

/** Light/dark switch and the colour-scheme picker (stored in localStorage). */
export function ThemeControls() {
  const { theme, scheme } = usePrefs();
  return (
    <div className="theme-controls">
      <button
        type="button"
        aria-pressed={theme === 'dark'}
        aria-label="Dark theme"
        title={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? '☾' : '☀'}
      </button>
      <label>
        <span className="sr-only">Colour scheme</span>
        <select value={scheme} onChange={(e) => setScheme(e.target.value as ColorScheme)} aria-label="Colour scheme">
          {SCHEMES.map((s) => (
            <option key={s} value={s}>
              {s === 'okabe-ito' ? 'okabe-ito (colour-blind safe)' : s}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
