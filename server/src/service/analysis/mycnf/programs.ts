/**
 * What each program gets from an option file: the options of the groups it reads, in read order, resolved by
 * its own rules; whether it starts at all; and the value it ends up with for each timeout.
 */
import {
  type MycnfProgram,
  type MycnfResolution,
  mycnfOption,
  mycnfUnknownOptionMessage,
  normalizeMycnfName,
  programFlavor,
  programGroups,
  programTable,
  resolveMycnfOption,
  sameMycnfGroup,
  serverVariable,
  skipsFirstUnknown,
} from '../../catalog/mycnf';
import type { MycnfOptionSpec } from '../../catalog/types';
import { type MycnfIntRange, type MycnfIntReading, mysqlLine, mysqlSelf, negativeUnsigned, readMycnfInt } from '../../model/mycnfValue';
import type { MycnfEntry, MycnfRead, MycnfReadProblem } from './read';

/** Why a program stops on a line (the line's own text, in the program's words). */
export interface ProgramFailure {
  readonly entry: MycnfEntry;
  readonly kind: 'unknown' | 'ambiguous' | 'disabled' | 'exits' | 'missing-value' | 'unexpected-value' | 'invalid-number';
  readonly message: string;
}

export interface ProgramSetting {
  readonly entry: MycnfEntry;
  /** The option it sets (normalised). */
  readonly option: string;
  readonly resolution: MycnfResolution;
}

export interface ProgramView {
  readonly program: MycnfProgram;
  readonly groups: readonly string[];
  /** Every option line of its groups that it takes, in read order. */
  readonly settings: readonly ProgramSetting[];
  /** The lines that stop it, each on its own (fix one and the program stops at the next). */
  readonly failures: readonly ProgramFailure[];
  /**
   * What one run prints: the clients report every bad option, then exit; mariadbd checks its own options' values
   * first and exits there, before it looks for unknown names.
   */
  readonly printed: readonly ProgramFailure[];
  /** Lines it skips: `loose-` unknown (with a warning), and MySQL's mysql's first unknown line (without a word). */
  readonly skipped: readonly MycnfEntry[];
  /** The unknown line MySQL's mysql skips without a word (the first of its option files). */
  readonly silentlySkipped?: MycnfEntry;
  /** Per line: why it stops the program, or what the program takes from it. */
  readonly failureOf: ReadonlyMap<MycnfEntry, ProgramFailure>;
  readonly settingOf: ReadonlyMap<MycnfEntry, ProgramSetting>;
  /** The line that wins for each option (the last one). */
  readonly lastOf: ReadonlyMap<string, ProgramSetting>;
  /**
   * The error that stops the program's family reading the option files (its reading's fatal one): the program does not
   * start, whatever its groups hold. The rest of the view is what it would get from the lines read before it.
   */
  readonly stopped?: MycnfReadProblem;
}

/** Whether the program starts with the file: its family reads the file to the end, and it takes every line of its groups. */
export const programStarts = (v: ProgramView): boolean => v.stopped === undefined && v.failures.length === 0;

/** The range of an integer option for a program, when it is known exactly (deep entry, server variable, client table). */
export function intRange(program: MycnfProgram, option: string): MycnfIntRange | undefined {
  const kind = programTable(program).kind;
  const deep = mycnfOption(option, kind);
  if (deep?.value.type === 'int') {
    return {
      min: BigInt(deep.value.min),
      max: BigInt(deep.value.max),
      signed: deep.value.signed === true,
      ...(deep.value.blockSize ? { blockSize: deep.value.blockSize } : {}),
    };
  }
  // MySQL: the tables keep no signedness; a range reaching below 0 (a client's also one ending at 2^63-1, as
  // mysqlimport's ignore_lines) is a signed option's (measured: `Incorrect integer value` past 2^63-1).
  const mysql = programFlavor(program) === 'mysql';
  if (kind === 'server') {
    const v = serverVariable(programFlavor(program), option);
    if (v?.type === 'int' && v.min !== undefined && v.max !== undefined)
      return { min: v.min, max: v.max, ...(mysql && v.min < 0n ? { signed: true } : {}), ...(v.blockSize ? { blockSize: v.blockSize } : {}) };
    return undefined;
  }
  const r = programTable(program).ranges[option];
  const signed = mysql && r !== undefined && (r.min < 0n || r.max === (1n << 63n) - 1n);
  return r ? { min: r.min, max: r.max, ...(signed ? { signed: true } : {}) } : undefined;
}

