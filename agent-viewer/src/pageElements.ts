/** Access to the console page's fixed elements (agent-viewer/index.html). */

/** The element with this id; throws when the page and the script disagree. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`console page is missing #${id}`);
  return element as T;
}

/** The console's screens, one `<section>` each. */
export type ConsoleScreen = 'sign-in' | 'queue' | 'session';

/** Shows one screen and hides the others. */
export function showScreen(screen: ConsoleScreen): void {
  for (const id of ['sign-in', 'queue', 'session'] as const) byId(id).hidden = id !== screen;
}
