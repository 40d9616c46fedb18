import { type Relationship, type RelationshipKind, SUPPORT_CATEGORIES } from '../command/relationship.js';
import { PUBLIC_UNCLASSIFIED } from '../security/label.js';
import { DAY_MS, type Instant } from '../time/instant.js';
import { echelonToAmplifier } from './sidc.js';
import type { Echelon, Station, UnitRole, UnitSlice } from './unit.js';

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  /** Total units (at least the fixed top: 2 national authorities, 3 combatant/joint commands, 7 service HQs, 11 components). */
  units: number;
  /** Depth of the OPCON tree counting the national authority as level 0; at least 4. */
  levels?: number;
  /** Average relationship intervals per unit (at least 2: ADCON + OPCON). */
  relationshipsPerUnit?: number;
  years?: number;
  seed?: number;
  start?: Instant;
}

interface Service {
  code: string;
  nation: 'USA' | 'JPN';
  label: string;
  /** Formation nouns from the top generated echelon down. */
  nouns: readonly string[];
}

const SERVICES: readonly Service[] = [
  { code: 'USA:ARMY', nation: 'USA', label: 'Army', nouns: ['Division', 'Brigade', 'Battalion', 'Company', 'Platoon'] },
  { code: 'USA:NAVY', nation: 'USA', label: 'Navy', nouns: ['Task Force', 'Group', 'Squadron', 'Division', 'Unit'] },
  {
    code: 'USA:AIR_FORCE',
    nation: 'USA',
    label: 'Air Force',
    nouns: ['Wing', 'Group', 'Squadron', 'Flight', 'Element'],
  },
  {
    code: 'USA:MARINE_CORPS',
    nation: 'USA',
    label: 'Marine',
    nouns: ['Division', 'Regiment', 'Battalion', 'Company', 'Platoon'],
  },
  { code: 'JPN:GSDF', nation: 'JPN', label: 'GSDF', nouns: ['Division', 'Brigade', 'Regiment', 'Company', 'Platoon'] },
  { code: 'JPN:MSDF', nation: 'JPN', label: 'MSDF', nouns: ['Flotilla', 'Group', 'Division', 'Unit', 'Detachment'] },
  {
    code: 'JPN:ASDF',
    nation: 'JPN',
    label: 'ASDF',
    nouns: ['Air Defense Force', 'Wing', 'Group', 'Squadron', 'Flight'],
  },
];

const GENERATED_ECHELONS: readonly Echelon[] = [
  'DIVISION',
  'BRIGADE',
  'BATTALION',
  'COMPANY',
  'PLATOON',
  'SQUAD',
  'TEAM',
];

const TYPICAL_STRENGTH: Record<Echelon, number> = {
  TEAM: 4,
  SQUAD: 10,
  SECTION: 20,
  PLATOON: 40,
  COMPANY: 150,
  BATTALION: 700,
  REGIMENT: 2500,
  BRIGADE: 4000,
  DIVISION: 15000,
  CORPS: 40000,
  ARMY: 60000,
  ARMY_GROUP: 100000,
  REGION: 50000,
  COMMAND: 2000,
};

const STATIONS: readonly Station[] = [
  { name: 'Yokota Air Base', lat: 35.748, lon: 139.348, timeZone: 'Asia/Tokyo' },
  { name: 'Yokosuka', lat: 35.283, lon: 139.667, timeZone: 'Asia/Tokyo' },
  { name: 'Camp Zama', lat: 35.497, lon: 139.393, timeZone: 'Asia/Tokyo' },
  { name: 'Kadena Air Base', lat: 26.356, lon: 127.768, timeZone: 'Asia/Tokyo' },
  { name: 'Misawa', lat: 40.703, lon: 141.368, timeZone: 'Asia/Tokyo' },
  { name: 'Iwakuni', lat: 34.144, lon: 132.236, timeZone: 'Asia/Tokyo' },
  { name: 'Sasebo', lat: 33.159, lon: 129.722, timeZone: 'Asia/Tokyo' },
  { name: 'Camp Hansen', lat: 26.453, lon: 127.918, timeZone: 'Asia/Tokyo' },
  { name: 'Ichigaya', lat: 35.693, lon: 139.728, timeZone: 'Asia/Tokyo' },
  { name: 'Camp Asaka', lat: 35.79, lon: 139.6, timeZone: 'Asia/Tokyo' },
  { name: 'Naha', lat: 26.206, lon: 127.646, timeZone: 'Asia/Tokyo' },
  { name: 'Chitose', lat: 42.794, lon: 141.666, timeZone: 'Asia/Tokyo' },
  { name: 'Kure', lat: 34.241, lon: 132.556, timeZone: 'Asia/Tokyo' },
  { name: 'Maizuru', lat: 35.474, lon: 135.385, timeZone: 'Asia/Tokyo' },
];
const CAMP_SMITH: Station = { name: 'Camp H. M. Smith', lat: 21.389, lon: -157.9, timeZone: 'Pacific/Honolulu' };

