import type { ChainLink, TreeNode } from '../domain/command/queries.js';
import { assertCanWrite, canRead, type Withheld, withheld } from '../domain/security/access.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { rollUp } from '../domain/security/lattice.js';
import { renderBanner } from '../domain/security/marking.js';
import type { Policy } from '../domain/security/policy.js';
import type { Actor } from './actor.js';

type Labelled = { label: SecurityLabel };

export type ChainView = Array<ChainLink | Withheld>;
export type TreeView = (Omit<TreeNode, 'children'> | Withheld) & { children: TreeView[] };

/** Every labelled record a chain or tree view shows: what its banner rolls up. */
export function viewRecords(view: ChainView | TreeView[]): Labelled[] {
  const records: Labelled[] = [];
  const stack: Array<ChainLink | Withheld | TreeView> = [...view];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('unit' in item) {
      records.push(item.unit);
      if (item.via) records.push(item.via);
    }
    if ('children' in item) stack.push(...item.children);
  }
  return records;
}

/**
 * The one access decision every read and write path goes through, applying the domain's label rules to the actor.
 * The `system` role is the process itself (the demo loader, the CLI on a local store file whose reader already holds
 * every byte of it); no signed-in person ever has it.
 */
export class Guard {
  constructor(readonly policy: Policy) {}

  canRead(actor: Actor, label: SecurityLabel): boolean {
    return actor.roles.includes('system') || canRead(actor, label, this.policy);
  }

  readable<T extends Labelled>(actor: Actor, items: Iterable<T>): T[] {
    return [...items].filter((item) => this.canRead(actor, item.label));
  }

  assertCanWrite(actor: Actor, label: SecurityLabel): void {
    if (!actor.roles.includes('system')) assertCanWrite(actor, label, this.policy);
  }

  /** A chain keeps its length, so nobody mistakes a withheld link for the top; the link itself says nothing. */
  chain(actor: Actor, chain: ChainLink[]): ChainView {
    return chain.map((link) =>
      this.canRead(actor, link.unit.label) && (!link.via || this.canRead(actor, link.via.label)) ? link : withheld(),
    );
  }

  /** Unreadable nodes become placeholders; their readable descendants stay in place. */
  tree(actor: Actor, node: TreeNode): TreeView {
    const children = node.children.map((child) => this.tree(actor, child));
    const visible = this.canRead(actor, node.unit.label) && (!node.via || this.canRead(actor, node.via.label));
    return visible ? { unit: node.unit, via: node.via, children } : { ...withheld(), children };
  }

  /** The roll-up banner of what a view shows, e.g. 'SECRET//REL TO USA, JPN'. */
  banner(records: Iterable<Labelled>): string {
    return renderBanner(
      rollUp(
        [...records].map((record) => record.label),
        this.policy,
      ),
      this.policy,
    );
  }
}
