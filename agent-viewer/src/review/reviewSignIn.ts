/**
 * The review page's sign-in screen: the same form and token storage as the console's
 * (signInView.ts, agentCredentials.ts; a token given to either is used by both in this tab),
 * on the review page's own screens.
 */
import { bindTokenForm } from '../signInView';
import { showReviewScreen } from './reviewElements';

/** Shows the sign-in screen; a submitted token is handed to `onToken`. */
export function showReviewSignIn(onToken: (token: string) => void): void {
  showReviewScreen('sign-in');
  bindTokenForm(onToken);
}