interface Segment {
  from: number;
  to: number | null;
  superiorId: string;
}

interface Node {
  slice: UnitSlice;
  level: number;
  service: Service;
  /** Day the unit came into existence. */
  startDay: number;
  /** OPCON (or, for components, COCOM) superiors over time, contiguous. */
  segments: Segment[];
  /** The unit it was created under: its ADCON parent for good (null for components). */
  parent: Node | null;
  /** Units created under this one. */
  children: Node[];
  /** Creation order. */
  seq: number;
  extras: { tacon: number; support: number };
}

/**
 * A deterministic, doctrine-valid-by-construction force for tests and benchmarks: national authorities, combatant
 * and joint commands, service HQs and components, then generated formations level by level (each unit under a
 * parent of its nation and service). Over the years, OPCON moves between same-service parents, the OPCON holder grants
 * TACON for a while to another of its subordinates, and support is set between units under one holder.
 * Invariants: one OPCON (and at most one TACON) superior at a time, ADCON within the service, no command edge across
 * nations, every edge inside both units' validity.
 */
export function generateForce(options: GenerateOptions): { units: UnitSlice[]; relationships: Relationship[] } {
  const levels = Math.max(4, options.levels ?? 7);
  const perUnit = Math.max(2, options.relationshipsPerUnit ?? 3);
  const days = Math.round((options.years ?? 10) * 365);
  const random = mulberry32(options.seed ?? 1);
  const startMs = Date.parse(options.start ?? '2020-01-01T00:00:00.000Z');
  const dayCache: Instant[] = [];
  const day = (n: number): Instant => {
    dayCache[n] ??= new Date(startMs + n * DAY_MS).toISOString();
    return dayCache[n];
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo));
  /** A few random draws rather than a scan: big pools make filtering every unit quadratic. */
  const sample = <T>(pool: readonly T[], ok: (item: T) => boolean): T | undefined => {
    for (let tries = 0; tries < 8 && pool.length > 0; tries++) {
      const item = pick(pool);
      if (ok(item)) return item;
    }
    return undefined;
  };

  const units: UnitSlice[] = [];
  const relationships: Relationship[] = [];
  const counters = new Map<string, number>();
  const nextNumber = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  let relationshipCount = 0;
  const relate = (
    kind: RelationshipKind,
    superiorId: string,
    subordinateId: string,
    from: number,
    to: number | null,
    extra: Partial<Relationship> = {},
  ) => {
    relationships.push({
      id: `r${++relationshipCount}`,
      kind,
      superiorId,
      subordinateId,
      valid: { from: day(from), to: to === null ? null : day(to) },
      basis: kind === 'ADCON' ? 'Title 10 / service regulations' : `Order ${relationshipCount}`,
      label: PUBLIC_UNCLASSIFIED,
      ...extra,
    });
  };
  const makeUnit = (spec: {
    id: string;
    name: string;
    shortName: string;
    service: Service | { code: string; nation: string };
    echelon: Echelon;
    roles?: UnitRole[];
    station?: Station;
    startDay?: number;
    hq?: boolean;
  }): UnitSlice => {
    const strength = Math.round(TYPICAL_STRENGTH[spec.echelon] * (0.7 + random() * 0.6));
    const slice: UnitSlice = {
      id: spec.id,
      name: spec.name,
      shortName: spec.shortName,
      nation: spec.service.nation,
      service: spec.service.code,
      echelon: spec.echelon,
      sidc: `100310${spec.hq ? '02' : '00'}${echelonToAmplifier(spec.echelon)}${spec.hq ? '110000' : '121100'}0000`,
      homeStation: spec.station ?? pick(STATIONS),
      personnel: {
        authorized: strength,
        assigned: Math.round(strength * (0.85 + random() * 0.15)),
        source: 'generated',
      },
      roles: spec.roles ?? [],
      valid: { from: day(spec.startDay ?? 0), to: null },
      label: PUBLIC_UNCLASSIFIED,
    };
    units.push(slice);
    return slice;
  };

  // Fixed top: national authorities, commands, service HQs (ADCON roots) and components.
  const joint = { USA: { code: 'USA:JOINT', nation: 'USA' }, JPN: { code: 'JPN:JOINT', nation: 'JPN' } };
  const nca = {
    USA: makeUnit({
      id: 'usa-nca',
      name: 'President and Secretary of Defense',
      shortName: 'US NCA',
      service: joint.USA,
      echelon: 'COMMAND',
      roles: ['NATIONAL_COMMAND_AUTHORITY'],
      hq: true,
    }),
    JPN: makeUnit({
      id: 'jpn-nca',
      name: 'Prime Minister and Minister of Defense',
      shortName: 'JPN NCA',
      service: joint.JPN,
      echelon: 'COMMAND',
      roles: ['NATIONAL_COMMAND_AUTHORITY'],
      hq: true,
    }),
  };
  const commands = [
    {
      id: 'indopacom',
      name: 'U.S. Indo-Pacific Command',
      short: 'INDOPACOM',
      nation: 'USA' as const,
      station: CAMP_SMITH,
    },
    { id: 'northcom', name: 'U.S. Northern Command', short: 'NORTHCOM', nation: 'USA' as const },
    { id: 'jjoc', name: 'Japan Joint Operations Command', short: 'JJOC', nation: 'JPN' as const },
  ].map((c) => {
    const slice = makeUnit({
      id: c.id,
      name: c.name,
      shortName: c.short,
      service: joint[c.nation],
      echelon: 'COMMAND',
      roles: c.nation === 'USA' ? ['COMBATANT_COMMAND'] : ['JOINT_FORCE_HQ'],
      station: c.station ?? STATIONS[8]!,
      hq: true,
    });
    relate('OPCON', nca[c.nation].id, slice.id, 0, null, { basis: 'Unified Command Plan' });
    return { slice, nation: c.nation };
  });
  const byLevel: Node[][] = [[]];
  const components: Node[] = [];
  for (const service of SERVICES) {
    const hq = makeUnit({
      id: `${service.code.toLowerCase().replace(':', '-')}-hq`,
      name: `${service.label} headquarters`,
      shortName: `${service.label} HQ`,
      service,
      echelon: 'COMMAND',
      roles: ['SERVICE_HQ'],
      hq: true,
    });
    for (const command of commands.filter((c) => c.nation === service.nation)) {
      const kind: RelationshipKind = service.nation === 'USA' ? 'COCOM' : 'OPCON';
      const slice = makeUnit({
        id: `${command.slice.id}-${service.code.toLowerCase().replace(':', '-')}`,
        name: `${command.slice.shortName} ${service.label} component`,
        shortName: `${command.slice.shortName}/${service.label}`,
        service,
        echelon: 'ARMY',
        roles: ['SERVICE_COMPONENT'],
        hq: true,
      });
      relate(
        kind,
        command.slice.id,
        slice.id,
        0,
        null,
        kind === 'COCOM' ? { transfer: 'ASSIGNED', basis: 'Forces For memo' } : {},
      );
      relate('ADCON', hq.id, slice.id, 0, null);
      const component: Node = {
        slice,
        level: 2,
        service,
        startDay: 0,
        segments: [{ from: 0, to: null, superiorId: command.slice.id }],
        parent: null,
        children: [],
        seq: units.length,
        extras: { tacon: 0, support: 0 },
      };
      components.push(component);
    }
  }
  // The alliance's only cross-nation edges: component-to-component coordination (no command authority).
  for (const us of components.filter((c) => c.slice.nation === 'USA' && c.slice.id.startsWith('indopacom'))) {
    const counterpart = components.find(
      (c) => c.slice.nation === 'JPN' && c.service.label === japaneseCounterpart(us.service),
    );
    if (counterpart)
      relate('COORDINATION', us.slice.id, counterpart.slice.id, 0, null, { basis: 'Alliance Coordination Mechanism' });
  }
  byLevel[2] = components;

  // Generated levels: counts grow by 4 per level down, each unit under a parent of the level above.
  const generatedLevels = levels - 3;
  const remaining = Math.max(0, options.units - units.length);
  const weights = Array.from({ length: generatedLevels }, (_, i) => 4 ** i);
  const total = weights.reduce((a, b) => a + b, 0);
  let left = remaining;
  const extraBudget = perUnit - 2;
  for (let g = 0; g < generatedLevels; g++) {
    const level = g + 3;
    const count = g === generatedLevels - 1 ? left : Math.round((remaining * weights[g]!) / total);
    left -= count;
    const echelon = GENERATED_ECHELONS[Math.min(g, GENERATED_ECHELONS.length - 1)]!;
    const parents = byLevel[level - 1]!;
    const parentsByService = groupBy(parents, (p) => p.service.code);
    const isLeaf = g === generatedLevels - 1;
    const nodes: Node[] = [];
    for (let i = 0; i < count; i++) {
      const parent = pick(parents);
      const service = parent.service;
      const n = nextNumber(`${service.code}/${echelon}`);
      const noun = service.nouns[Math.min(g, service.nouns.length - 1)]!;
      const startDay = isLeaf && random() < 0.15 ? between(1, days - 30) : 0;
      const slice = makeUnit({
        id: `${service.code.toLowerCase().replace(':', '-')}-${echelon.toLowerCase()}-${n}`,
        name: `${ordinal(n)} ${noun} (${service.label})`,
        shortName: `${n} ${noun
          .split(' ')
          .map((w) => w[0])
          .join('')} ${service.label}`,
        service,
        echelon,
        startDay,
      });
      relate('ADCON', parent.slice.id, slice.id, startDay, null);
      // OPCON: a run of segments, moving between same-service parents on random dates.
      let extras = Math.floor(extraBudget) + (random() < extraBudget % 1 ? 1 : 0);
      const segments: Segment[] = [];
      let superior = parent;
      let from = startDay;
      const node: Node = {
        slice,
        level,
        service,
        startDay,
        segments,
        parent,
        children: [],
        seq: units.length,
        extras: { tacon: 0, support: 0 },
      };
      while (extras > 0) {
        const roll = random();
        const peers = parentsByService.get(service.code)!;
        if (roll < 0.4 && peers.length > 1 && from < days - 60) {
          const at = between(from + 30, days);
          segments.push({ from, to: at, superiorId: superior.slice.id });
          let next = pick(peers);
          while (next === superior) next = pick(peers);
          superior = next;
          from = at;
        } else if (roll < 0.75) node.extras.tacon++;
        else node.extras.support++;
        extras--;
      }
      segments.push({ from, to: null, superiorId: superior.slice.id });
      for (const s of segments) relate('OPCON', s.superiorId, slice.id, s.from, s.to, { transfer: 'ATTACHED' });
      parent.children.push(node);
      nodes.push(node);
      if (random() < 0.1) splitSlice(slice, between(Math.max(startDay, 0) + 1, days));
    }
    byLevel[level] = nodes;
  }

  // TACON and support windows, now that every unit's OPCON segments are known.
  const byId = new Map<string, Node>();
  for (const nodes of byLevel) for (const node of nodes ?? []) byId.set(node.slice.id, node);
  const holderOver = (node: Node, from: number, to: number) =>
    node.segments.find((s) => s.from <= from && (s.to === null || to <= s.to))?.superiorId;
  for (const nodes of byLevel.slice(3)) {
    for (const node of nodes) {
      let taconFree = node.startDay;
      for (let w = 0; w < node.extras.tacon + node.extras.support; w++) {
        const isTacon = w < node.extras.tacon;
        const lo = isTacon ? taconFree : node.startDay;
        const from = lo <= days - 31 ? between(lo, days - 30) : between(node.startDay, days - 30);
        const to = Math.min(days, from + between(30, 365));
        const holder = byId.get(holderOver(node, from, to) ?? '');
        let target: Node | undefined;
        if (holder && isTacon && from >= taconFree) {
          // The OPCON holder grants TACON to another of its own subordinates: inside the chain that holds OPCON.
          // Only to a unit created earlier, so TACON edges between siblings can never form a cycle.
          target = sample(holder.children, (c) => c.seq < node.seq && holderOver(c, from, to) === holder.slice.id);
          if (target) {
            relate('TACON', target.slice.id, node.slice.id, from, to, { transfer: 'ATTACHED' });
            taconFree = to;
          }
        } else if (holder && !isTacon) {
          // Support between two units under one holder, set by that holder.
          target = sample(holder.children, (c) => c !== node && holderOver(c, from, to) === holder.slice.id);
          if (target) {
            relate('SUPPORT', target.slice.id, node.slice.id, from, to, {
              supportCategory: pick(SUPPORT_CATEGORIES),
              establishedBy: holder.slice.id,
              basis: `Establishing directive ${relationshipCount + 1}`,
            });
          }
        }
        if (!target) {
          // No suitable peer then: coordination with a sibling (or the parent) keeps the interval count.
          const parent = node.parent!;
          const other = parent.children.find((c) => c !== node && c.startDay <= from) ?? parent;
          relate('COORDINATION', other.slice.id, node.slice.id, from, to, { basis: 'Coordination instruction' });
        }
      }
    }
  }
  return { units, relationships };

  function splitSlice(slice: UnitSlice, at: number): void {
    if (at <= 0 || at >= days) return;
    const later: UnitSlice = {
      ...slice,
      name: `${slice.name} (reorganized)`,
      personnel: { ...slice.personnel, assigned: Math.round((slice.personnel.assigned ?? 0) * (0.8 + random() * 0.4)) },
      valid: { from: day(at), to: null },
    };
    slice.valid = { from: slice.valid.from, to: day(at) };
    units.push(later);
  }
}

function japaneseCounterpart(service: Service): string {
  return service.code === 'USA:NAVY' ? 'MSDF' : service.code === 'USA:AIR_FORCE' ? 'ASDF' : 'GSDF';
}

function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
