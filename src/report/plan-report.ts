import ms from 'milsymbol';
import type { ChangeMark, CompareTree, Comparison } from '../domain/reorg/compare.js';
import type { ResponsibilityImpact } from '../domain/reorg/responsibility.js';
import type { Actor } from '../services/actor.js';
import type { Services } from '../services/index.js';
import type { PlanImpact, PlanView, ValidationView } from '../services/plans.js';

/**
 * The plan briefing: one self-contained HTML page (no scripts, no external files) that prints cleanly to PDF: the
 * marking banner on every printed page, the plan and its history, validation, impact, and the as-is / to-be charts
 * as inline SVG with MIL-STD-2525D symbols. Everything in it comes from the services as the actor sees them.
 */
export async function renderPlanReport(services: Services, actor: Actor, planId: string): Promise<string> {
  const { plans } = services;
  const plan = await plans.get(actor, planId);
  const [validation, impact, comparison] = await Promise.all([
    plans.validation(actor, planId),
    plans.impact(actor, planId),
    plans.compare(actor, planId),
  ]);
  return planReportHtml({
    plan,
    validation,
    impact: impact.whole,
    phases: impact.phases,
    comparison,
    marking: plans.marking(plan),
  });
}

export interface ReportInput {
  plan: PlanView;
  validation: ValidationView;
  impact: PlanImpact | null;
  phases: Array<{ phaseId: string; name: string; impact: PlanImpact }>;
  comparison: Comparison;
  marking: string;
}

