/**
 * The one object every feature renders: what happens to an idle connection and to a
 * dead peer, in order, with the origin of every number.
 */
import { fileName, type Span } from '../syntax/text';

export type Origin =
  /** Set by a line of a file (this document or an included one). */
  | { readonly kind: 'line'; readonly uri: string; readonly span: Span; readonly text: string }
  /** The program's documented default. */
  | { readonly kind: 'default'; readonly text: string }
  /** One of this extension's settings (for example the kernel keepalive values). */
  | { readonly kind: 'setting'; readonly name: string; readonly text: string };

export interface Input {
  /** The directive or setting, as users know it (`ServerAliveInterval`). */
  readonly name: string;
  /** The value, as the program reports it (`60`, `yes`, `none`). */
  readonly value: string;
  readonly origin: Origin;
}

export interface Step {
  /** Seconds after the last data from the peer. */
  readonly at: number;
  readonly what: string;
}

export type Mechanism =
  | 'server-alive'
  | 'idle-cut'
  | 'tcp-keepalive'
  /** Unacknowledged data retransmitted until the kernel gives up (tcp_retries2). */
  | 'retransmission'
  /** connect() retrying its SYN until the kernel gives up (tcp_syn_retries). */
  | 'connect'
  | 'none';

/** What the timeline comes to: cheap enough to compute for every scope of a large file. */
export interface Outcome {
  readonly mechanism: Mechanism;
  /** Seconds from the last peer data until the peer is declared dead; undefined: never. */
  readonly detectAfter: number | undefined;
  /** The arithmetic behind detectAfter (`60 s × (5 + 1)`). */
  readonly formula: string;
  /** The one-line summary. */
  readonly summary: string;
}

export interface Timeline extends Outcome {
  /** Which scope this is (`Host web-*`, `global section`). */
  readonly scope: string;
  /** Whom the values were computed for (`host web-x`). */
  readonly subject: string;
  readonly steps: readonly Step[];
  readonly inputs: readonly Input[];
  /** Further consequences (pre-session timeout, connect worst case, fallbacks). */
  readonly notes: readonly string[];
}

export function describeOrigin(o: Origin, currentUri: string): string {
  switch (o.kind) {
    case 'line': {
      const where = `line ${o.span.line + 1}`;
      if (o.uri === currentUri) return `${where} (${o.text})`;
      return `${fileName(o.uri)} ${where} (${o.text})`;
    }
    case 'default':
      return o.text;
    case 'setting':
      return `setting \`${o.name}\` (${o.text})`;
  }
}
