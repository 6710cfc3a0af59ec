import type { ChangeDirection } from './types.js';

export function directionOf(change: number): ChangeDirection {
  return change > 0 ? 'increase' : change < 0 ? 'decrease' : 'none';
}

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

interface Part {
  readonly group: string;
  readonly amount: number;
  readonly share: number | null;
}

/** Offsetting groups smaller than this share of the change are not mentioned. */
const OFFSET_MENTION = 0.1;

/**
 * One sentence naming the group that explains most of the change, e.g.
 * "eu accounts for 71% of the increase, partly offset by us (−12%)". `parts` are sorted by |amount|.
 */
export function summarizeChange(parts: readonly Part[], total: number, detail?: (group: string) => string): string {
  const direction = directionOf(total);
  if (direction === 'none') {
    const movers = parts.filter((p) => p.amount !== 0);
    const up = movers.filter((p) => p.amount > 0).map((p) => p.group);
    const down = movers.filter((p) => p.amount < 0).map((p) => p.group);
    // Only one side moving can happen for ratios through rounding: nothing worth naming.
    if (up.length === 0 || down.length === 0) return 'No change.';
    return `No net change: ${list(up)} rose and ${list(down)} fell by the same amount.`;
  }
  const main = parts.find((p) => Math.sign(p.amount) === Math.sign(total))!;
  let text = `${main.group} accounts for ${percent(main.share!)} of the ${direction}`;
  if (detail) text += ` (${detail(main.group)})`;
  const offset = parts.find((p) => Math.sign(p.amount) === -Math.sign(total) && Math.abs(p.share!) >= OFFSET_MENTION);
  if (offset) text += `, partly offset by ${offset.group} (${percent(offset.share!).replace('-', '−')})`;
  return `${text}.`;
}

function list(groups: readonly string[]): string {
  if (groups.length <= 3) return groups.join(', ');
  return `${groups.slice(0, 3).join(', ')} and ${groups.length - 3} more`;
}
