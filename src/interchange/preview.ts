import type { ErrorCode } from '../domain/errors.js';
import type { ForceDocument } from '../domain/force/document.js';

/**
 * What every importer returns: the document it could build (possibly partial) and every problem it met, each located
 * by line (text formats), row (tables) or path (JSON/XML element path) so a person can find and fix it. An importer
 * never throws on bad input; an `error` issue means the record it names was skipped or left incomplete.
 */
export interface ImportIssue {
  severity: 'error' | 'warning';
  code: ErrorCode;
  message: string;
  line?: number;
  row?: number;
  path?: string;
}

export interface ImportResult {
  document: ForceDocument;
  issues: ImportIssue[];
}

/** Collects issues while a file is read; `limit` caps repeats so a million bad rows do not make a million issues. */
export class IssueLog {
  readonly issues: ImportIssue[] = [];
  private dropped = 0;

  constructor(private readonly limit = 1000) {}

  error(code: ErrorCode, message: string, at: Omit<ImportIssue, 'severity' | 'code' | 'message'> = {}): void {
    this.add({ severity: 'error', code, message, ...at });
  }

  warn(code: ErrorCode, message: string, at: Omit<ImportIssue, 'severity' | 'code' | 'message'> = {}): void {
    this.add({ severity: 'warning', code, message, ...at });
  }

  get hasErrors(): boolean {
    return this.issues.some((issue) => issue.severity === 'error');
  }

  /** The issues, with one closing warning saying how many were left out past the limit. */
  done(): ImportIssue[] {
    if (this.dropped > 0) {
      this.issues.push({
        severity: 'warning',
        code: 'C2_IMPORT_LOSSY',
        message: `${this.dropped} further issues not listed (limit ${this.limit})`,
      });
      this.dropped = 0;
    }
    return this.issues;
  }

  private add(issue: ImportIssue): void {
    if (this.issues.length >= this.limit) this.dropped++;
    else this.issues.push(issue);
  }
}
