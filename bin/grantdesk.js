#!/usr/bin/env node
// The `grantdesk` command. Source runs through tsx so a checkout and an install behave the same, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main();
