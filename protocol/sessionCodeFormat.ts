/** Formats a 6-digit session code for humans: "483920" → "483 920" (shopper widget and agent console). */
export function formatSessionCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
