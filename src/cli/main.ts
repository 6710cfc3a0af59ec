#!/usr/bin/env node
import { Command, Option } from 'commander';
import { runCli } from './commands.js';

const program = new Command();
runCli(program).catch((e) => {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
});
export { Option };
