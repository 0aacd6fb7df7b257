#!/usr/bin/env node
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { runContainer } from './process.js';
import { findContainer } from './store.js';

// The stand-in for containerd's shim: started detached by `docker run -d <home> <id>`, it runs the container's
// process with its output in the container's log files and records its exit, then ends.
const [home, id] = process.argv.slice(2) as [string, string];
const container = findContainer(home, id);
if (container) {
  const out = openSync(join(container.dir, 'stdout.log'), 'a');
  const err = openSync(join(container.dir, 'stderr.log'), 'a');
  await runContainer(home, container, ['ignore', out, err]);
  closeSync(out);
  closeSync(err);
}
