import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAlmanac, type Almanac } from '../src/almanac.js';
import { applyBundle } from '../src/definitions/bundle.js';
import { addMissingDemoDefinitions, DEMO_DEFINITIONS } from '../src/packs/web-service/load-demo.js';
import type { Definition } from '../src/store/store.js';
import { tempDir } from './helpers/server.js';

let almanac: Almanac;
beforeAll(async () => { almanac = await openAlmanac({ dataDir: tempDir(), logger: pino({ level: 'silent' }) }); });
afterAll(async () => { await almanac.close(); });

describe('demo definitions on a workspace loaded by an older version', () => {
  it('adds what is missing and leaves edited definitions alone', async () => {
    // An older demo: datasets and metrics only, one metric since edited by the user.
    const old = DEMO_DEFINITIONS.filter((d) => d.kind === 'dataset' || d.kind === 'metric')
      .map((d) => (d.name === 'requests' ? { ...d, description: 'edited by a user' } : d));
    await applyBundle(almanac.store, 'default', old);
    const added = await addMissingDemoDefinitions(almanac, 'default');
    const expected = DEMO_DEFINITIONS.filter((d) => d.kind !== 'dataset' && d.kind !== 'metric').map((d) => `${d.kind}/${d.name}`);
    expect(added.sort()).toEqual(expected.sort());
    expect(expected.some((k) => k.startsWith('dashboard/'))).toBe(true);
    const stored = await almanac.store.listDefinitions('default');
    expect(stored.length).toBe(DEMO_DEFINITIONS.length);
    expect((stored.find((d) => d.kind === 'metric' && d.name === 'requests') as Definition).description).toBe('edited by a user');
    expect(await addMissingDemoDefinitions(almanac, 'default')).toEqual([]);
  });
});
