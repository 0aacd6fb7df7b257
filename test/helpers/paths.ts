import { fileURLToPath } from 'node:url';

/** The project's root folder (tests run compiled, from dist/test/). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
