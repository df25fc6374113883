// JSON.parse keeps the last of two equal keys without a word, where the safetensors rules forbid duplicates: one
// pass over text that JSON.parse has accepted finds the first key that repeats within its object.

export interface DuplicateKey {
  key: string;
  /** The keys leading to the object that holds the duplicate; empty for the top level. */
  path: string[];
}

export function duplicateJsonKey(json: string): DuplicateKey | undefined {
  // The open brackets, innermost last: an object's keys so far (undefined for an array) and the key it is the value of.
  const open: { keys: Set<string> | undefined; key: string | undefined }[] = [];
  let atKey = false;
  let lastKey: string | undefined;
  for (let at = 0; at < json.length; at++) {
    const c = json[at];
    if (c === '"') {
      const start = at;
      for (at++; at < json.length && json[at] !== '"'; at++) if (json[at] === '\\') at++;
      const keys = open.at(-1)?.keys;
      if (keys && atKey) {
        // Escapes make "a" and "\u0061" the same key, so compare the decoded strings.
        const key = JSON.parse(json.slice(start, at + 1)) as string;
        if (keys.has(key)) return { key, path: open.flatMap((o) => (o.key === undefined ? [] : [o.key])) };
        keys.add(key);
        lastKey = key;
        atKey = false;
      }
    } else if (c === '{' || c === '[') {
      open.push({ keys: c === '{' ? new Set() : undefined, key: open.at(-1)?.keys ? lastKey : undefined });
      atKey = c === '{';
    } else if (c === '}' || c === ']') {
      open.pop();
    } else if (c === ',') {
      atKey = open.at(-1)?.keys !== undefined;
    }
  }
  return undefined;
}
