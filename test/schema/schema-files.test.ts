import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

// the validator skips this check at start-up (validateSchema: false): it is made here instead
for (const name of ['runbook', 'inventory', 'ipfs-cluster-releases', 'scenario']) {
  test(`schemas/${name}.schema.json is valid JSON Schema 2020-12`, () => {
    const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true });
    assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
  });
}
