/** Arrow-key movement inside the toolbar (WAI-ARIA toolbar pattern). Pure index arithmetic. */

/**
 * The index focus moves to for `key` from `current` among `count` items, skipping the ones
 * `usable` refuses; null when the key does not move focus.
 */
export function nextFocusIndex(count: number, current: number, key: string, usable: (index: number) => boolean): number | null {
  let step: number;
  let from: number;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      step = 1;
      from = current;
      break;
    case 'ArrowLeft':
    case 'ArrowUp':
      step = -1;
      from = current;
      break;
    case 'Home':
      step = 1;
      from = -1;
      break;
    case 'End':
      step = -1;
      from = count;
      break;
    default:
      return null;
  }
  for (let n = 1; n <= count; n++) {
    const index = (((from + step * n) % count) + count) % count;
    if (usable(index)) return index;
  }
  return null;
}
