import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Services } from '../services/index.js';
import type { Output } from './output.js';

interface Actions {
  action<A extends unknown[]>(
    run: (services: Services, out: Output, ...args: A) => Promise<void> | void,
  ): (...args: A) => Promise<void>;
}

/** c2 label: check and canonicalise a marking, or translate it to and from NATO STANAG 4774 XML. */
export function registerLabelCommands(program: Command, { action }: Actions): void {
  program
    .command('label [marking]')
    .description(
      "canonical banner and portion form of a marking (e.g. 'secret//rel to jpn, usa'); STANAG 4774 in or out",
    )
    .option('--stanag4774', 'print the marking as STANAG 4774 confidentiality metadata XML')
    .option('--from-stanag4774 <file>', 'read a STANAG 4774 label from a file instead')
    .action(
      action(
        (services, out, marking: string | undefined, options: { stanag4774?: boolean; fromStanag4774?: string }) => {
          if (options.fromStanag4774) {
            const read = services.labels.fromStanag4774(readFileSync(options.fromStanag4774, 'utf8'));
            out.print(`${read.banner}\nportion ${read.portion}`, read);
            return;
          }
          if (!marking)
            throw new Error("give a marking, e.g. c2 label 'SECRET//REL TO USA, JPN', or --from-stanag4774 FILE");
          if (options.stanag4774) {
            process.stdout.write(`${services.labels.toStanag4774(marking)}\n`);
            return;
          }
          const described = services.labels.describe(marking);
          out.print(`${described.banner}\nportion ${described.portion}`, described);
        },
      ),
    );
}
