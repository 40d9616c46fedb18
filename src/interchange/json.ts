import type { IssueLog } from './preview.js';
import { lineAt } from './xml.js';

export const DEFAULT_MAX_JSON_BYTES = 200 * 1024 * 1024;

/** JSON.parse that logs a located syntax error (line and column) instead of throwing. */
export function parseJson(input: string, log: IssueLog, maxBytes = DEFAULT_MAX_JSON_BYTES): unknown {
  const text = input.replace(/^\uFEFF/, '');
  if (text.length > maxBytes) {
    log.error('C2_PAYLOAD_TOO_LARGE', `JSON larger than the ${maxBytes}-byte limit`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 gives a position for most errors but not all; a scan finds it for the rest.
    const stated = /at position (\d+)/.exec((error as Error).message);
    const offset = stated ? Number(stated[1]) : syntaxErrorOffset(text);
    const line = lineAt(text, offset);
    const column = offset - text.lastIndexOf('\n', offset - 1);
    log.error(
      'C2_IMPORT_SYNTAX',
      `JSON is not well-formed (line ${line}, column ${column}): ${(error as Error).message}`,
      {
        line,
      },
    );
    return undefined;
  }
}

/** Offset of the first syntax error, by a strict recursive-descent scan; only run after JSON.parse failed. */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) fail();
    i += word.length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      if (!number) fail();
      i += (number as RegExpExecArray)[0].length;
    }
  };
  try {
    value();
    ws();
    return i;
  } catch (offset) {
    return typeof offset === 'number' ? offset : 0;
  }
}

/** A JSON path segment list rendered as `$.sides[0].groups[1]`. */
export function jsonPath(base: string, ...segments: Array<string | number>): string {
  return segments.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : `${path}.${s}`), base);
}
