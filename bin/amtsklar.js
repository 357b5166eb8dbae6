#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so there is no build step between editing a
// rule pack or the engine and running `npx amtsklar`.
import './runtime-flags.mjs';
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
