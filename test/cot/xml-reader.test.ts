import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXmlElement } from '../../src/cot/xml-reader.js';
import { serializeElement } from '../../src/cot/xml.js';
import type { CotElement, CotNode } from '../../src/domain/cop/track.js';
import { C2Error } from '../../src/domain/errors.js';
import { haveSamples, readSample, sampleFiles } from './samples.js';

function failure(xml: string | Uint8Array, limits?: Parameters<typeof parseXmlElement>[1]): C2Error {
  try {
    parseXmlElement(xml, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(C2Error);
    return error as C2Error;
  }
  throw new Error(`expected ${String(xml)} to be rejected`);
}

const nest = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;

describe('XML reader: what it refuses', () => {
  it.each([
    ['<a><!DOCTYPE x></a>', 'inside an element'],
    ['<a/><!ENTITY e "x">', 'after the root'],
    ['<!-- c --><! doctype a><a/>', 'after a comment, lower case, with a space'],
    ['<a><!ATTLIST a b CDATA "c"></a>', 'an attribute list'],
  ])('a DTD declaration %s (%s)', (xml) => {
    expect(failure(xml).message).toMatch(/DTD declarations are not accepted/);
  });

  it.each([
    ['', /no root element/],
    ['text<a/>', /text before the root/],
    ['<a/>text', /text after the root/],
    ['<a/><b/>', /one root element, found a second one \(line 1, column 5\)/],
    ['<a>', /<a> opened at line 1, column 1 is not closed/],
    ['<a>\n<b></a></b>', /<\/a> does not close <b> \(opened at line 2, column 1\) \(line 2, column 4\)/],
    ['<a x/>', /attribute 'x' of <a> has no value/],
    ['<a x=1/>', /not quoted/],
    ['<a x="1/>', /attribute 'x' of <a> is not closed/],
    ['<a x="1" x="2"/>', /attribute 'x' of <a> is repeated/],
    ['<a x="1"y="2"/>', /expected whitespace, '\/>' or '>' in <a>/],
    ['<1a/>', /expected an element name/],
    ['< a/>', /expected an element name/],
    ['<a/ >', /expected '>' after '\/'/],
    ['<a><!-- open</a>', /comment not closed/],
    ['<a><![CDATA[open</a>', /CDATA section not closed/],
    ['<a><?pi open</a>', /processing instruction not closed/],
    ['<a><?xml version="1.0"?></a>', /XML declaration is only allowed before the root/],
    ['<a><!foo></a>', /neither a comment nor CDATA/],
  ])('malformed input %j', (xml, message) => {
    const error = failure(xml);
    expect(error.code).toBe('C2_BAD_INPUT');
    expect(error.message).toMatch(message);
  });

  it('names the element path of a bad reference in text and in attributes', () => {
    expect(failure('<a><b>x &bogus; y</b></a>').message).toBe(
      "/a/b/text(): '&bogus;' is not a predefined entity or character reference",
    );
    expect(failure('<a><b c="&#xD800;"/></a>').message).toBe(
      '/a/b@c: character reference &#xD800; is not an XML character',
    );
    expect(failure('<a>&#x1234567;</a>').message).toMatch(/not a predefined entity or character reference/);
  });

  it('allows exactly maxDepth levels and refuses one more, wherever the limit is set', () => {
    expect(() => parseXmlElement(nest(32))).not.toThrow();
    expect(failure(nest(33)).message).toMatch(/nested too deep \(depth limit 32\)/);
    expect(() => parseXmlElement(nest(4), { maxDepth: 4 })).not.toThrow();
    expect(failure('<a><b><c/></b></a>', { maxDepth: 2 }).violations[0]?.path).toBe('/a/b/c');
  });

  it('allows exactly maxAttributes and counts all of them when over', () => {
    const attrs = (n: number) => Array.from({ length: n }, (_, i) => ` a${i}="${i}"`).join('');
    expect(parseXmlElement(`<x${attrs(64)}/>`).attrs).toHaveLength(64);
    expect(failure(`<x${attrs(65)}/>`).message).toBe('/x: 65 attributes (limit 64)');
  });

  it('refuses a pathological input in time linear in its size', () => {
    // Many attributes (past the limit nothing is compared) and many unclosed elements stay cheap.
    const manyAttributes = `<x${Array.from({ length: 6000 }, (_, i) => ` a${i}="1"`).join('')}/>`;
    const unclosed = '<a>'.repeat(20_000);
    const started = performance.now();
    expect(failure(manyAttributes, { maxBytes: 1 << 20 }).message).toMatch(/6000 attributes/);
    expect(failure(unclosed, { maxBytes: 1 << 20 }).message).toMatch(/depth limit/);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('XML reader: what it reads', () => {
  it('keeps text runs, CDATA sections and elements in order; comments and PIs do not split text', () => {
    expect(parseXmlElement('<a>x<![CDATA[<y>]]>z<!-- c -->w<?pi?>v<b/>  \n  </a>').children).toEqual([
      'x',
      '<y>',
      'zwv',
      { name: 'b', attrs: [], children: [] },
    ]);
  });

  it('normalises line ends and attribute whitespace, and strips a byte-order mark', () => {
    const element = parseXmlElement('\uFEFF<?xml version="1.0"?>\r\n<a x="1\r\n2\t3" y=\'&#10;\'>p\r\nq</a>');
    expect(element).toEqual({
      name: 'a',
      attrs: [
        ['x', '1 2 3'],
        ['y', '\n'],
      ],
      children: ['p\nq'],
    });
  });

  it('accepts spaces around = and before the end of a tag, and names with namespace prefixes', () => {
    const element = parseXmlElement('<n:a  x = "1"\n y=\'2\' ><n:b/></n:a >');
    expect(element.attrs).toEqual([
      ['x', '1'],
      ['y', '2'],
    ]);
    expect(element.children).toEqual([{ name: 'n:b', attrs: [], children: [] }]);
  });

  it('reads UTF-8 bytes and refuses broken ones', () => {
    expect(parseXmlElement(Buffer.from('<a t="東京"/>')).attrs).toEqual([['t', '東京']]);
    expect(failure(Buffer.from([0x3c, 0x61, 0xc3, 0x2f, 0x3e])).message).toMatch(/UTF-8/);
  });
});

const names = fc.constantFrom('a', 'b', '__group', 'x:y', 'n-1', '_f.g');
const texts = fc.string({ unit: fc.constantFrom('a', ' ', '&', '<', '>', '"', "'", '\n', '\t', 'é', ']]>') });
const element: fc.Memo<CotElement> = fc.memo((depth) =>
  fc.record({
    name: names,
    attrs: fc.uniqueArray(fc.tuple(names, texts), { maxLength: 4, selector: ([name]) => name }),
    children:
      depth <= 1
        ? fc.constant([])
        : fc.array(
            fc.oneof(
              element(depth - 1),
              texts.filter((t) => t.trim() !== ''),
            ) as fc.Arbitrary<CotNode>,
            {
              maxLength: 4,
            },
          ),
  }),
);

/** Adjacent text runs are one run once written out. */
function mergeText(node: CotElement): CotElement {
  const children: CotNode[] = [];
  for (const child of node.children) {
    const last = children[children.length - 1];
    if (typeof child === 'string' && typeof last === 'string') children[children.length - 1] = last + child;
    else children.push(typeof child === 'string' ? child : mergeText(child));
  }
  return { ...node, children };
}

describe('XML reader: properties', () => {
  it('reads back what the serialiser writes, for any tree', () => {
    fc.assert(
      fc.property(element(4), (tree) => {
        const normalised = mergeText(tree);
        expect(parseXmlElement(serializeElement(normalised))).toEqual(normalised);
      }),
      { numRuns: 300 },
    );
  });

  it.skipIf(!haveSamples)('throws only C2Errors on any truncation or byte change of a real event', () => {
    const xml = readSample(sampleFiles()[0]!.split('/').pop()!);
    fc.assert(
      fc.property(fc.nat(xml.length - 1), fc.nat(255), fc.boolean(), (at, byte, truncate) => {
        const input = truncate ? xml.subarray(0, at) : Buffer.from(xml);
        if (!truncate) input[at] = byte;
        try {
          parseXmlElement(input);
        } catch (error) {
          expect(error).toBeInstanceOf(C2Error);
        }
      }),
      { numRuns: 500 },
    );
  });
});
