/** `npm run schemas`: writes every schema's compiled check (see schema-checks.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/index.js';
import { SCHEMA_CHECK_FILES, schemaCheckSource } from './schema-checks.js';

for (const entry of SCHEMA_CHECK_FILES) writeFileSync(join(packageRoot(), entry.file), schemaCheckSource(entry));
