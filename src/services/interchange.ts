import { C2Error } from '../domain/errors.js';
import type { Instant } from '../domain/time/instant.js';
import { type FormatOptions, formatNamed } from '../interchange/formats.js';
import type { ImportIssue } from '../interchange/preview.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';
import type { ForceService } from './force.js';

/**
 * Files in and out in the formats peers use. An import is always a preview first: the converter's located issues,
 * then what the force would gain, keep or refuse; applying it is one transaction, and any converter error or refusal
 * means nothing is written. An export holds only what the actor may read, and states its roll-up marking.
 */
export class InterchangeService {
  constructor(
    private readonly force: ForceService,
    private readonly clock: Clock,
  ) {}

  async importFile(
    actor: Actor,
    input: Buffer,
    options: { format: string; dryRun?: boolean; convert?: FormatOptions },
  ) {
    const format = formatNamed(options.format);
    if (!format.read) throw new C2Error('C2_BAD_INPUT', `format '${format.name}' is export-only here`);
    const convert = options.convert ?? {};
    const { document, issues } = await format.read(input, convert);
    convert.onProgress?.(input.length, input.length);
    const errors = issues.filter((issue) => issue.severity === 'error');
    const preview = await this.force.importDocument(actor, document, {
      dryRun: Boolean(options.dryRun) || errors.length > 0,
      summary: `import ${format.title}: ${document.meta?.title ?? 'untitled'}`,
    });
    return { format: format.name, issues, ...preview };
  }

  async exportFile(actor: Actor, options: { format: string; at?: Instant; knownAt?: Instant; title?: string }) {
    const format = formatNamed(options.format);
    const document = this.force.exportDocument(actor, {
      ...(options.knownAt ? { knownAt: options.knownAt } : {}),
      ...(options.title ? { title: options.title } : {}),
    });
    const content = await format.write(document, { now: this.clock.now(), ...(options.at ? { at: options.at } : {}) });
    return {
      format: format.name,
      mime: format.mime,
      extension: format.extensions[0]!,
      marking: document.marking,
      units: document.units.length,
      relationships: document.relationships.length,
      content,
    };
  }
}

export type { ImportIssue };
