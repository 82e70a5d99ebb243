/**
 * The `--help` text of `npm start`, generated from the settings table (config.ts's
 * SETTINGS_HELP, which gathers every reader's rows), so the two cannot drift apart.
 */

/** One setting as `--help` and docs/configuration.md describe it: env var, default, meaning. */
export type SettingHelp = readonly [name: string, fallback: string, meaning: string];

/** Column width of the variable names. */
const NAME_WIDTH = 40;

/** The full `--help` text for `settings`, ending with a newline. */
export function settingsHelpText(settings: ReadonlyArray<SettingHelp>): string {
  const lines = ['Usage: npm start [-- --help]', '', 'Settings (environment variables; a mistake stops start-up with one line per problem):'];
  for (const [name, fallback, meaning] of settings) {
    lines.push(`  ${name.padEnd(NAME_WIDTH)} ${meaning}`, `  ${''.padEnd(NAME_WIDTH)} default: ${fallback}`);
  }
  return lines.join('\n') + '\n';
}
