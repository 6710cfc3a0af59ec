// `npx almanac` looks in node_modules/.bin, where npm links the bins of
// dependencies but not of the package itself; link ours there after building.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'node_modules', '.bin');
const target = path.join(root, 'dist', 'cli', 'main.js');
fs.mkdirSync(bin, { recursive: true });
fs.chmodSync(target, 0o755);
const link = path.join(bin, 'almanac');
fs.rmSync(link, { force: true });
fs.symlinkSync(path.relative(bin, target), link);
