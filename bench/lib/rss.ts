import fs from 'node:fs';
import { MiB } from './stats.js';

/** Resident set size and its high-water mark of a Linux process, in bytes, from /proc/<pid>/status. */
export function readRss(pid: number): { rss: number; hwm: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * Sample a process's RSS every `intervalMs`. The kernel's VmHWM is the true peak
 * (no sample can miss it); the samples give the shape over time.
 */
export function sampleRss(pid: number, intervalMs = 200) {
  const samples: { t: number; rssMiB: number }[] = [];
  const started = performance.now();
  let peak = 0;
  let hwm = 0;
  const tick = () => {
    const r = readRss(pid);
    if (!r) return;
    peak = Math.max(peak, r.rss);
    hwm = Math.max(hwm, r.hwm);
    samples.push({ t: Math.round(performance.now() - started), rssMiB: Math.round(r.rss / MiB) });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    /** Stop sampling; returns peak sampled RSS, the kernel's high-water mark, and the samples. */
    stop() {
      clearInterval(timer);
      tick();
      return { peakRssMiB: Math.round(peak / MiB), hwmMiB: Math.round(hwm / MiB), samples };
    },
  };
}
