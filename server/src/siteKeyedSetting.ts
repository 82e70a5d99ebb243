/** Reader of settings shaped `site=value,site=value` (site secrets, webhook URLs, signing secrets). */

/**
 * Parses `raw` into site key → value. Every key must be a configured site (LOOKALONG_SITES),
 * named once, with a non-empty value; each mistake adds one line to `problems`.
 */
export function readSiteKeyed(name: string, raw: string | undefined, siteKeys: readonly string[], problems: string[]): Record<string, string> {
  const values = Object.create(null) as Record<string, string>;
  if (!raw) return values;
  for (const pair of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    const site = at > 0 ? pair.slice(0, at).trim() : '';
    const value = at > 0 ? pair.slice(at + 1).trim() : '';
    if (!site || !value) {
      problems.push(`${name}: "${pair.slice(0, 40)}" must look like site=value`);
      continue;
    }
    if (!siteKeys.includes(site)) problems.push(`${name}: site "${site.slice(0, 64)}" is not in LOOKALONG_SITES`);
    else if (site in values) problems.push(`${name}: site "${site}" is named twice`);
    else values[site] = value;
  }
  return values;
}
