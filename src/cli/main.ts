#!/usr/bin/env node
import { Command } from 'commander';
import { runCli } from './commands.js';

runCli(new Command()).catch((e) => {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  const issues = (e as { issues?: { path?: string; message: string }[] }).issues;
  for (const i of issues?.slice(1) ?? []) process.stderr.write(`  ${i.path ?? ''}: ${i.message}\n`);
  process.exit(1);
});
