/**
 * Reality test, client side: the real ssh of this machine against a real sshd whose per-connection
 * processes are stopped, against what `keepalive-lens explain --host ALIAS --json` predicts for the
 * generated ssh_config that drove it.
 *
 *   node --import tsx --test test/reality/ssh-client-timeouts.test.ts
 *   REALITY_RECORD=1 ...   also writes the client rows of test/reality/results/ssh-timeouts.json (one row per
 *                          case: predicted, measured, tolerance, the source model's time, a note)
 *   REALITY_SEED=N ...     other generated configs (default in sshHarness.ts); REALITY_KEEP=1 keeps the temp dir
 *   ORACLE_CLI_MODULE=...  a stand-in module exporting runCli (see explain.ts)
 *
 * The server side is test/reality/sshd-timeouts.test.ts: the two files never measure at the same time
 * (sshHarness.ts holds what they share, sshCases.ts the generated configs). Every case gets its own sshd
 * (which never probes) and its own ssh, all at once (about 10 s for the file).
 *
 * A seeded ssh_config per case (ServerAliveInterval I = 1-3 s, ServerAliveCountMax N = 0-3,
 * written in different forms: values in a trailing `Host *` with a `Host 127.0.0.1` block that does
 * not apply to the alias, in the alias block, in a `Host *` that comes first and shadows the alias
 * block, split between a `Host kl-* !kl-skip-*` block and `Host *`, `none` then a later value,
 * `Match host 127.0.0.1` (after HostName) and `Match originalhost ALIAS`; `=` separators, `2s`/`2S`/
 * `0m2s` times, keywords in any case; always an alias with `HostName 127.0.0.1`). Predicted:
 * `explain --host ALIAS --json FILE`, `timeline.detectAfter` (its values checked against `ssh -G`).
 * Measured: when "ready" arrives every per-connection sshd process is SIGSTOPped; the time from
 * "ready" on ssh's stdout to ssh exiting 255 with "Timeout, server 127.0.0.1 not responding.".
 *
 * Tolerance against explain: |measured - predicted| <= 0.5 s + 10 % of predicted. A second, tight check
 * (±0.15 s) holds each measurement to clientloop.c of V_9_2_P1, which explains how ssh departs from
 * "(N+1) x I after the last data":
 *
 * ssh exits up to 1 s EARLY: its timers count whole seconds. clientloop.c schedules the check at
 * `monotime() + I`, misc.c `monotime()` is CLOCK_BOOTTIME's tv_sec, and poll() sleeps until that
 * whole second: the check fires I s after the START of the second in which the last server data
 * arrived, so ssh exits at (N+1) x I minus the fraction of a second that had passed then. That is
 * the 0.65 s measured for I=1, N=0 in semantics.md 1.3 ("ready" 0.35 s into a second). Left to
 * chance, small cases would often fail the tolerance (I=1, N=0: a 0.4 s window for a value anywhere
 * in (0, 1]), so the test writes the line 0.03 s after a whole second of CLOCK_BOOTTIME (calibrated
 * from /proc/uptime: one clock for every process on the machine) and ssh's exit comes (N+1) x I -
 * ~0.05 s after "ready". I=1, N=0 cannot wait for that: ssh exits at the first whole second after
 * its last data whatever happens, so those sessions start at a whole second, alone, before the
 * others (16 handshakes at once take up to 0.8 s on 2 CPUs), and answer at once. The `late` case
 * shows the effect on purpose: "ready" 0.8 s into a second, ssh gone 0.2 s later; explain says 1 s.
 *
 * Measured on Debian 12 (OpenSSH 9.2p1 ssh and sshd, Linux 6.18, 2 CPUs), eight full runs of the file
 * (when it held both sides) with the default seed; seconds from "ready", explain's prediction in brackets:
 * I=1 N=0 0.828-0.867 [1] (two cases; "ready" 0.16-0.18 s into its second); I=1 N=1
 * 1.949-1.967 [2] (two cases); I=3 N=0 2.944-2.973 [3]; I=2 N=2 5.951-5.972 [6]; I=3 N=2 8.945-8.971
 * [9]; late I=1 N=0 0.200-0.204 [1] ("ready" 0.80 s into its second). Every one within 0.012 s of the
 * whole-second model.
 *
 * Skips when not Linux or not root or ssh/sshd/ssh-keygen are missing, unless CI is set: then it fails.
 */
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ExplainRun, explainSshHost, loadRunCli, type SshExplain, showExplainRun } from './explain';
import { gate } from './netns';
import { type ClientCase, clientCases } from './sshCases';
import { type ExitInfo, type Line, missingSshPrerequisites, monoNow, type ProcInfo, procCmdline, SSH, SshLab } from './sshd';
import {
  detectAfter,
  type Effective,
  finish,
  fmt,
  MODEL_SLACK,
  measuringAlone,
  type Order,
  type Prepared,
  prepare,
  type ResultRecord,
  reference,
  round,
  SEED,
  session,
  settle,
  tolerance,
} from './sshHarness';

const TITLE = 'reality: ssh keepalive timelines (real ssh, stopped sshd) vs explain --json';

