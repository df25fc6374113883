// The header of a .npy file: a Python dict literal with exactly the keys 'descr' (a string), 'fortran_order' (True
// or False) and 'shape' (a tuple of non-negative ints), the checks of numpy's read_array_header. A one-pass scanner
// reads it without backtracking, so a damaged or huge header costs linear time.
import { echo } from './echo.js';

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/** numpy.load refuses longer headers unless told to trust the file (max_header_size). */
const MAX_HEADER_CHARS = 10_000;
const KEYS = ['descr', 'fortran_order', 'shape'];
const EXACT_KEYS = "a .npy header has exactly the keys 'descr', 'fortran_order' and 'shape'";

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isWordChar = (c: string | undefined) => c !== undefined && (isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_');

/** Python 2 wrote long ints as 3L; numpy still reads that in format 1.0 and 2.0 headers, so pythonLongs allows it. */
export function parseNpyHeader(text: string, fail: (what: string) => never, pythonLongs: boolean): NpyHeader {
  const bad = (what: string): never => fail(`malformed header: ${what}`);
  if (text.length > MAX_HEADER_CHARS) bad(`${text.length} characters long; numpy reads at most ${MAX_HEADER_CHARS}`);
  if (!text.endsWith('\n')) bad('it does not end with a newline (\\n)');
  let at = 0;
  const found = (from: number) => (from < text.length ? `found '${echo(text.slice(from, from + 20))}'` : 'found the end of the header');
  const skipSpace = () => {
    while (isSpace(text[at])) at++;
  };
  const expect = (c: string, what: string) => {
    skipSpace();
    if (text[at] !== c) bad(`expected ${what} at character ${at}, ${found(at)}`);
    at++;
  };

  const string = (what: string): string => {
    skipSpace();
    const quote = text[at];
    if (quote !== "'" && quote !== '"') return bad(`expected ${what} as a quoted string at character ${at}, ${found(at)}`);
    const end = text.indexOf(quote, at + 1);
    if (end < 0) return bad(`the string at character ${at} is not closed`);
    const value = text.slice(at + 1, end);
    if (value.includes('\\') || value.includes('\n')) bad(`the string at character ${at} has an escape or a line break; not supported`);
    at = end + 1;
    return value;
  };

  const bool = (): boolean => {
    skipSpace();
    const start = at;
    while (isWordChar(text[at])) at++;
    const word = text.slice(start, at);
    if (word !== 'True' && word !== 'False') bad(`'fortran_order' must be True or False at character ${start}, ${found(start)}`);
    return word === 'True';
  };

  const dimension = (): number => {
    skipSpace();
    const start = at;
    while (isDigit(text[at])) at++;
    const digits = text.slice(start, at);
    if (digits === '') bad(`'shape' must hold non-negative integers; at character ${start}, ${found(start)}`);
    if (digits.length > 1 && digits.startsWith('0')) bad(`'shape' entry ${echo(digits)} has a leading zero`);
    if (digits.length > 15) bad(`'shape' entry ${echo(digits)} is too large`);
    if (pythonLongs && text[at] === 'L') at++;
    return Number(digits);
  };

  const tuple = (): number[] => {
    expect('(', "'shape' as a tuple '('");
    const dims: number[] = [];
    let trailingComma = false;
    for (skipSpace(); text[at] !== ')'; skipSpace()) {
      dims.push(dimension());
      skipSpace();
      trailingComma = text[at] === ',';
      if (trailingComma) at++;
      else if (text[at] !== ')') bad(`expected ',' or ')' in 'shape' at character ${at}, ${found(at)}`);
    }
    at++;
    if (dims.length === 1 && !trailingComma) bad(`'shape' (${dims[0]}) is a number, not a tuple; one dimension is written (${dims[0]},)`);
    return dims;
  };

  let descr: string | undefined;
  let fortranOrder: boolean | undefined;
  let shape: number[] | undefined;
  const seen = new Set<string>();
  expect('{', "the dict's '{'");
  for (skipSpace(); text[at] !== '}'; skipSpace()) {
    const key = string('a key');
    if (!KEYS.includes(key)) bad(`unknown key '${echo(key)}'; ${EXACT_KEYS}`);
    if (seen.has(key)) bad(`key '${key}' appears twice`);
    seen.add(key);
    expect(':', `':' after '${key}'`);
    if (key === 'descr') descr = string("'descr'");
    else if (key === 'fortran_order') fortranOrder = bool();
    else shape = tuple();
    skipSpace();
    if (text[at] === ',') at++;
    else if (text[at] !== '}') bad(`expected ',' or '}' at character ${at}, ${found(at)}`);
  }
  at++;
  skipSpace();
  if (at < text.length) bad(`text after the dict's '}' at character ${at}, ${found(at)}`);
  if (descr === undefined || fortranOrder === undefined || shape === undefined) {
    return bad(`missing ${KEYS.filter((k) => !seen.has(k)).map((k) => `'${k}'`).join(' and ')}; ${EXACT_KEYS}`);
  }
  return { descr, fortranOrder, shape };
}
