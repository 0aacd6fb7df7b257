/** `npm run schemas`: writes the inventory schema's compiled check (see schema-check-source.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/index.js';
import { SCHEMA_CHECK_FILE, schemaCheckSource } from './schema-check-source.js';

writeFileSync(join(packageRoot(), SCHEMA_CHECK_FILE), schemaCheckSource());