/** clientloop.c: the check fires at the whole second (CLOCK_BOOTTIME) I s after the one the last data arrived in; exit at check N+1. */
function sshExitModel(interval: number, countMax: number, lastDataBoot: number): number {
  return Math.floor(lastDataBoot) + (countMax + 1) * interval - lastDataBoot;
}

interface ClientOutcome {
  command: string;
  ready: Line;
  readyBoot: number;
  stopped: Array<ProcInfo & { cmdline: string }>;
  exit?: ExitInfo;
  /** Seconds from "ready" to ssh's exit. */
  measured?: number;
  timeoutLine?: Line;
  stderr: string;
}

async function measureClient(p: Prepared, c: ClientCase, order: Order = {}): Promise<ClientOutcome> {
  await order.before;
  const s = await session(p, c.id, c.alias, c.ready, c.ready !== 'boundary');
  // The server goes silent: every per-connection process stops (the kernel still acknowledges TCP).
  const stopped = p.sshd.stopSessions().map((x) => ({ ...x, cmdline: procCmdline(x.pid) }));
  const exit = await s.client.exitWithin((2 * (c.countMax + 1) * c.interval + 5) * 1000);
  return {
    command: s.client.commandLine(),
    ready: s.ready,
    readyBoot: s.readyBoot,
    stopped,
    exit,
    measured: exit ? exit.at - s.ready.at : undefined,
    timeoutLine: s.client.stderr.find((t) => /^Timeout, server .* not responding\.$/.test(t)),
    stderr: s.client.stderr.text(),
  };
}

function sshG(file: string, host: string): Promise<Effective> {
  return reference(SSH, ['-G', '-F', file, host], ['serveraliveinterval', 'serveralivecountmax'], { PATH: process.env.PATH, HOME: dirname(file) });
}

