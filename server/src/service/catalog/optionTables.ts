/**
 * What mycnfOptions.ts (MariaDB) and mysqlOptions.ts (MySQL) share: the shape of a generated option-table file
 * (data/mariadb-options.json, data/mysql-options.json) and its conversion to the typed tables, where JSON's decimal
 * strings become bigints.
 */
import type { MariadbProgramTable, MariadbServerVariable } from './types';

/** JSON has no bigint: ranges are written as decimal strings. */
export type Json<T> = {
  [K in keyof T]: T[K] extends bigint ? string : T[K] extends bigint | undefined ? string | undefined : T[K] extends object ? Json<T[K]> : T[K];
};

/** The fields both generated files hold; each module adds its release fields. */
export interface OptionTables<P extends string> {
  readonly programVersions: readonly string[];
  readonly measuredNames: readonly string[];
  readonly measuredClientNames: readonly string[];
  readonly extraCandidates: readonly string[];
  readonly programs: Readonly<Record<P, Json<MariadbProgramTable>>>;
  readonly serverVariables: Readonly<Record<string, Json<MariadbServerVariable>>>;
}

/**
 * The `keys` of `o` that hold an integer string, as bigints. Only integers: a DOUBLE variable's bounds (MySQL's
 * `4.9e-322`) are no integer and stay strings.
 */
const bigints = <T extends Record<string, unknown>>(o: T, keys: readonly string[]): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, keys.includes(k) && typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : v])) as T;

/** Each program's table, with its ranges' `default`, `min` and `max` as bigints. */
export const programTables = <P extends string>(programs: Readonly<Record<P, Json<MariadbProgramTable>>>): Readonly<Record<P, MariadbProgramTable>> =>
  Object.fromEntries(
    Object.entries<Json<MariadbProgramTable>>(programs).map(([name, t]) => [
      name,
      {
        ...t,
        ranges: Object.fromEntries(Object.entries(t.ranges).map(([option, r]) => [option, bigints(r, ['default', 'min', 'max'])])),
      } as unknown as MariadbProgramTable,
    ]),
  ) as Record<P, MariadbProgramTable>;

/** The server variables, with `min` and `max` as bigints. */
export const serverVariableTable = (variables: Readonly<Record<string, Json<MariadbServerVariable>>>): Readonly<Record<string, MariadbServerVariable>> =>
  Object.fromEntries(Object.entries(variables).map(([name, v]) => [name, bigints(v, ['min', 'max']) as unknown as MariadbServerVariable]));