/**
 * How `program` reads the value of an integer option. A negative value is only judged when the option's
 * signedness is known (deep entries); otherwise the reading says nothing about it.
 */
export function readIntFor(program: MycnfProgram, option: string, value: string): MycnfIntReading | undefined {
  const range = intRange(program, option);
  if (!range) return undefined;
  const flavor = programFlavor(program);
  const known = mycnfOption(option, programTable(program).kind)?.value.type === 'int';
  if (!known && /^\s*-/.test(value)) return undefined;
  // MySQL warns and goes on with a negative value for an unsigned option; what it ends up with is not modelled.
  if (flavor === 'mysql' && negativeUnsigned(value, range)) return undefined;
  return readMycnfInt(option, value, range, program, flavor);
}

/** The getopt errors on a line's name and arity, as each family words them (MySQL: `PROG: [ERROR] PROG: ...`). */
function getoptError(program: MycnfProgram, text: string, code = 71): string {
  return programFlavor(program) === 'mysql' ? mysqlLine(program, 'ERROR', code, `${mysqlSelf(program)}: ${text}`) : `${program}: ${text}`;
}

function failureFor(program: MycnfProgram, entry: MycnfEntry, r: MycnfResolution): ProgramFailure | undefined {
  const o = entry.option;
  const mysql = programFlavor(program) === 'mysql';
  if (r.status === 'ambiguous') {
    // The program then names the first and last match in its own table order and spelling, which the tables do not keep.
    return { entry, kind: 'ambiguous', message: `${program}: ambiguous option '${entry.arg}'` };
  }
  if (r.status === 'unknown') {
    if (r.loose) return undefined;
    return { entry, kind: 'unknown', message: mycnfUnknownOptionMessage(program, o.name, o.value) };
  }
  if (r.effect === 'disabled' && !r.loose) {
    const message = mysql
      ? getoptError(program, `Option '${entry.arg.slice(2)}' was used, but is disabled`)
      : `${program}: ERROR: Option '${entry.arg.slice(2)}' used, but is disabled`;
    return { entry, kind: 'disabled', message };
  }
  if (r.effect === 'exits') return { entry, kind: 'exits', message: `${program} prints its ${r.option === 'version' ? 'version' : 'help'} and exits` };
  // skip-, disable- and enable- supply the value (0 or 1) themselves.
  const valued = r.modifiers.some((m) => m === 'skip' || m === 'disable' || m === 'enable');
  if (r.arg === 'required' && o.value === undefined && !valued)
    return { entry, kind: 'missing-value', message: getoptError(program, `option '--${o.name}' requires an argument`) };
  if (r.arg === 'none' && o.value !== undefined)
    return { entry, kind: 'unexpected-value', message: getoptError(program, `option '--${r.option}' cannot take an argument`) };
  if (o.value !== undefined && r.option && r.modifiers.every((m) => m === 'loose')) {
    const reading = readIntFor(program, r.option, o.value);
    // With loose- MariaDB's programs print the error lines and run anyway, with the option at 0; MySQL's stop (measured).
    if (reading && !reading.ok && (!r.loose || mysql)) return { entry, kind: 'invalid-number', message: reading.error };
  }
  return undefined;
}

/**
 * The value text a line gives an integer option: skip- and disable- set 0 and enable- sets 1 (whatever follows
 * `=`; measured: `enable_connect_timeout` makes mariadbd clamp 1 to 2), a plain or `loose-` line its value;
 * undefined when the line sets no number (maximum-, no value).
 */
export function intText(s: ProgramSetting): string | undefined {
  const m = s.resolution.modifiers.filter((x) => x !== 'loose');
  if (m.length === 0) return s.entry.option.value;
  const last = m[m.length - 1];
  if (m.every((x) => x === 'skip' || x === 'disable' || x === 'enable')) return last === 'enable' ? '1' : '0';
  return undefined;
}