function clientStory(c: ClientCase, p: Prepared | undefined, o: ClientOutcome | undefined, e?: ExplainRun<SshExplain>): string {
  return [
    `case ${c.id} (${c.summary}); generated I=${c.interval}, N=${c.countMax}; "ready" sent ${c.ready}`,
    `${p?.clientConfig ?? 'ssh_config'}:\n${c.text}`,
    o ? `command: ${o.command}` : '',
    o ? `"ready" at CLOCK_BOOTTIME ${o.readyBoot.toFixed(3)} (${(o.readyBoot % 1).toFixed(3)} s into its second)` : '',
    o ? `stopped: ${o.stopped.map((x) => `${x.pid} ${x.cmdline}`).join('; ')}` : '',
    o ? `ssh exit: ${o.exit ? `${o.exit.code ?? o.exit.signal} after ${fmt(o.measured)}` : 'none within the budget'}` : '',
    o ? `ssh stderr:\n${o.stderr}` : '',
    e ? showExplainRun(e) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

const missing = missingSshPrerequisites();

gate(TITLE, missing, () => {
  describe(TITLE, { timeout: 120_000 }, () => {
    const clients = clientCases(SEED);
    let started = monoNow();
    let lab: Promise<SshLab>;
    let release: (() => void) | undefined;
    const prepared = new Map<string, Promise<Prepared>>();
    const clientOut = new Map<string, Promise<ClientOutcome>>();
    /** explain and the references run once every measurement is over, so nothing in-process delays a measured event. */
    let measured: Promise<unknown> = Promise.resolve();
    const explained = new Map<string, Promise<ExplainRun<SshExplain>>>();
    const references = new Map<string, Promise<Effective>>();

    before(async () => {
      await loadRunCli().catch(() => {}); // load (compile) the CLI now, not during a measurement
      release = await measuringAlone();
      started = monoNow();
      lab = SshLab.create();
      const all: Promise<unknown>[] = [];
      // The I=1, N=0 sessions ("ready" early in a second, then gone within a second) run first and alone: every
      // sshd is up before they start, and the other sessions start once they are over. 16 handshakes at once
      // take up to 0.8 s on 2 CPUs, and a burst of them can delay a process's exit by 0.2 s.
      const early = clients.filter((c) => c.ready !== 'boundary');
      for (const c of clients) {
        prepared.set(
          c.id,
          lab.then((l) => prepare(l, c.id, '# No ClientAliveInterval: this server never probes.\n', c.text)),
        );
      }
      const allPrepared = Promise.allSettled(prepared.values());
      for (const c of early)
        clientOut.set(
          c.id,
          prepared.get(c.id)!.then((p) => measureClient(p, c, { before: allPrepared })),
        );
      const afterEarly = Promise.allSettled(early.map((c) => clientOut.get(c.id)));
      for (const c of clients) {
        if (!early.includes(c))
          clientOut.set(
            c.id,
            prepared.get(c.id)!.then((p) => measureClient(p, c, { before: afterEarly })),
          );
      }
      all.push(...prepared.values(), ...clientOut.values());
      for (const x of all) x.catch(() => {}); // reported by the tests that await them
      measured = Promise.allSettled(all);
      for (const c of clients) {
        const file = prepared.get(c.id)!.then((p) => p.clientConfig);
        explained.set(
          c.id,
          measured.then(() => file).then((f) => explainSshHost(f, c.alias, dirname(f))),
        );
        references.set(
          c.id,
          measured.then(() => file).then((f) => sshG(f, c.alias)),
        );
      }
      for (const x of [...explained.values(), ...references.values()]) x.catch(() => {});
      await lab;
    });

    after(async () => {
      await measured;
      const records: ResultRecord[] = [];
      const times: string[] = [];
      for (const c of clients) {
        const o = await settle(clientOut.get(c.id));
        const pred = detectAfter(await settle(explained.get(c.id)));
        const tol = c.ready === 'late' || typeof pred !== 'number' ? null : tolerance(pred);
        times.push(`${c.id} ${fmt(o?.measured)}`);
        records.push({
          scenario: c.ready === 'late' ? 'client (documents the early exit)' : 'client',
          case: c.id,
          config: c.summary,
          interval: c.interval,
          countMax: c.countMax,
          predicted: pred ?? null,
          measured: round(o?.measured),
          tolerance: round(tol),
          withinTolerance: tol === null || o?.measured === undefined ? null : Math.abs(o.measured - (pred as number)) <= tol,
          model: o ? round(sshExitModel(c.interval, c.countMax, o.readyBoot)) : null,
          note: o ? `"ready" ${(o.readyBoot % 1).toFixed(2)} s into its second; ssh exits at a whole second` : 'no measurement',
        });
      }
      await finish('client', { lab, release, started, times, records });
    });

    for (const c of clients) {
      if (c.ready === 'late') continue;
      describe(`client ${c.id}: ${c.summary}; I=${c.interval}, N=${c.countMax}`, () => {
        it('ssh -G reads the generated values from the file', async () => {
          const g = await references.get(c.id)!;
          assert.equal(g.r.code, 0, `${g.command}: ${g.r.stderr}\n${c.text}`);
          assert.deepEqual([g.interval, g.countMax], [c.interval, c.countMax], `${g.command}\n${c.text}`);
        });

        it('explain --host resolves the file as ssh -G does', async () => {
          const [g, e] = await Promise.all([references.get(c.id)!, explained.get(c.id)!]);
          assert.equal(e.code, 0, showExplainRun(e));
          assert.deepEqual([e.json?.serveraliveinterval, e.json?.serveralivecountmax], [g.interval, g.countMax], `${showExplainRun(e)}\n${c.text}`);
        });

        it('the real ssh exits 255, "Timeout, server 127.0.0.1 not responding.", within 0.5 s + 10 % of explain\'s detectAfter', async () => {
          const [p, o, e] = await Promise.all([prepared.get(c.id)!, clientOut.get(c.id)!, explained.get(c.id)!]);
          const pred = detectAfter(e);
          const story = clientStory(c, p, o, e);
          assert.equal(typeof pred, 'number', `explain gave no timeline.detectAfter\n${story}`);
          assert.ok(o.exit && o.measured !== undefined, `ssh did not exit\n${story}`);
          assert.equal(o.exit.code, 255, story);
          assert.equal(o.timeoutLine?.text, 'Timeout, server 127.0.0.1 not responding.', story);
          const tol = tolerance(pred as number);
          assert.ok(
            Math.abs(o.measured - (pred as number)) <= tol,
            `measured ${fmt(o.measured)}, explain predicts ${fmt(pred)} (tolerance ±${fmt(tol)})\n${story}`,
          );
        });

        it('ssh exits at the whole second of CLOCK_BOOTTIME that clientloop.c schedules (±0.15 s)', async () => {
          const [p, o] = await Promise.all([prepared.get(c.id)!, clientOut.get(c.id)!]);
          assert.ok(o.measured !== undefined, clientStory(c, p, o));
          const model = sshExitModel(c.interval, c.countMax, o.readyBoot);
          assert.ok(Math.abs(o.measured - model) <= MODEL_SLACK, `measured ${fmt(o.measured)}, clientloop.c gives ${fmt(model)}\n${clientStory(c, p, o)}`);
        });
      });
    }

    const late = clients.find((c) => c.ready === 'late')!;
    it('documents: ssh exits up to 1 s early, its timers count whole seconds (I=1, N=0, "ready" 0.8 s into a second: gone ~0.2 s later; explain: 1 s)', async () => {
      const [p, o, e] = await Promise.all([prepared.get(late.id)!, clientOut.get(late.id)!, explained.get(late.id)!]);
      const story = clientStory(late, p, o, e);
      assert.equal(detectAfter(e), 1, story);
      assert.equal(o.exit?.code, 255, story);
      assert.ok(o.timeoutLine, story);
      const model = sshExitModel(1, 0, o.readyBoot);
      assert.ok(Math.abs((o.measured as number) - model) <= MODEL_SLACK, `measured ${fmt(o.measured)}, clientloop.c gives ${fmt(model)}\n${story}`);
      assert.ok(model < 0.5, `"ready" came ${fmt(o.readyBoot % 1)} into its second, too early to show the effect\n${story}`);
    });
  });
});
