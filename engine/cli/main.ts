#!/usr/bin/env node
// The `runbook` command. Node 22.1 and later keep the compiled code of the modules it loads between runs
// (in the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node 20 has no such cache and skips it.
// It has to be on before the modules are loaded: the program is imported only after.
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./program.js');
