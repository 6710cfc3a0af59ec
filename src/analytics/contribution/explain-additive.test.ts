import { describe, expect, it } from 'vitest';
import { isAlmanacError } from '../../core/errors.js';
import { explainAdditiveChange } from './explain-additive.js';

describe('explainAdditiveChange', () => {
  it('eu accounts for 71% of the increase (shares sum to 100%)', () => {
    const r = explainAdditiveChange([
      { group: 'us', before: 200, after: 229 },
      { group: 'eu', before: 100, after: 171 },
      { group: 'apac', before: 50, after: 50 },
    ]);
    expect(r).toMatchObject({ totalBefore: 350, totalAfter: 450, totalChange: 100, direction: 'increase' });
    expect(r.relativeChange).toBeCloseTo(100 / 350, 15);
    expect(r.contributions.map((c) => [c.group, c.change, c.share])).toEqual([
      ['eu', 71, 0.71],
      ['us', 29, 0.29],
      ['apac', 0, 0],
    ]);
    expect(r.summary).toMatchInlineSnapshot(`"eu accounts for 71% of the increase."`);
  });

  it('names an offsetting group; shares still sum to 100%', () => {
    const r = explainAdditiveChange([
      { group: 'web', before: 1000, after: 700 },
      { group: 'ios', before: 500, after: 600 },
      { group: 'android', before: 400, after: 380 },
    ]);
    expect(r.totalChange).toBe(-220);
    expect(r.contributions.map((c) => c.group)).toEqual(['web', 'ios', 'android']);
    expect(r.contributions.reduce((s, c) => s + c.share!, 0)).toBeCloseTo(1, 15);
    expect(r.summary).toMatchInlineSnapshot(`"web accounts for 136% of the decrease, partly offset by ios (−45%)."`);
  });

  it.each([
    ['no movement at all', [{ group: 'a', before: 5, after: 5 }], 'No change.'],
    [
      'movements that cancel',
      [{ group: 'a', before: 5, after: 8 }, { group: 'b', before: 5, after: 2 }],
      'No net change: a rose and b fell by the same amount.',
    ],
  ])('no net change (%s): shares are null', (_d, rows, summary) => {
    const r = explainAdditiveChange(rows);
    expect(r.direction).toBe('none');
    expect(r.contributions.every((c) => c.share === null)).toBe(true);
    expect(r.summary).toBe(summary);
  });

  it('handles groups that appear or disappear (0 in one period) and a zero starting total', () => {
    const r = explainAdditiveChange([{ group: 'new', before: 0, after: 30 }, { group: 'old', before: 0, after: 10 }]);
    expect(r.relativeChange).toBeNull();
    expect(r.contributions[0]).toMatchObject({ group: 'new', share: 0.75 });
  });

  it('reports every invalid row at once', () => {
    try {
      explainAdditiveChange([{ group: 'a', before: NaN, after: 1 }, { group: 'a', before: 1, after: Infinity }]);
      expect.unreachable();
    } catch (e) {
      expect(isAlmanacError(e) && e.issues.map((i) => i.path)).toEqual(['rows[1].group', 'rows[0].before', 'rows[1].after']);
    }
    expect(() => explainAdditiveChange([])).toThrow(/invalid contribution input/);
  });
});
