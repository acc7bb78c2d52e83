#!/usr/bin/env node
// The installed `egov` command: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/egov.ts');
