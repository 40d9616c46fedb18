import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { C2Error } from '../../../src/domain/errors.js';
import { DEFAULT_POLICY as policy } from '../../../src/domain/security/default-policy.js';
import type { SecurityLabel } from '../../../src/domain/security/label.js';
import { bannerStyle, parseMarking, renderBanner, renderPortion } from '../../../src/domain/security/marking.js';
import { labelArb } from './arbitraries.js';

const label = (classification: string, releasableTo: string[] | null, caveats: string[] = []): SecurityLabel => ({
  classification,
  releasableTo,
  caveats,
});

function refusal(text: string): C2Error {
  try {
    parseMarking(text, policy);
  } catch (error) {
    return error as C2Error;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('markings', () => {
  it.each([
    [label('UNCLASSIFIED', null), 'UNCLASSIFIED', '(U)'],
    [label('SECRET', ['USA', 'JPN']), 'SECRET//REL TO USA, JPN', '(S//REL TO USA, JPN)'],
    [label('SECRET', null, ['NOFORN']), 'SECRET//NOFORN', '(S//NF)'],
    [label('TOP SECRET', null, ['NOFORN']), 'TOP SECRET//NOFORN', '(TS//NF)'],
    [label('TOP SECRET', null, ['NOFORN', 'CYBER', 'PLANS']), 'TOP SECRET//PLANS/CYBER//NOFORN', '(TS//PL/CY//NF)'],
    [
      label('SECRET', ['FVEY', 'JPN', 'USA'], ['ORCON']),
      'SECRET//ORCON/REL TO USA, JPN, FVEY',
      '(S//OC/REL TO USA, JPN, FVEY)',
    ],
  ])('renders %j as %s and %s', (input, banner, portion) => {
    expect(renderBanner(input, policy)).toBe(banner);
    expect(renderPortion(input, policy)).toBe(portion);
    expect(renderBanner(parseMarking(banner, policy), policy)).toBe(banner);
    expect(renderBanner(parseMarking(portion, policy), policy)).toBe(banner);
  });

  it('reads any case and order and writes USA first, then trigraphs, then tetragraphs', () => {
    const parsed = parseMarking('  secret // rel to fvey,jpn , Usa,  aus ', policy);
    expect(parsed).toEqual(label('SECRET', ['USA', 'AUS', 'JPN', 'FVEY'], []));
    expect(renderPortion(parsed, policy)).toBe('(S//REL TO USA, AUS, JPN, FVEY)');
    expect(parseMarking('(ts//nf)', policy)).toEqual(label('TOP SECRET', null, ['NOFORN']));
    expect(parseMarking('Top  Secret//noforn/plans', policy)).toEqual(label('TOP SECRET', null, ['PLANS', 'NOFORN']));
  });

  it('gives the banner colours from the policy', () => {
    expect(bannerStyle(label('TOP SECRET', null, ['NOFORN']), policy)).toEqual({
      text: 'TOP SECRET//NOFORN',
      background: '#FF8C00',
      colour: '#000000',
    });
  });

  it.each([
    ['SECRIT//NOFORN', 'unknown classification "SECRIT"', 1],
    ['SECRET//REL TO USA, XYZ', 'unknown country or tetragraph "XYZ"', 21],
    ['SECRET//NOFORN/REL TO USA, JPN', 'NOFORN cannot be combined with REL TO', 16],
    ['(S//REL TO USA, JPN//FOUO)', 'unknown caveat "FOUO"', 22],
    ['SECRET//REL TO JPN', 'REL TO must list USA', 9],
    ['SECRET//REL TO USA', 'REL TO USA alone is not a release: mark it NOFORN', 9],
    ['SECRET/NOFORN', 'categories are separated by "//"', 7],
    ['SECRET//REL TO USA,, JPN', 'empty category or list item', 20],
    ['SECRET//', 'empty category or list item', 9],
    ['(S//NF', 'must end with ")"', 6],
    ['SECRET//REL TO', 'REL TO lists no country', 9],
    ['SECRET//REL TO USA, JPN//REL TO USA, GBR', 'REL TO given twice', 26],
    ['   ', 'empty marking', 1],
  ])('refuses %j: %s at position %i', (text, message, position) => {
    const error = refusal(text);
    expect(error.code).toBe('C2_BAD_MARKING');
    expect(error.message).toContain(message);
    expect(error.violations[0]?.path).toBe(`marking:${position}`);
    expect(error.message).toContain(`position ${position}`);
  });

  it('refuses labels built in code with unknown terms, naming the field', () => {
    expect(() => renderBanner(label('SECRET', ['USA', 'ZZZ']), policy)).toThrow(/unknown country or tetragraph "ZZZ"/);
    expect(() => renderBanner(label('SECRET', ['USA', 'JPN'], ['NOFORN']), policy)).toThrow(
      /NOFORN cannot be combined/,
    );
    expect(() => renderBanner(label('RESTRICTED', null), policy)).toThrow(/unknown classification/);
  });

  it('parse(render(l)) is l for every well-formed label, banner and portion', () => {
    fc.assert(
      fc.property(labelArb, (l) => {
        expect(parseMarking(renderBanner(l, policy), policy)).toEqual(l);
        expect(parseMarking(renderPortion(l, policy), policy)).toEqual(l);
      }),
      { numRuns: 500 },
    );
  });

  it('render(parse(x)) is canonical however x is cased, spaced, ordered or abbreviated', () => {
    const scrambled = labelArb.chain((l) =>
      fc
        .record({
          abbreviate: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
          caveatOrder: fc.shuffledSubarray(l.caveats, { minLength: l.caveats.length }),
          releaseOrder: fc.shuffledSubarray(l.releasableTo ?? [], { minLength: l.releasableTo?.length ?? 0 }),
          upper: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
          space: fc.constantFrom('', ' ', '  '),
          portion: fc.boolean(),
        })
        .map((choice) => {
          const spell = (item: { name: string; portion: string }, i: number) =>
            choice.abbreviate[i % 8] ? item.portion : item.name;
          const level = policy.levels.find((v) => v.name === l.classification)!;
          const caveats = choice.caveatOrder.map((name, i) =>
            spell(policy.caveats.find((c) => c.name === name)!, i + 1),
          );
          if (l.releasableTo) caveats.push(`REL TO ${choice.releaseOrder.join(`${choice.space},${choice.space}`)}`);
          const body = [spell(level, 0), ...(caveats.length ? [caveats.join(`${choice.space}/`)] : [])].join(
            `${choice.space}//${choice.space}`,
          );
          const text = choice.portion ? `(${body})` : body;
          const cased = [...text].map((c, i) => (choice.upper[i % 64] ? c.toUpperCase() : c.toLowerCase())).join('');
          return { l, text: cased };
        }),
    );
    fc.assert(
      fc.property(scrambled, ({ l, text }) => {
        expect(renderBanner(parseMarking(text, policy), policy)).toBe(renderBanner(l, policy));
      }),
      { numRuns: 500 },
    );
  });
});
