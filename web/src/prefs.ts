import { useSyncExternalStore } from 'react';
import type { ColorScheme } from '../../src/dashboards/schema.js';
import { PALETTES } from '../../src/charts/colors.js';

/**
 * The colour schemes, from the palettes (a Record over every scheme, so none is
 * missed): importing the schema's list would pull TypeBox into the first
 * bundle the sign-in page needs.
 */
export const SCHEMES = Object.keys(PALETTES) as ColorScheme[];

/**
 * User preferences kept in localStorage (they are not secrets): the light/dark
 * theme and the default colour scheme. A dashboard's own `colorScheme` wins over
 * the preference.
 */
export type Theme = 'light' | 'dark';

const THEME_KEY = 'almanac.theme';
const SCHEME_KEY = 'almanac.colorScheme';
const listeners = new Set<() => void>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: the preference lasts for this page only
  }
  listeners.forEach((l) => l());
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function getTheme(): Theme {
  const t = read(THEME_KEY);
  return t === 'dark' || t === 'light' ? t : systemTheme();
}
export function setTheme(t: Theme): void {
  document.documentElement.dataset.theme = t;
  write(THEME_KEY, t);
}
export function getScheme(): ColorScheme {
  const s = read(SCHEME_KEY);
  return (SCHEMES as string[]).includes(s ?? '') ? (s as ColorScheme) : 'almanac';
}
export function setScheme(s: ColorScheme): void {
  write(SCHEME_KEY, s);
}

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

export function usePrefs(): { theme: Theme; scheme: ColorScheme } {
  const theme = useSyncExternalStore(subscribe, getTheme);
  const scheme = useSyncExternalStore(subscribe, getScheme);
  return { theme, scheme };
}
