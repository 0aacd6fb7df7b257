import assert from 'node:assert/strict';
import { EngineError } from '../../engine/core/index.js';
import { createScope, type Layer, type Scope } from '../../engine/template/index.js';

/** A reference to no real file: positions fall back to 1:1. */
export const AT = { file: '/nonexistent/runbook.yml', path: ['steps', 0, 'when'] } as const;

/** A scope of templated runbook vars under data (facts, registered results, magic vars). */
export function scopeOf(templated: Layer['vars'] = {}, data: Layer['vars'] = {}): Scope {
  return createScope([{ kind: 'templated', vars: templated }, { kind: 'data', vars: data }]);
}

/** The EngineError `work` throws; fails the test when it throws nothing (or something else). */
export function engineErrorOf(work: () => unknown): EngineError {
  try {
    work();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  assert.fail('expected an EngineError');
}
