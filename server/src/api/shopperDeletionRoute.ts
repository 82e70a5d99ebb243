/**
 * `DELETE /shopper/recordings/:id`: the shopper's tab deletes its session's recording with the
 * one-time token the relay gave it (`Authorization: Bearer <token>`), within the window after the
 * session ended. Called from the shop's own origin, so CORS is open: the token is the only
 * credential (no cookies), and it works once.
 */
import { Router, type Request, type Response } from 'express';
import type { Recordings, ShopperDeletion } from '../recordings/recordings';
import { bearerTokenOf } from './bearerToken';
import { isRecordingId } from '../recordings/recordingStore';

const ANSWERS: Record<Exclude<ShopperDeletion, 'deleted'>, [status: number, error: string]> = {
  'not-found': [404, 'no such recording (already deleted?)'],
  refused: [403, 'this deletion token is not valid for this recording'],
  'too-early': [409, 'the session is still going on: stop sharing first'],
  'too-late': [410, 'the time to delete this recording from the page has passed: ask the shop'],
};

/** Builds the router of the shopper's deletion. */
export function shopperDeletionRouter(recordings: Recordings): Router {
  const router = Router();
  router.use('/shopper/recordings', (req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'DELETE');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  });
  router.delete('/shopper/recordings/:id', async (req: Request<{ id: string }>, res: Response) => {
    const token = bearerTokenOf(req);
    if (!token) {
      res.status(401).json({ error: 'missing deletion token' });
      return;
    }
    const outcome = isRecordingId(req.params.id) ? await recordings.deleteByShopper(req.params.id, token) : 'not-found';
    if (outcome === 'deleted') {
      res.status(204).end();
      return;
    }
    const [status, error] = ANSWERS[outcome];
    res.status(status).json({ error });
  });
  return router;
}
