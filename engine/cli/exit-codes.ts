/**
 * Exit codes of every command: the same numbers as `ansible-playbook`, so CI scripts carry over.
 * This table is the only place they are defined; the README documents it.
 */
export const EXIT = {
  ok: 0,
  error: 1,
  hostsFailed: 2,
  hostsUnreachable: 3,
  invalidInput: 4,
  badOptions: 5,
  interrupted: 99,
  internalError: 250,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
