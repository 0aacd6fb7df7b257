export { ANSIBLE_YAML_SCHEMA, isPlainString } from './ansible-yaml.js';
export * from './find-file.js';
export * from './yaml-source.js';
export { isQuotedKey, locate } from './yaml-positions.js';
export { MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH } from './value-bounds.js';
export { decryptVault, isVaultText, VaultFailure, type VaultSecret } from './vault-cipher.js';
export * from './vaulted-value.js';
export { pyRepr } from './python-repr.js';
