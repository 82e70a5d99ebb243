/** Ids of the agent's marks. */

/** A random URL-safe id (16 characters from 96 random bits); the protocol allows 32. */
export function newMarkId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