export function programView(read: MycnfRead, program: MycnfProgram): ProgramView {
  const groups = programGroups(program);
  const settings: ProgramSetting[] = [];
  const failures: ProgramFailure[] = [];
  const skipped: MycnfEntry[] = [];
  // Value errors of loose- lines: printed, but the program runs on (with the option at 0).
  const looseErrors: ProgramFailure[] = [];
  let silentlySkipped: MycnfEntry | undefined;
  for (const entry of read.entries) {
    if (!groups.some((g) => sameMycnfGroup(g, entry.group))) continue;
    const resolution = resolveMycnfOption(program, entry.option.name);
    if (resolution.status === 'unknown' && silentlySkipped === undefined && skipsFirstUnknown(program)) {
      silentlySkipped = entry;
      skipped.push(entry);
      continue;
    }
    const failure = failureFor(program, entry, resolution);
    if (failure) failures.push(failure);
    else if (resolution.option) {
      const setting = { entry, option: resolution.option, resolution };
      settings.push(setting);
      const text = resolution.loose ? intText(setting) : undefined;
      const reading = text !== undefined ? readIntFor(program, resolution.option, text) : undefined;
      if (reading && !reading.ok) looseErrors.push({ entry, kind: 'invalid-number', message: reading.error });
    } else skipped.push(entry);
  }
  const valueErrors = failures.filter((f) => f.kind !== 'unknown');
  // MySQL's programs stop at the first bad line (measured: `foo=1` then `bar=2` prints only foo's line), but mysqld and
  // mysql stop at the first bad value before any unknown name (measured: `foo=1`, `bar=1`, `connect_timeout=abc`
  // prints only the suffix error), as mariadbd reports all its bad values before unknown names.
  const valuesFirst = program === 'mariadbd' || program === 'mysqld' || program === 'mysql';
  const first = valuesFirst && valueErrors.length > 0 ? valueErrors : failures;
  const stopping = programFlavor(program) === 'mysql' ? first.slice(0, 1) : first;
  const order = new Map(read.entries.map((e, i) => [e, i]));
  const printed = [...stopping, ...looseErrors].sort((a, b) => order.get(a.entry)! - order.get(b.entry)!);
  return {
    program,
    groups,
    settings,
    failures,
    printed,
    skipped,
    ...(silentlySkipped ? { silentlySkipped } : {}),
    failureOf: new Map(failures.map((f) => [f.entry, f])),
    settingOf: new Map(settings.map((s) => [s.entry, s])),
    lastOf: new Map(settings.map((s) => [s.option, s])),
    ...(read.fatal ? { stopped: read.fatal } : {}),
  };
}

export interface EffectiveInt {
  readonly value: number;
  readonly setting?: ProgramSetting;
  readonly spec?: MycnfOptionSpec;
  readonly warning?: string;
}

/** The value `program` runs with for an integer deep option: the last line's (clamped), else the default. */
export function effectiveInt(view: ProgramView, option: string): EffectiveInt | undefined {
  const spec = mycnfOption(option, programTable(view.program).kind);
  const setting = view.lastOf.get(normalizeMycnfName(option));
  const text = setting ? intText(setting) : undefined;
  if (setting && text !== undefined) {
    const reading = readIntFor(view.program, setting.option, text);
    if (reading && !reading.ok) return { value: 0, setting, ...(spec ? { spec } : {}), warning: reading.error };
    if (reading?.ok) return { value: Number(reading.value), setting, ...(spec ? { spec } : {}), ...(reading.warning ? { warning: reading.warning } : {}) };
  }
  // The program's measured default first (a client's range, a server's variable); the deep entries' are MariaDB's
  // (max_allowed_packet: 16M, MySQL's mysqld 64M).
  const t = programTable(view.program);
  const measured = t.kind === 'server' ? serverVariable(programFlavor(view.program), option)?.default : t.ranges[option]?.default;
  const def = measured !== undefined ? Number(measured) : spec?.default !== undefined ? Number(spec.default) : undefined;
  return def === undefined ? undefined : { value: def, ...(spec ? { spec } : {}) };
}
