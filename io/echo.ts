// Text from a file, as it may appear in an error message: at most 100 characters, control characters escaped, so a
// damaged file can neither flood the terminal nor drive it.
const LIMIT = 100;

export function echo(text: string): string {
  const shown = text.slice(0, LIMIT).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return text.length > LIMIT ? `${shown}… (${text.length} characters)` : shown;
}
