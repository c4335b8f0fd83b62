// The JSON text of the measured MariaDB option tables (server/src/service/catalog/data/mariadb-options.json),
// shared by scripts/gen-mycnf-options.mjs: one entry per line where an entry is small (a server variable, a range,
// an option's argument kind), so that a new release shows up as a readable diff.
const isLeaf = (v) => v === null || typeof v !== 'object' || (Array.isArray(v) ? v.every((x) => typeof x !== 'object') && v.length <= 8 : false);
const inlineObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isLeaf);

function render(v, indent) {
  if (isLeaf(v)) return JSON.stringify(v);
  const inner = `${indent}  `;
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + render(x, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  return `{\n${entries
    .map(
      ([k, x]) =>
        `${inner}${JSON.stringify(k)}: ${inlineObject(x) && Object.keys(x).length <= 8 ? JSON.stringify(x).replaceAll('":', '": ').replaceAll(',"', ', "') : render(x, inner)}`,
    )
    .join(',\n')}\n${indent}}`;
}

/** The file's text for the tables (bigints already written as decimal strings). */
export function mycnfTablesJson(data) {
  return `${render(data, '')}\n`;
}
