import { accessSync, constants, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { EngineError } from '../core/index.js';
import { vaultKeyring, type VaultSecret } from '../source/index.js';

/** The vault options of plan, exec and inventory, as commander gives them. */
export interface VaultOptions {
  readonly vaultPasswordFile?: readonly string[];
  readonly vaultId?: readonly string[];
}

const WHITESPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A script named `*-client*` is asked for one vault id (`--vault-id label`), as Ansible's client scripts are. */
async function runScript(file: string, label: string): Promise<Buffer> {
  const isClient = basename(file, extname(file)).endsWith('-client');
  // local.ts itself, loaded only for a script: the connection index would load the SSH client, which no vault
  // password needs, and child_process is not worth loading for a command that has no script to run
  const { runOnController } = await import('../connection/local.js');
  const { exitCode, stdout, stderr } = runOnController(resolve(file), isClient ? ['--vault-id', label] : []);
  if (exitCode !== 0) {
    throw new EngineError('usage', `vault password script ${file} ${exitCode === null ? 'could not run' : `exited with ${exitCode}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
      { hint: 'run the script yourself to see why; a file that is not a script should not be executable' });
  }
  return Buffer.from(stdout.toString('latin1').replace(/^[\r\n]+|[\r\n]+$/g, ''), 'latin1');
}

/** A password file as Ansible reads one: its text, trimmed; an executable file's stdout instead. */
async function readPassword(file: string, label: string): Promise<VaultSecret> {
  if (file === 'prompt' || file.endsWith('@prompt')) {
    throw new EngineError('usage', `--vault-id ${label}@prompt: asking for a vault password is not supported`,
      { hint: 'write the password to a file readable only by you and pass --vault-password-file FILE' });
  }
  let password: Buffer;
  if (isExecutable(file)) {
    password = await runScript(file, label);
  } else {
    try {
      password = Buffer.from(readFileSync(file).toString('latin1').replace(WHITESPACE, ''), 'latin1');
    } catch {
      throw new EngineError('usage', `cannot read vault password file ${file}`, { hint: 'check the path given to --vault-password-file or --vault-id' });
    }
  }
  if (!password.length) throw new EngineError('usage', `vault password file ${file} is empty`);
  return { label, password };
}

/**
 * The vault passwords from `--vault-id [label@]FILE`, `--vault-password-file FILE` and the
 * ANSIBLE_VAULT_PASSWORD_FILE environment variable (label `default` unless given), read now,
 * and handed to the keyring that decrypts `!vault` values when they are used.
 */
export async function useVaultPasswords(options: VaultOptions, env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const specs: { label: string; file: string }[] = [];
  for (const id of options.vaultId ?? []) {
    const at = id.indexOf('@');
    specs.push(at > 0 ? { label: id.slice(0, at), file: id.slice(at + 1) } : { label: 'default', file: id });
  }
  for (const file of options.vaultPasswordFile ?? []) specs.push({ label: 'default', file });
  if (env.ANSIBLE_VAULT_PASSWORD_FILE) specs.push({ label: 'default', file: env.ANSIBLE_VAULT_PASSWORD_FILE });
  const secrets: VaultSecret[] = [];
  for (const { label, file } of specs) secrets.push(await readPassword(file, label));
  vaultKeyring.use(secrets);
}