export function planReportHtml(input: ReportInput): string {
  const { plan, validation, impact, comparison, marking } = input;
  const name = (id: string) => impact?.names[id] ?? id;
  const sections = [
    `<h1>${esc(plan.title)}</h1>`,
    `<p class="meta">Plan ${esc(plan.id)} · state <b>${plan.state}</b>${plan.executedTx ? ` · executed in transaction ${plan.executedTx}` : ''}${plan.rollbackTx ? ` · rolled back in transaction ${plan.rollbackTx}` : ''}</p>`,
    plan.description ? `<p>${esc(plan.description)}</p>` : '',
    section('Validation', validationHtml(validation)),
    section('Phases', phasesHtml(plan, input.phases)),
    impact ? section(`Impact of the whole plan at ${impact.at.slice(0, 10)}`, impactHtml(impact, name)) : '',
    section(
      `As-is and to-be at ${comparison.at.slice(0, 10)} (${comparison.kinds.join(', ')})`,
      compareHtml(comparison),
    ),
    section('History', historyHtml(plan)),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(marking)} — ${esc(plan.title)}</title>
<style>${STYLE}</style></head>
<body><div class="banner top">${esc(marking)}</div><div class="banner bottom">${esc(marking)}</div>
<main>${sections.join('\n')}</main></body></html>
`;
}

const STYLE = `
@page { size: A4; margin: 18mm 12mm; }
body { font: 10.5pt/1.35 system-ui, sans-serif; color: #111; margin: 0; }
main { padding: 28px 16px; }
.banner { position: fixed; left: 0; right: 0; text-align: center; font-weight: 700; background: #007a33; color: #fff; padding: 2px 0; font-size: 9pt; }
.banner.top { top: 0; } .banner.bottom { bottom: 0; }
h1 { font-size: 17pt; margin: 8px 0 4px; } h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 18px; }
h3 { font-size: 11pt; margin: 10px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; page-break-inside: auto; }
tr { page-break-inside: avoid; } th, td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; font-size: 9pt; }
th { background: #eee; } .ok { color: #075e1f; } .bad { color: #a40000; font-weight: 600; } .meta { color: #444; }
.charts { display: flex; gap: 12px; flex-wrap: wrap; } .charts > div { flex: 1 1 320px; }
section { page-break-inside: auto; } svg text { font: 9px system-ui, sans-serif; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 6px; border-radius: 3px; font-size: 8.5pt; }
@media print { main { padding: 8px 0; } .charts { display: block; } }
`;

const MARK_COLOUR: Record<ChangeMark, string> = {
  added: '#1b7f2a',
  removed: '#b00020',
  moved: '#1f5fbf',
  changed: '#b36b00',
  unchanged: '#666',
};

function section(title: string, body: string): string {
  return `<section><h2>${esc(title)}</h2>${body}</section>`;
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '<p class="meta">None.</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function validationHtml(v: ValidationView): string {
  const verdict = v.valid
    ? `<p class="ok">No doctrine rule is broken by the plan at any phase date${v.warnings ? ` (${v.warnings} warning(s))` : ''}.</p>`
    : `<p class="bad">${v.errors} error(s): the plan cannot be approved until they are resolved.</p>`;
  const basedOn =
    v.basedOn.length + v.basedOnWithheld > 0
      ? `<p class="meta">Validated on top of approved plan(s): ${esc(v.basedOn.join(', ') || '—')}${v.basedOnWithheld ? ` and ${v.basedOnWithheld} you cannot read` : ''}.</p>`
      : '';
  const rows = v.violations.map((x) => [
    esc(x.severity ?? 'error'),
    esc(x.phaseName),
    esc(x.operationIds.join(', ')),
    `<code>${esc(x.code)}</code>`,
    esc(x.message),
  ]);
  const withheld = v.withheld
    ? `<p class="meta">${v.withheld} further finding(s) concern records you cannot read.</p>`
    : '';
  const conflicts = v.conflicts.length
    ? `<h3>Conflicts with other plans</h3>${table(
        ['SEVERITY', 'CONFLICT'],
        v.conflicts.map((c) => [esc(c.severity ?? 'error'), esc(c.message)]),
      )}`
    : '';
  return verdict + basedOn + table(['SEVERITY', 'PHASE', 'OPERATIONS', 'RULE', 'FINDING'], rows) + withheld + conflicts;
}

function phasesHtml(plan: PlanView, impacts: ReportInput['phases']): string {
  return plan.phases
    .map((phase) => {
      const impact = impacts.find((i) => i.phaseId === phase.id)?.impact;
      const rows = phase.operations.map((op) =>
        'withheld' in op
          ? [esc(op.id), esc(op.op), '<i>withheld</i>', '']
          : [esc(op.id), esc(op.op), esc(describe(op)), esc(op.note ?? '')],
      );
      const summary = impact
        ? `<p class="meta">${impact.commands.length} command(s) gain or lose relationships; ${impact.units.added.length} unit(s) added, ${impact.units.changed.length} changed, ${impact.units.removed.length} removed; ${impact.responsibility.commands.length} command(s) gain, lose or change a mission role.</p>`
        : '';
      const responsibility = impact?.responsibility.commands.length
        ? responsibilityHtml(impact.responsibility, 'h4')
        : '';
      return `<h3>${esc(phase.name)} — ${phase.effectiveDate.slice(0, 10)}</h3>${summary}${table(['ID', 'OPERATION', 'WHAT', 'NOTE'], rows)}${responsibility}`;
    })
    .join('');
}

function describe(op: Exclude<PlanView['phases'][number]['operations'][number], { withheld: true }>): string {
  switch (op.op) {
    case 'createUnit':
      return `create ${op.unit.name} (${op.unit.shortName})`;
    case 'renameUnit':
      return `rename ${op.unitId} to “${op.name}”`;
    case 'resymbolUnit':
      return `re-symbol ${op.unitId} as ${op.sidc}`;
    case 'reechelonUnit':
      return `re-echelon ${op.unitId} as ${op.echelon}`;
    case 'deactivateUnit':
      return `deactivate ${op.unitId}`;
    case 'startRelationship':
      return `${op.relationship.kind} ${op.relationship.superiorId} → ${op.relationship.subordinateId}`;
    case 'endRelationship':
      return `end ${op.relationshipId}`;
    case 'changeRelationship':
      return `change ${op.relationshipId} (${Object.keys(op.patch).join(', ')})`;
    case 'movePersonnel':
      return `move ${op.count} personnel from ${op.fromId} to ${op.toId}`;
    case 'setRoles':
      return `roles of ${op.unitId}: ${op.roles.join(', ')}`;
    case 'assignMission':
      return `assign mission “${op.mission.name}” (${op.mission.id}), lead ${op.mission.lead ?? 'none'}`;
    case 'moveMission':
      return `move mission ${op.missionId}${op.lead ? `: lead to ${op.lead}` : ''}${op.supporting ? `; supporting ${op.supporting.map((x) => `${x.unitId} (${x.category})`).join(', ') || 'none'}` : ''}${op.area ? '; new area' : ''}`;
  }
}

function impactHtml(impact: PlanImpact, name: (id: string) => string): string {
  const list = (record: Partial<Record<string, string[]>>) =>
    Object.entries(record)
      .map(([kind, ids]) => `${kind}: ${(ids ?? []).map(name).join(', ')}`)
      .join('; ');
  const commands = table(
    ['COMMAND', 'GAINED', 'LOST', 'SPAN BEFORE', 'SPAN AFTER'],
    impact.commands.map((c) => [
      esc(name(c.commandId)),
      esc(list(c.gained)),
      esc(list(c.lost)),
      String(c.span.before),
      String(c.span.after),
    ]),
  );
  const personnel = table(
    ['COMMAND', 'PERSONNEL BEFORE', 'AFTER', 'UNITS BEFORE', 'AFTER'],
    impact.personnel.map((p) => [
      esc(name(p.commandId)),
      p.before.personnel.toLocaleString('en-US'),
      p.after.personnel.toLocaleString('en-US'),
      String(p.before.units),
      String(p.after.units),
    ]),
  );
  const orphaned = table(
    ['UNIT', 'LEFT WITHOUT'],
    impact.orphaned.map((o) => [esc(name(o.unitId)), esc(o.missing.join(', '))]),
  );
  const chains = table(
    ['UNIT', 'CHANGE', 'OPCON CHAIN BEFORE', 'AFTER'],
    impact.chains.map((c) => [
      esc(name(c.unitId)),
      c.change,
      esc(c.before.map(name).join(' → ')),
      esc(c.after.map(name).join(' → ')),
    ]),
  );
  const invariants = table(
    ['WHAT STAYS THE SAME', 'HOLDS', 'BEFORE', 'AFTER'],
    impact.invariants.map((i) => [
      esc(i.name.replace(/^COCOM of (.+)$/, (_m, id: string) => `COCOM of ${name(id)}`)),
      i.holds ? '<span class="ok">yes</span>' : '<span class="bad">no</span>',
      esc(i.before.map((x) => x.split(' → ').map(name).join(' → ')).join(', ') || '—'),
      esc(i.after.map((x) => x.split(' → ').map(name).join(' → ')).join(', ') || '—'),
    ]),
  );
  return `<h3>Relationships gained and lost, span of control</h3>${commands}<h3>Personnel under each command's OPCON</h3>${personnel}<h3>Units left without a required superior</h3>${orphaned}<h3>Chains that changed</h3>${chains}${responsibilityHtml(impact.responsibility, 'h3')}<h3>What did not change</h3>${invariants}`;
}

/** Mission roles gained, lost and changed per command, and who answers for each changed mission's area. */
function responsibilityHtml(r: ResponsibilityImpact, heading: 'h3' | 'h4'): string {
  const unit = (id: string) => esc(r.names[id] ?? id);
  const mission = (id: string) => `${esc(r.missionNames[id] ?? id)} <span class="meta">(${esc(id)})</span>`;
  const roles = (list: Array<{ missionId: string; role: string }>) =>
    list.map((x) => `${x.role} ${mission(x.missionId)}`).join('<br>');
  const commands = table(
    ['COMMAND', 'GAINED', 'LOST', 'ROLE CHANGED'],
    r.commands.map((c) => [
      unit(c.commandId),
      roles(c.gained),
      roles(c.lost),
      c.changed.map((x) => `${mission(x.missionId)}: ${x.before} → ${x.after}`).join('<br>'),
    ]),
  );
  // Entries whose role differs on the other side are in bold: the change, among everyone who answers for the area.
  const who = (list: Array<{ unitId: string; role: string }>, other: Array<{ unitId: string; role: string }>) =>
    list
      .map((x) => {
        const text = `${x.role} ${unit(x.unitId)}`;
        return other.some((y) => y.unitId === x.unitId && y.role === x.role) ? text : `<b>${text}</b>`;
      })
      .join(', ') || '—';
  const places = r.responsibleFor.length
    ? `<${heading}>Commands responsible for each changed mission's area</${heading}>${table(
        ['AREA OF', 'BEFORE', 'AFTER'],
        r.responsibleFor.map((p) => [mission(p.missionId), who(p.before, p.after), who(p.after, p.before)]),
      )}`
    : '';
  return `<${heading}>Mission responsibilities gained and lost at ${r.at.slice(0, 10)}</${heading}>${commands}${places}`;
}

function historyHtml(plan: PlanView): string {
  return table(
    ['WHEN (UTC)', 'WHO', 'STEP', 'FROM', 'TO', 'NOTE'],
    plan.history.map((h) => [
      esc(h.at.slice(0, 16).replace('T', ' ')),
      esc(h.actor),
      esc(h.action),
      esc(h.from ?? '—'),
      esc(h.to),
      esc(h.note ?? ''),
    ]),
  );
}

function compareHtml(comparison: Comparison): string {
  const legend = `<p class="legend">${(['added', 'removed', 'moved', 'changed'] as const)
    .map((mark) => `<span style="border:1.5px solid ${MARK_COLOUR[mark]};color:${MARK_COLOUR[mark]}">${mark}</span>`)
    .join('')}<span class="meta">Only trees with a change are drawn.</span></p>`;
  const chart = (title: string, trees: CompareTree[]) =>
    `<div><h3>${esc(title)}</h3>${treeSvg(trees.filter(hasMark))}</div>`;
  const rows = comparison.rows.map((r) => [
    esc(r.shortName),
    `<b style="color:${MARK_COLOUR[r.mark]}">${r.mark}</b>`,
    esc(r.asIs ? `${r.asIs.kind ?? ''} ${r.asIs.superiorId ?? '(top)'}` : '—'),
    esc(r.toBe ? `${r.toBe.kind ?? ''} ${r.toBe.superiorId ?? '(top)'}` : '—'),
    esc(r.changes.join(', ')),
  ]);
  return `${legend}<div class="charts">${chart('As-is', comparison.asIs)}${chart('To-be', comparison.toBe)}</div>${table(['UNIT', 'MARK', 'AS-IS', 'TO-BE', 'CHANGED FIELDS'], rows)}`;
}

function hasMark(tree: CompareTree): boolean {
  return ('mark' in tree && tree.mark !== 'unchanged') || tree.children.some(hasMark);
}

const ROW = 26;
const INDENT = 22;
const symbols = new Map<string, string>();

/** An indented org chart: one row per unit, symbol then short name, elbow lines to the superior; marks in colour. */
function treeSvg(trees: CompareTree[]): string {
  const parts: string[] = [];
  let row = 0;
  let width = 0;
  const draw = (node: CompareTree, depth: number, parentRow: number | null) => {
    const y = row * ROW + 4;
    const x = depth * INDENT + 4;
    if (parentRow !== null) {
      const px = (depth - 1) * INDENT + 12;
      parts.push(
        `<path d="M${px},${parentRow * ROW + 24} V${y + 11} H${x}" fill="none" stroke="#999" stroke-width="1"/>`,
      );
    }
    if ('withheld' in node) {
      parts.push(`<text x="${x}" y="${y + 14}" fill="#666">(withheld)</text>`);
    } else {
      parts.push(symbol(node.sidc, x, y));
      const colour = MARK_COLOUR[node.mark];
      const label = `${node.shortName}${node.via ? ` [${node.via.kind}]` : ''}${node.mark === 'unchanged' ? '' : ` — ${node.mark}`}`;
      const weight = node.mark === 'unchanged' ? 'normal' : 'bold';
      parts.push(`<text x="${x + 30}" y="${y + 14}" fill="${colour}" font-weight="${weight}">${esc(label)}</text>`);
      width = Math.max(width, x + 30 + label.length * 5.6);
    }
    const mine = row++;
    for (const child of node.children) draw(child, depth + 1, mine);
  };
  for (const tree of trees) draw(tree, 0, null);
  const height = row * ROW + 8;
  const w = Math.ceil(width) + 8;
  // Natural size (1 unit = 1 px), shrunk only to fit the column: the chart's text stays the size of the tables'.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" style="max-width:100%;height:auto" viewBox="0 0 ${w} ${height}" role="img">${parts.join('')}</svg>`;
}

function symbol(sidc: string, x: number, y: number): string {
  let svg = symbols.get(sidc);
  if (!svg) {
    svg = new ms.Symbol(sidc, { size: 12 }).asSVG();
    symbols.set(sidc, svg);
  }
  const size = /width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  const scale = size ? Math.min(26 / Number(size[1]), 22 / Number(size[2])) : 1;
  return `<g transform="translate(${x},${y}) scale(${scale.toFixed(3)})">${svg}</g>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
