/**
 * Labs of the reality tests (network namespaces, a throwaway sshd) clean up even when the test process
 * ends early: on exit, and on SIGINT/SIGTERM before exiting with the signal's status.
 */
export interface Cleanable {
  cleanupSync(): void;
}

const live = new Set<Cleanable>();
let installed = false;

/** Cleans `lab` up when the process ends, until `forget` is called (after its own cleanup). */
export function cleanUpOnExit(lab: Cleanable): void {
  if (!installed) {
    installed = true;
    process.on('exit', () => {
      for (const l of live) l.cleanupSync();
    });
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        for (const l of live) l.cleanupSync();
        process.exit(sig === 'SIGINT' ? 130 : 143);
      });
    }
  }
  live.add(lab);
}

export function forget(lab: Cleanable): void {
  live.delete(lab);
}
