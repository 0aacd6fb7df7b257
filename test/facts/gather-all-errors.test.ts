import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localConnection, type Connection } from '../../engine/connection/index.js';
import { defineGatherer, gatherAll, GatherError, GATHERERS, type ScriptOutput } from '../../engine/facts/index.js';
import { tempDir } from '../helpers/files.js';

const outputs: ScriptOutput[] = [];
// a gatherer whose script fails: it keeps what its script gave, then fails as the system gatherer does
const failing = defineGatherer({
  name: 'failing', volatile: [],
  command: () => ({ script: 'printf "partial\\nno newline"; printf "boom\\n\\n" >&2; exit 3', args: [] }),
  async parse(output) {
    outputs.push({ exitCode: output.exitCode, stdout: output.stdout, stderr: output.stderr });
    throw new GatherError(`failing facts: exit ${output.exitCode}: ${output.stderr.trim()}`);
  },
});

function counted(): { connection: Connection; execs: () => number } {
  const real = localConnection('h1', { home: tempDir() });
  let count = 0;
  return { connection: { ...real, exec: (command, options) => (count++, real.exec(command, options)) }, execs: () => count };
}

test('a gatherer whose script fails sees the same exit code, stdout and stderr as alone, and the next still gathers', async () => {
  const { connection, execs } = counted();
  await assert.rejects(failing.gather(connection, { vars: {} }), { message: 'failing facts: exit 3: boom' });
  const [first, second] = await gatherAll([failing, GATHERERS.get('system')!], connection, { vars: {} });
  assert.equal(first && 'error' in first ? first.error.message : first, 'failing facts: exit 3: boom');
  assert.deepEqual(outputs[1], outputs[0]);
  assert.deepEqual(outputs[0], { exitCode: 3, stdout: 'partial\nno newline', stderr: 'boom\n\n' });
  assert.equal(second && 'facts' in second ? second.facts.os : second, 'Linux');
  assert.equal(execs(), 2);
});

test('a gatherer whose part of the output was cut runs again alone and gives the same facts', async () => {
  const { connection, execs } = counted();
  // the output cap keeps the start and the end of a long output: here, the system part is lost
  const cut: Connection = { ...connection, exec: async (command, options) => {
    const result = await connection.exec(command, options);
    return execs() === 1 ? { ...result, stdout: result.stdout.slice(0, 10), truncated: true } : result;
  } };
  const [system] = await gatherAll([GATHERERS.get('system')!], cut, { vars: {} });
  assert.equal(system && 'facts' in system ? system.facts.home : system, (await GATHERERS.get('system')!.gather(connection, { vars: {} })).home);
  assert.equal(execs(), 3);
});
