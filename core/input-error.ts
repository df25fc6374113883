/** Bad input from a user: the message names the field, the value and what is allowed. The CLI exits 2 on it. */
export class InputError extends Error {
  override name = 'InputError';
}
