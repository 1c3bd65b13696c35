#!/usr/bin/env node
import { execute } from '@oclif/core';
import { tuneHeap } from '../dist/adapters/heap.js';

// How often V8 collects the old generation (see src/adapters/heap.ts); before anything large is allocated.
tuneHeap();
await execute({ dir: import.meta.url });
