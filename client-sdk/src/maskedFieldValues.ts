/**
 * The current values of the page's masked fields, for masking their echoes elsewhere on the
 * page. Read from the live DOM (inputs, textareas and selects of the top document and its
 * same-origin frames, through the browser's live tag collections: no walk of a big page), plus
 * the fields the shopper typed into inside shadow roots and contenteditable areas; once per
 * task: within one task the DOM the recorder serialises does not change, and every
 * `input`/`change` starts afresh.
 */
import { echoValues, type EchoValues } from './echoMatcher';
import { isUnmasked } from './privacy';
import { createTaskMemo } from './taskMemo';
import { UI_HOST_SELECTOR } from './uiHost';

const FIELD_TAGS = ['input', 'textarea', 'select'] as const;
/** Input types whose value is not something the shopper typed or chose as text. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range', 'color', 'hidden']);

/** Live values of masked fields, normalised for echo matching. */
export interface MaskedFieldValues {
  /** Normalised values (see echoMatcher.echoValues) of every masked field now. */
  current(): EchoValues;
  /** Stops listening to the page. */
  dispose(): void;
}

/**
 * The text value of one field, or null when it is not masked or holds no typed/chosen text. A
 * one-line input's words count on their own too: "Hi Zhang" echoes a name field holding "Zhang Wei".
 */
export function maskedFieldValues(field: Element): string[] | null {
  const value = maskedFieldValue(field);
  if (!value || field.localName !== 'input') return value ? [value] : null;
  const words = value.split(/\s+/).filter(Boolean);
  return words.length > 1 ? [value, ...words] : [value];
}

function maskedFieldValue(field: Element): string | null {
  if (field.closest(UI_HOST_SELECTOR) || isUnmasked(field)) return null;
  const tag = field.localName;
  if (tag === 'input') {
    const input = field as HTMLInputElement;
    return NOT_TEXT.has(input.type) ? null : input.value;
  }
  if (tag === 'textarea') return (field as HTMLTextAreaElement).value;
  if (tag === 'select') {
    // Only a choice the shopper made: the option selected by the page itself is page text.
    const select = field as HTMLSelectElement;
    const chosen = select.selectedOptions[0];
    return chosen && !chosen.defaultSelected ? chosen.text : null;
  }
  return (field as HTMLElement).isContentEditable && field.parentElement?.closest('[contenteditable]') === null ? field.textContent : null;
}

/** Documents to scan: this one and its same-origin frames (a cross-origin frame's document is null). */
function documentsOf(doc: Document): Document[] {
  const docs = [doc];
  for (const frame of doc.getElementsByTagName('iframe')) {
    try {
      if (frame.contentDocument) docs.push(...documentsOf(frame.contentDocument));
    } catch {
      // Cross-origin: nothing readable, nothing recorded.
    }
  }
  return docs;
}

/** Tracks the masked fields' values of `doc` (and of fields typed into inside shadow roots). */
export function trackMaskedFieldValues(doc: Document): MaskedFieldValues {
  const typedInto = new Set<Element>();
  const values = createTaskMemo((): EchoValues => {
    const found: string[] = [];
    const add = (field: Element): void => {
      found.push(...(maskedFieldValues(field) ?? []));
    };
    for (const d of documentsOf(doc)) for (const tag of FIELD_TAGS) for (const field of d.getElementsByTagName(tag)) add(field);
    for (const field of typedInto) {
      if (field.isConnected) add(field);
      else typedInto.delete(field);
    }
    return echoValues(found);
  });
  const onInput = (event: Event): void => {
    const target = event.composedPath()[0];
    // Elements the tag collections do not reach: inside shadow roots, and contenteditable areas.
    if (target instanceof Element && (target.getRootNode() !== doc || (target as HTMLElement).isContentEditable)) typedInto.add(target);
    values.forget();
  };
  const win = doc.defaultView ?? window;
  win.addEventListener('input', onInput, true);
  win.addEventListener('change', onInput, true);
  return {
    current: () => values.get(),
    dispose() {
      win.removeEventListener('input', onInput, true);
      win.removeEventListener('change', onInput, true);
      typedInto.clear();
    },
  };
}
