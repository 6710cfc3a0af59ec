import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One temporary root per test run, removed at the end, so runs leave nothing in /tmp. */
export default function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'almanac-tests-'));
  process.env.ALMANAC_TEST_TMP = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
