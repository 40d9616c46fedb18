import { C2Error } from '../domain/errors.js';

/** Plain-text table: headers, then rows padded to the widest cell; long cells cut with an ellipsis. */
export function table(
  headers: string[],
  rows: Array<Array<string | number | null | undefined>>,
  maxWidth = 48,
): string {
  const cells = rows.map((row) => row.map((cell) => clip(cell == null ? '' : String(cell), maxWidth)));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '─'.repeat(width))), ...cells.map(line)].join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface Output {
  json: boolean;
  print(human: string, machine: unknown): void;
}

export function output(json: boolean): Output {
  return {
    json,
    print(human, machine) {
      process.stdout.write(json ? `${JSON.stringify(machine, null, 2)}\n` : `${human}\n`);
    },
  };
}

/** Errors go to stderr as 'error CODE: message' (and the violations), or as a problem object with --json. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof C2Error) {
    if (json) {
      process.stderr.write(
        `${JSON.stringify({ code: error.code, message: error.message, violations: error.violations }, null, 2)}\n`,
      );
    } else {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      for (const violation of error.violations.slice(1, 20))
        process.stderr.write(`  - ${violation.code}: ${violation.message}\n`);
    }
    return 1;
  }
  process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
  return 1;
}
