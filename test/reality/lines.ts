/**
 * The reality tests' one clock and their line reader (test/reality/mariadb.ts and sshd.ts use both).
 *
 * Times are CLOCK_MONOTONIC seconds (`monoNow()`, process.hrtime): one clock for every measurement, the arrival
 * time of every line included. OpenSSH's timers count CLOCK_BOOTTIME, which sshd.ts derives from this one.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/** CLOCK_MONOTONIC, seconds. */
export function monoNow(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

export interface Line {
  text: string;
  /** monoNow() when the chunk holding the line arrived. */
  at: number;
}

/** What a waited-for line must be: a pattern its text matches, or a test of its text. */
export type LineMatch = RegExp | ((text: string) => boolean);

export interface LinesOptions {
  /**
   * The process whose exit ends the lines (rejecting the waits), instead of the end of the stream: what arrives later
   * is still kept. Without it, the lines end with the stream.
   */
  readonly child?: ChildProcess;
  /** Remove terminal escape sequences and every CR (a program under `script`); without it, only a CR before the line break. */
  readonly stripEscapes?: boolean;
}

const ESCAPES = /\x1b(\[[0-9;?]*[A-Za-z]|\([A-Za-z0-9])/g;

const test = (match: LineMatch, text: string) => (typeof match === 'function' ? match(text) : match.test(text));

/**
 * The lines of a stream as they arrive, each with its arrival time; `wait` resolves with the first line (seen already
 * or still to come, from an index on) that matches.
 */
export class Lines {
  readonly lines: Line[] = [];
  private partial = '';
  private ended = false;
  private readonly waiters: Array<{ match: LineMatch; from: number; what: string; resolve: (l: Line) => void; reject: (e: Error) => void }> = [];

  constructor(
    stream: Readable | null | undefined,
    readonly name: string,
    private readonly options: LinesOptions = {},
  ) {
    stream?.setEncoding('utf8');
    stream?.on('data', (d: string) => {
      const at = monoNow();
      this.partial += d;
      let nl = this.partial.indexOf('\n');
      while (nl >= 0) {
        this.push(this.partial.slice(0, nl), at);
        this.partial = this.partial.slice(nl + 1);
        nl = this.partial.indexOf('\n');
      }
    });
    const end = (why: string) => {
      if (this.ended) return;
      if (this.partial) this.push(this.partial, monoNow());
      this.partial = '';
      this.ended = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error(`${this.name} ${why} before ${w.what}; it said:\n${this.text(40)}`));
    };
    if (options.child) options.child.on('exit', (code, signal) => end(`exited (${code ?? signal})`));
    else stream?.on('end', () => end('ended'));
  }

  private push(raw: string, at: number): void {
    const text = this.options.stripEscapes ? raw.replace(ESCAPES, '').replace(/\r/g, '') : raw.replace(/\r$/, '');
    const line = { text, at };
    this.lines.push(line);
    const index = this.lines.length - 1;
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      if (index >= w.from && test(w.match, text)) {
        this.waiters.splice(i--, 1);
        w.resolve(line);
      }
    }
  }

  /** The first line from index `from` on that matches. */
  find(match: LineMatch, from = 0): Line | undefined {
    return this.lines.slice(from).find((l) => test(match, l.text));
  }

  /** The text so far (the last `last` lines when given), with an unfinished last line. */
  text(last?: number): string {
    const all = [...this.lines.map((l) => l.text), ...(this.partial ? [this.partial] : [])];
    return (last === undefined ? all : all.slice(-last)).join('\n');
  }

  /**
   * The first line from index `from` on (already seen or still to come) that matches; rejects after timeoutMs, or when
   * the lines end first. `what` names it in the error.
   */
  wait(match: LineMatch, timeoutMs: number, what = match instanceof RegExp ? `a line matching ${match}` : 'the expected line', from = 0): Promise<Line> {
    const seen = this.find(match, from);
    if (seen) return Promise.resolve(seen);
    if (this.ended) return Promise.reject(new Error(`${this.name} already ended, waiting for ${what}; it said:\n${this.text(40)}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(entry);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} on ${this.name}; it said:\n${this.text(40)}`));
      }, timeoutMs);
      const entry = {
        match,
        from,
        what,
        resolve: (l: Line) => {
          clearTimeout(timer);
          resolve(l);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(entry);
    });
  }
}
