import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

/**
 * A component whose code loads on first use, without Suspense: React 19 holds
 * a Suspense boundary's content back for up to 300 ms after its fallback showed
 * (to avoid flicker), which would add that much to every dashboard load and to
 * the first chart draw. Here the content renders the moment its module is in.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): ComponentType<P> & { preload: () => Promise<unknown> } {
  let loaded: ComponentType<P> | null = null;
  let failed: unknown = null;
  let pending: Promise<unknown> | null = null;
  const start = () =>
    (pending ??= load().then(
      (c) => {
        loaded = c;
      },
      (e) => {
        failed = e;
        pending = null;
      },
    ));
  function Lazy(props: P) {
    const [, setTick] = useState(0);
    // What this render shows. The effect must test this, not `loaded` as it is
    // when the effect runs: a passive effect runs after paint, and the module
    // often arrives in between (another instance or a preload started it). The
    // effect would then see it loaded and schedule nothing, leaving this
    // instance on its fallback for good — a panel stuck on "Loading…" with its
    // data in hand, or a page that never leaves "Loading…".
    const waiting = !loaded && !failed;
    useEffect(() => {
      if (!waiting) return;
      let live = true;
      // Resolves at once (next microtask) when the module is already in.
      void start().then(() => live && setTick((t) => t + 1));
      return () => {
        live = false;
      };
    }, [waiting]);
    // A chunk that cannot load (e.g. the server was upgraded since the page opened).
    if (failed) return <p role="alert" className="error">Could not load this part of Almanac ({failed instanceof Error ? failed.message : String(failed)}); reload the page.</p>;
    const C = loaded;
    return C ? <C {...props} /> : <>{fallback}</>;
  }
  Lazy.preload = start;
  return Lazy;
}
