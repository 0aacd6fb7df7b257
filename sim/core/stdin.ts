import { readSync } from 'node:fs';

// stdin is read synchronously and shared: prompt answers are taken as tokens, and `state import` reads what is left.
let buffer = '';
let isEof = false;

function readMore(): boolean {
  if (isEof) return false;
  const chunk = Buffer.alloc(65536);
  for (;;) {
    try {
      const n = readSync(0, chunk, 0, chunk.length, null);
      if (n === 0) { isEof = true; return false; }
      buffer += chunk.subarray(0, n).toString('utf8');
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      isEof = true;
      return false;
    }
  }
}

/** The next whitespace-separated token from stdin, like `fmt.Scanf("%s")`; '' at EOF. */
export function readToken(): string {
  for (;;) {
    // An empty line answers with an empty token, as Scanf does at a newline.
    const blank = /^[ \t]*\r?\n/.exec(buffer);
    if (blank) { buffer = buffer.slice(blank[0].length); return ''; }
    const m = /^[ \t]*(\S+)(\s|$)/.exec(buffer);
    if (m && (m[2] !== '' || isEof)) {
      buffer = buffer.slice(m[0].length);
      return m[1]!;
    }
    if (!readMore()) {
      const rest = buffer.trim();
      buffer = '';
      return rest;
    }
  }
}

/** Everything left on stdin. */
export function readAllStdin(): string {
  while (readMore()) { /* keep reading until EOF */ }
  const all = buffer;
  buffer = '';
  return all;
}

/** The y/n prompt of ipfs-cluster-service: on stdout, trailing space; EOF or empty is "no"; 3 tries. */
export function yesNoPrompt(prompt: string): boolean {
  for (let i = 0; i < 3; i++) {
    process.stdout.write(`${prompt} `);
    const answer = readToken().toLowerCase();
    if (answer === 'y' || answer === 'yes') return true;
    if (answer === 'n' || answer === 'no' || answer === '') return false;
    process.stdout.write('Please press either \'y\' or \'n\'\n');
  }
  return false;
}
