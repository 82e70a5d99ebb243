/** The replay-fidelity table (Markdown), printed by the e2e test and written by `npm run bench`. */
import { FIDELITY_GOALS, type FidelityResult } from './fidelityMeasure';

const percent = (share: number): string => `${(share * 100).toFixed(1)}`;

/** True when a page reaches both goals and has no leak, no missing unmasked echo and a labelled placeholder where needed. */
export function fidelityPassed(result: FidelityResult): boolean {
  const d = result.details;
  return (
    result.picture >= FIDELITY_GOALS.picture &&
    result.words >= FIDELITY_GOALS.words &&
    d.leaks.length === 0 &&
    d.unmaskedEchoShown !== false &&
    d.placeholderLabelled !== false
  );
}

/** Short notes on what else was checked or went wrong for a page. */
function notes(result: FidelityResult): string {
  const d = result.details;
  const out: string[] = [];
  if (d.error) out.push(d.error);
  if (d.secretsChecked > 0) out.push(d.leaks.length > 0 ? `${d.leaks.length} of ${d.secretsChecked} secrets on the wire: ${d.leaks.join(', ')}` : `none of ${d.secretsChecked} secrets on the wire`);
  if (d.unmaskedEchoShown !== undefined) out.push(d.unmaskedEchoShown ? 'unmasked echo shown' : 'unmasked echo missing');
  if (d.placeholderLabelled !== undefined) out.push(d.placeholderLabelled ? 'frame placeholder labelled' : 'frame placeholder unlabelled');
  if (!d.lateSeen) out.push('late changes not seen');
  if (!d.replayLoaded) out.push('replay loads unfinished');
  if (d.missingWords.length > 0) out.push(`missing: ${d.missingWords.slice(0, 6).join(' ')}`);
  return out.join('; ');
}

/** Markdown lines: one row per page (picture %, words %, pass/fail against the goals, notes) and a summary line. */
export function fidelityTable(results: readonly FidelityResult[]): string[] {
  const lines = [
    `| page | picture % (goal ≥ ${FIDELITY_GOALS.picture * 100}) | words % (goal ≥ ${FIDELITY_GOALS.words * 100}) | result | notes |`,
    '|---|---:|---:|---|---|',
  ];
  for (const r of results) {
    lines.push(`| ${r.page} | ${percent(r.picture)} | ${percent(r.words)} | ${fidelityPassed(r) ? 'pass' : 'FAIL'} | ${notes(r).replaceAll('|', '\\|')} |`);
  }
  const passed = results.filter(fidelityPassed).length;
  lines.push('', `${passed} of ${results.length} pages pass.`);
  return lines;
}
