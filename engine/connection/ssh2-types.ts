/**
 * The few parts of ssh2 (node-ssh's transport) the SSH connection uses, typed here because ssh2 ships no types
 * and the project keeps `any` out. Only shapes: nothing here imports ssh2.
 */
export interface Ssh2Channel {
  readonly stderr: { on(event: 'data', listener: (chunk: Buffer) => void): unknown };
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'exit', listener: (code: number | null, signal?: string) => void): this;
  on(event: 'close' | 'error', listener: (error?: Error) => void): this;
  end(data?: string): void;
  close(): void;
}

export interface Ssh2Stats {
  isDirectory(): boolean;
}

export interface Ssh2Sftp {
  readFile(path: string, callback: (error: Error | undefined, data: Buffer) => void): void;
  writeFile(path: string, data: Buffer, callback: (error: Error | undefined) => void): void;
  stat(path: string, callback: (error: Error | undefined, stats: Ssh2Stats) => void): void;
  mkdir(path: string, callback: (error: Error | undefined) => void): void;
  chmod(path: string, mode: number, callback: (error: Error | undefined) => void): void;
  on(event: 'close', listener: () => void): this;
  end(): void;
}

export interface Ssh2Client {
  exec(command: string, callback: (error: Error | undefined, channel: Ssh2Channel) => void): void;
  sftp(callback: (error: Error | undefined, sftp: Ssh2Sftp) => void): void;
  on(event: 'error' | 'close' | 'end', listener: (error?: Error) => void): this;
  removeListener(event: 'error' | 'close' | 'end', listener: (error?: Error) => void): this;
}
