/** An output stream collected into at most `capBytes`. */
export interface CappedOutput {
  readonly add: (chunk: Buffer) => void;
  readonly text: () => string;
  readonly isTruncated: () => boolean;
}

/**
 * Collects chunks into at most `capBytes`: the first half and the last half are kept, the middle is counted and
 * dropped (marked `[… N bytes cut …]`), so a command printing gigabytes costs no more memory than the cap.
 * The same rule as the local connection's.
 */
export function cappedOutput(capBytes: number): CappedOutput {
  const headCap = Math.floor(capBytes / 2);
  const tailCap = capBytes - headCap;
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  let headBytes = 0;
  let tailBytes = 0;
  let total = 0;
  const isTruncated = (): boolean => total > capBytes;
  return {
    isTruncated,
    add(chunk) {
      total += chunk.length;
      const toHead = Math.min(chunk.length, headCap - headBytes);
      if (toHead > 0) head.push(Buffer.from(chunk.subarray(0, toHead)));
      headBytes += toHead;
      if (toHead === chunk.length) return;
      tail.push(Buffer.from(chunk.subarray(toHead)));
      tailBytes += chunk.length - toHead;
      while (tail.length > 1 && tailBytes - tail[0]!.length >= tailCap) tailBytes -= tail.shift()!.length;
    },
    text() {
      const rest = Buffer.concat(tail);
      if (!isTruncated()) return Buffer.concat([...head, rest]).toString('utf8');
      const kept = rest.subarray(rest.length - tailCap);
      const cut = total - headBytes - kept.length;
      return `${Buffer.concat(head).toString('utf8')}\n[… ${cut} bytes cut …]\n${kept.toString('utf8')}`;
    },
  };
}
