/**
 * An environment's reading asked once per distinct key for the life of the returned function (one analysis): the
 * files an analysis reads are read once, however often its resolutions ask (each scope, each pass, each family).
 */
export function readOnce<A extends unknown[], R>(read: (...args: A) => R, key: (...args: A) => string): (...args: A) => R {
  const seen = new Map<string, R>();
  return (...args) => {
    const k = key(...args);
    if (seen.has(k)) return seen.get(k) as R;
    const r = read(...args);
    seen.set(k, r);
    return r;
  };
}
