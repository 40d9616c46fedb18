import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** Third-party CoT samples live beside the repo (read-only); suites skip with a message when they are absent. */
export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const samplesDir = path.resolve(repoRoot, '../shared/samples/cot');
export const haveSamples = fs.existsSync(samplesDir);
if (!haveSamples) console.warn(`CoT sample tests skipped: ${samplesDir} not found`);

export function sampleFiles(sub = ''): string[] {
  if (!haveSamples) return [];
  const dir = path.join(samplesDir, sub);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.cot'))
    .sort()
    .map((name) => path.join(dir, name));
}

export function readSample(relative: string): Buffer {
  return fs.readFileSync(path.join(samplesDir, relative));
}

/** Samples that are well-formed but that our validation rejects on purpose, with the error code expected. */
export const REJECTED_SAMPLES: Record<string, string> = {
  'atak-civ--takp-q-protocol-request.cot': 'C2_BAD_TIME', // time="TIME" placeholder from the protocol README
  'atak-civ--takp-v-protocol-support.cot': 'C2_BAD_TIME',
  'node-cot--ack-nan-point.cot': 'C2_BAD_POSITION', // hae/ce/le = NaN
};

// An independent reading of the XML (fast-xml-parser's own entity handling, not our decoder) for comparisons.
const reference = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Tree = { name: string; attrs: [string, string][]; children: (Tree | string)[] };

function canon(nodes: Record<string, unknown>[]): (Tree | string)[] {
  const out: (Tree | string)[] = [];
  for (const node of nodes) {
    if ('#text' in node) {
      const text = String(node['#text']).replace(/\r\n?/g, '\n');
      if (text.trim()) out.push(text);
      continue;
    }
    const name = Object.keys(node).find((key) => key !== ':@')!;
    const attrs = Object.entries((node[':@'] ?? {}) as Record<string, string>).map(
      ([key, value]) => [key, String(value).replace(/\r\n?|\n|\t/g, ' ')] as [string, string],
    );
    out.push({ name, attrs, children: canon(node[name] as Record<string, unknown>[]) });
  }
  return out;
}

/**
 * Canonical tree of an XML document: declaration and whitespace-only text dropped, entities resolved, attribute
 * order kept. Two documents are equivalent when their trees are deep-equal.
 */
export function canonicalTree(xml: string): (Tree | string)[] {
  return canon(reference.parse(xml) as Record<string, unknown>[]);
}
