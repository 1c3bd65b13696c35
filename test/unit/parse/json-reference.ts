/** Reference implementations for the JSON position tests: slow, obviously right. */

/** Reference: a recursive-descent walk recording, for every pointer, the value and key offsets. */
export function referenceOffsets(text: string): Map<string, { value: number; key: number }> {
  const out = new Map<string, { value: number; key: number }>();
  let i = 0;
  const space = (): void => {
    while (' \n\r\t'.includes(text[i]) && i < text.length) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const esc = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const walk = (pointer: string, keyAt: number): void => {
    space();
    out.set(pointer, { value: i, key: keyAt });
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      while (text[i] !== '}') {
        const k = i;
        const key = str();
        space();
        i++; // :
        walk(`${pointer}/${esc(key)}`, k);
        space();
        if (text[i] === ',') {
          i++;
          space();
        }
      }
      i++;
    } else if (c === '[') {
      i++;
      space();
      let n = 0;
      while (text[i] !== ']') {
        space();
        walk(`${pointer}/${n++}`, -1);
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
    } else if (c === '"') str();
    else while (i < text.length && !',]} \n\r\t'.includes(text[i])) i++;
  };
  walk('', 0);
  for (const o of out.values()) if (o.key === -1) o.key = o.value; // array items: the key is the item
  return out;
}
