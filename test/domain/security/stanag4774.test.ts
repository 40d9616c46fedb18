import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY as policy } from '../../../src/domain/security/default-policy.js';
import { parseMarking } from '../../../src/domain/security/marking.js';
import {
  parseStanag4774,
  STANAG_4774_MAX_BYTES,
  STANAG_4774_NAMESPACE,
  toStanag4774,
} from '../../../src/domain/security/stanag4774.js';
import { labelArb } from './arbitraries.js';

const at = { creationDateTime: '2026-11-25T14:30:00Z' };
const m = (text: string) => parseMarking(text, policy);

const wrap = (
  inner: string,
  root = 'slab:originatorConfidentialityLabel',
  ns = `xmlns:slab="${STANAG_4774_NAMESPACE}"`,
) =>
  `<${root} ${ns}><slab:ConfidentialityInformation><slab:PolicyIdentifier>ALLIANCE-C2-USA</slab:PolicyIdentifier>${inner}</slab:ConfidentialityInformation></${root}>`;

describe('STANAG 4774 labels', () => {
  it('writes PolicyIdentifier, Classification, categories per nation and caveat, and CreationDateTime', () => {
    const xml = toStanag4774(m('SECRET//PLANS//ORCON/REL TO USA, JPN, FVEY'), policy, at);
    expect(xml).toContain(`<slab:originatorConfidentialityLabel xmlns:slab="${STANAG_4774_NAMESPACE}">`);
    expect(xml).toContain('<slab:PolicyIdentifier>ALLIANCE-C2-USA</slab:PolicyIdentifier>');
    expect(xml).toContain('<slab:Classification>SECRET</slab:Classification>');
    expect(xml).toContain(
      '<slab:Category Type="PERMISSIVE" TagName="Releasable To"><slab:GenericValue>USA</slab:GenericValue>' +
        '<slab:GenericValue>JPN</slab:GenericValue><slab:GenericValue>FVEY</slab:GenericValue></slab:Category>',
    );
    expect(xml).toContain(
      '<slab:Category Type="RESTRICTIVE" TagName="Special Access"><slab:GenericValue>PLANS</slab:GenericValue>',
    );
    expect(xml).toContain('<slab:Category Type="INFORMATIVE" TagName="Dissemination Control"><slab:GenericValue>ORCON');
    expect(xml).toContain('<slab:CreationDateTime>2026-11-25T14:30:00Z</slab:CreationDateTime>');
  });

  it('writes NOFORN as releasable to the originator only, so a category-only reader keeps foreigners out', () => {
    const xml = toStanag4774(m('TOP SECRET//NOFORN'), policy, at);
    expect(xml).toContain('TagName="Releasable To"><slab:GenericValue>USA</slab:GenericValue></slab:Category>');
    expect(xml).toContain('<slab:GenericValue>NOFORN</slab:GenericValue>');
    expect(toStanag4774(m('UNCLASSIFIED'), policy, at)).not.toContain('Category');
  });

  it('round-trips every well-formed label', () => {
    fc.assert(
      fc.property(labelArb, (label) => {
        const back = parseStanag4774(toStanag4774(label, policy, at), policy);
        expect(back).toEqual({ label, policyIdentifier: 'ALLIANCE-C2-USA', creationDateTime: at.creationDateTime });
      }),
      { numRuns: 300 },
    );
  });

  it('reads a default-namespace label with escaped text and other spacing', () => {
    const xml = `<?xml version="1.0"?>
      <ConfidentialityLabel xmlns="${STANAG_4774_NAMESPACE}">
        <ConfidentialityInformation>
          <PolicyIdentifier>ALLIANCE-C2-USA</PolicyIdentifier>
          <Classification>CONFIDENTIAL</Classification>
          <Category Type="PERMISSIVE" TagName="Releasable&#32;To"><GenericValue>JPN</GenericValue><GenericValue>USA</GenericValue></Category>
          <Category Type="INFORMATIVE" TagName="Caution &amp; Notes"><GenericValue>anything</GenericValue></Category>
        </ConfidentialityInformation>
      </ConfidentialityLabel>`;
    expect(parseStanag4774(xml, policy)).toEqual({
      label: m('CONFIDENTIAL//REL TO USA, JPN'),
      policyIdentifier: 'ALLIANCE-C2-USA',
    });
  });

  it('never widens: an unclassified label released to the originator alone reads back as NOFORN', () => {
    const xml = wrap(
      '<slab:Classification>UNCLASSIFIED</slab:Classification><slab:Category Type="PERMISSIVE" TagName="Releasable To"><slab:GenericValue>USA</slab:GenericValue></slab:Category>',
    );
    expect(parseStanag4774(xml, policy).label).toEqual(m('UNCLASSIFIED//NOFORN'));
  });

  it.each([
    [
      'a DOCTYPE',
      `<!DOCTYPE x [<!ENTITY a "b">]>${wrap('<slab:Classification>SECRET</slab:Classification>')}`,
      /DOCTYPE and ENTITY/,
    ],
    ['not XML', '<slab:x>', /not well-formed XML/],
    ['another root', '<label/>', /as the root element, found label/],
    [
      'another namespace',
      wrap('<slab:Classification>SECRET</slab:Classification>', undefined, 'xmlns:slab="urn:x"'),
      /not in namespace/,
    ],
    [
      'another policy',
      wrap('<slab:Classification>SECRET</slab:Classification>').replace('ALLIANCE-C2-USA', 'NATO'),
      /under policy "NATO"/,
    ],
    [
      'an unknown level',
      wrap('<slab:Classification>COSMIC TOP SECRET</slab:Classification>'),
      /unknown Classification "COSMIC TOP SECRET"/,
    ],
    [
      'two classifications',
      wrap('<slab:Classification>SECRET</slab:Classification><slab:Classification>SECRET</slab:Classification>'),
      /exactly one Classification/,
    ],
    [
      'an unknown restrictive category',
      wrap(
        '<slab:Classification>SECRET</slab:Classification><slab:Category Type="RESTRICTIVE" TagName="Compartment"><slab:GenericValue>X</slab:GenericValue></slab:Category>',
      ),
      /Category\[1\]: RESTRICTIVE category "Compartment" is not defined/,
    ],
    [
      'an unknown country',
      wrap(
        '<slab:Classification>SECRET</slab:Classification><slab:Category Type="PERMISSIVE" TagName="Releasable To"><slab:GenericValue>USA</slab:GenericValue><slab:GenericValue>XXX</slab:GenericValue></slab:Category>',
      ),
      /unknown country or tetragraph "XXX"/,
    ],
    [
      'NOFORN with a foreign release',
      wrap(
        '<slab:Classification>SECRET</slab:Classification><slab:Category Type="PERMISSIVE" TagName="Releasable To"><slab:GenericValue>USA</slab:GenericValue><slab:GenericValue>JPN</slab:GenericValue></slab:Category><slab:Category Type="INFORMATIVE" TagName="Dissemination Control"><slab:GenericValue>NOFORN</slab:GenericValue></slab:Category>',
      ),
      /NOFORN with "Releasable To" USA, JPN/,
    ],
    [
      'an access caveat filed as handling',
      wrap(
        '<slab:Classification>SECRET</slab:Classification><slab:Category Type="INFORMATIVE" TagName="Dissemination Control"><slab:GenericValue>PLANS</slab:GenericValue></slab:Category>',
      ),
      /"PLANS" is not a handling caveat/,
    ],
  ])('refuses %s with a clear C2_BAD_MARKING', (_, xml, message) => {
    expect(() => parseStanag4774(xml, policy)).toThrow(expect.objectContaining({ code: 'C2_BAD_MARKING' }));
    expect(() => parseStanag4774(xml, policy)).toThrow(message);
  });

  it('refuses oversized input before parsing it', () => {
    const xml = wrap(`<slab:Classification>SECRET</slab:Classification>${' '.repeat(STANAG_4774_MAX_BYTES)}`);
    expect(() => parseStanag4774(xml, policy)).toThrow(expect.objectContaining({ code: 'C2_PAYLOAD_TOO_LARGE' }));
  });

  it('refuses a CreationDateTime that is not UTC', () => {
    expect(() => toStanag4774(m('SECRET'), policy, { creationDateTime: '2026-11-25T23:30:00+09:00' })).toThrow(
      expect.objectContaining({ code: 'C2_BAD_TIME' }),
    );
  });
});
