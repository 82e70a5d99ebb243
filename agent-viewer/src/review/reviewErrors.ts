/** What the review page says when the API gave no usable answer, in the page's language. Pure. */
import { fillIn } from '../consoleLanguage';
import type { ApiFailure } from './recordingApi';
import type { ReviewStrings } from './reviewI18n';

/** The words for a failure, and whether trying again may help. */
export function failureText(failure: ApiFailure, strings: ReviewStrings): { text: string; retry: boolean } {
  switch (failure.kind) {
    case 'unauthorized':
      return { text: strings.signInRefused, retry: false };
    case 'forbidden':
      return { text: strings.errorForbidden, retry: false };
    case 'not-found':
      return { text: strings.errorNotFound, retry: false };
    case 'damaged':
      return { text: strings.errorDamaged, retry: false };
    case 'network':
      return { text: strings.errorNetwork, retry: true };
    case 'server':
      return { text: fillIn(strings.errorServer, { status: failure.status }), retry: true };
    case 'invalid':
      return { text: strings.errorInvalid, retry: true };
  }
}
