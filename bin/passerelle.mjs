#!/usr/bin/env node
// Passerelle's command line: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../main/cli/index.ts', import.meta.url).href);
