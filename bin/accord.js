#!/usr/bin/env node
// The `accord` command. Accord runs its TypeScript sources directly through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../src/main.ts');
