/**
 * Simplified→Traditional, for generating Traditional test and demo data. Kept apart from
 * ./text.ts because its dictionaries are ten times larger and no request path needs them.
 */
import * as OpenCC from 'opencc-js/cn2t';

let convert: ((text: string) => string) | undefined;

export function toTraditional(value: string): string {
  const converter = (convert ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return converter(value);
}
