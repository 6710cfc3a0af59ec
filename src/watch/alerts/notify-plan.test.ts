import { describe, expect, it } from 'vitest';
import type { GroupState, StoredInstance } from './instance-store.js';
import { buildMessage, planGroup, renderTemplate } from './notify-plan.js';
import { parseRule } from './rule-kind.js';
import type { AlertDoc } from './rule-schema.js';

const rule = parseRule({
  kind: 'alert', name: 'r', query: { dataset: 'd' }, window: '5m', condition: { type: 'threshold', op: '>', value: 1 },
  repeatInterval: '1h', summary: '{{rule}} {{labels.region}} = {{value}} ({{annotations.runbook}})', annotations: { runbook: 'rb' },
} as AlertDoc);
const H = 3_600_000;

function inst(key: string, state: StoredInstance['state'], o: Partial<StoredInstance> = {}): StoredInstance {
  return {
    rule: 'r', key, labels: { alertname: 'r', severity: 'warning', region: key }, severity: 'warning', value: 5, silenced: false,
    lastEvaluatedAt: 0, state, since: 100, flapping: false, flips: [], ...(state === 'firing' ? { firingSince: 100 } : {}), ...o,
  };
}

/** Run plans in sequence, feeding each next state to the following one. */
function sequence(steps: [StoredInstance[], number][]) {
  let g: GroupState | undefined;
  return steps.map(([members, now]) => {
    const p = planGroup(rule, '', members, g, now);
    g = p.next;
    return p;
  });
}

describe('planGroup', () => {
  it('nodata and error (reached after `for`) notify like firing, and resolve when the rule sees data again', () => {
    const [a, b, c] = sequence([
      [[inst('eu', 'nodata', { value: null })], 1000],
      [[inst('eu', 'error', { value: null, message: 'query failed: timeout' })], 2000],
      [[inst('eu', 'normal', { since: 3000 })], 3000],
    ]);
    expect(a.message).toMatchObject({ status: 'firing', key: 'alert:r::firing:100:0' });
    expect(b.message).toBeUndefined(); // still in trouble, already told
    expect(c.message).toMatchObject({ status: 'resolved' });
    const m = buildMessage(parseRule({ kind: 'alert', name: 'r', query: { dataset: 'd' }, window: '5m', condition: { type: 'threshold', op: '>', value: 1 } } as AlertDoc), 'default', {}, a.message!, 1000);
    expect(m.subject).toBe('[NODATA] r (region=eu): no data in the window');
    expect((m.payload.alerts as { state: string }[])[0].state).toBe('nodata');
    expect(planGroup(rule, '', [inst('eu', 'pending', { pendingTo: 'nodata' })], undefined, 1000).message).toBeUndefined();
  });

  it('first firing → firing message; nothing more until repeatInterval; then a repeat; resolved → resolved message', () => {
    const [a, b, c, d] = sequence([
      [[inst('eu', 'firing')], 1000],
      [[inst('eu', 'firing')], 1000 + H - 1],
      [[inst('eu', 'firing')], 1000 + H],
      [[inst('eu', 'normal', { since: 2 * H })], 2 * H],
    ]);
    expect(a.message).toMatchObject({ status: 'firing', repeat: false, key: 'alert:r::firing:100:0' });
    expect(b.message).toBeUndefined();
    expect(c.message).toMatchObject({ status: 'firing', repeat: true, key: 'alert:r::firing:100:1' });
    expect(d.message).toMatchObject({ status: 'resolved', key: 'alert:r::resolved:100:2' });
    expect(d.message!.resolved.map((i) => i.key)).toEqual(['eu']);
    expect(d.next).toMatchObject({ notified: [], episodeStart: null, sent: 0 });
  });

  it('a second instance firing later is a new firing message listing both; one resolving while the other fires is listed as resolved', () => {
    const [a, b, c] = sequence([
      [[inst('eu', 'firing'), inst('us', 'normal')], 1000],
      [[inst('eu', 'firing'), inst('us', 'firing', { firingSince: 2000 })], 2000],
      [[inst('eu', 'normal'), inst('us', 'firing', { firingSince: 2000 })], 3000],
    ]);
    expect(a.message!.firing.map((i) => i.key)).toEqual(['eu']);
    expect(b.message!.firing.map((i) => i.key)).toEqual(['eu', 'us']);
    expect(b.message!.key).toBe('alert:r::firing:100:1');
    expect(c.message).toMatchObject({ status: 'firing' });
    expect(c.message!.resolved.map((i) => i.key)).toEqual(['eu']);
  });

  it('silenced and flapping instances are frozen: nothing is sent about them until they thaw, then what changed', () => {
    const [a, b, c] = sequence([
      [[inst('eu', 'firing', { silenced: true })], 1000],
      [[inst('eu', 'firing', { flapping: true })], 2000],
      [[inst('eu', 'firing')], 3000],
    ]);
    expect(a.message).toBeUndefined();
    expect(b.message).toBeUndefined();
    expect(c.message).toMatchObject({ status: 'firing' });
    // Notified, then silenced while it resolves: the resolution waits for the silence to end.
    const [d, e, f] = sequence([
      [[inst('eu', 'firing')], 1000],
      [[inst('eu', 'normal', { silenced: true })], 2000],
      [[inst('eu', 'normal')], 3000],
    ]);
    expect(d.message?.status).toBe('firing');
    expect(e.message).toBeUndefined();
    expect(f.message?.status).toBe('resolved');
  });

  it('a fire-and-resolve entirely inside a silence sends nothing', () => {
    const steps = sequence([
      [[inst('eu', 'firing', { silenced: true })], 1000],
      [[inst('eu', 'normal', { silenced: true })], 2000],
      [[inst('eu', 'normal')], 3000],
    ]);
    expect(steps.map((s) => s.message)).toEqual([undefined, undefined, undefined]);
  });

  it('nodata after firing neither resolves nor re-fires', () => {
    const steps = sequence([
      [[inst('eu', 'firing')], 1000],
      [[inst('eu', 'nodata')], 2000],
      [[inst('eu', 'firing')], 3000],
    ]);
    expect(steps.map((s) => s.message?.status)).toEqual(['firing', undefined, undefined]);
  });

  it('the key depends only on stored state: the same inputs make the same key', () => {
    const prev: GroupState = { key: '', notified: [], episodeStart: null, sent: 0, lastSentAt: null };
    const one = planGroup(rule, '', [inst('eu', 'firing')], prev, 1000);
    const again = planGroup(rule, '', [inst('eu', 'firing')], prev, 1500);
    expect(one.message!.key).toBe(again.message!.key);
  });
});

describe('messages', () => {
  it('renders the summary template and a payload with every alert', () => {
    const p = planGroup(rule, 'region=eu', [inst('eu', 'firing', { value: 912.5 })], undefined, 1000);
    const m = buildMessage(rule, 'default', { region: 'eu' }, p.message!, 1000);
    expect(m.subject).toBe('[FIRING] r eu = 912.5 (rb)');
    expect(m.payload).toMatchObject({ status: 'firing', rule: 'r', groupKey: 'r{region=eu}', alerts: [{ status: 'firing', value: 912.5, summary: 'r eu = 912.5 (rb)', startsAt: new Date(100).toISOString() }] });
    expect(m.key).toBe(p.message!.key);
    expect(renderTemplate('{{ nope }}|{{labels.zone}}', rule, inst('eu', 'firing'))).toBe('|');
  });
});
