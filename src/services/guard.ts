import type { ChainLink, TreeNode } from '../domain/command/queries.js';
import { C2Error } from '../domain/errors.js';
import { assertCanWrite, canRead, type Withheld, withheld } from '../domain/security/access.js';
import type { SecurityLabel } from '../domain/security/label.js';
import { rollUp } from '../domain/security/lattice.js';
import { canonicalLabel } from '../domain/security/canonical.js';
import { parseMarking, renderBanner } from '../domain/security/marking.js';
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
  /**
   * Told of every read refused where the answer is a 404 indistinguishable from a missing record, so the audit log
   * still sees it. Set once by the composition of the services.
   */
  onRefusal: (actor: Actor, target: string, action: string) => void = () => {};

  constructor(readonly policy: Policy) {}

  canRead(actor: Actor, label: SecurityLabel): boolean {
    return actor.roles.includes('system') || canRead(actor, label, this.policy);
  }

  /** The 404 for a record the actor may not read: worded as for a missing one, and reported to the audit log. */
  notFound(actor: Actor, target: string, action: string, message: string): C2Error {
    this.onRefusal(actor, target, action);
    return new C2Error('C2_NOT_FOUND', message);
  }

  /** Throws C2_FORBIDDEN unless the actor holds one of `roles` (the system actor holds them all). */
  assertRole(actor: Actor, roles: readonly string[], what: string): void {
    if (actor.roles.includes('system') || roles.some((role) => actor.roles.includes(role))) return;
    throw new C2Error('C2_FORBIDDEN', `${what} needs the role ${roles.join(' or ')}`);
  }

  /** A label as given (a marking such as 'SECRET//REL TO USA, JPN', or the object) in its canonical form. */
  label(input: SecurityLabel | string): SecurityLabel {
    return typeof input === 'string' ? parseMarking(input, this.policy) : canonicalLabel(input, this.policy);
  }

  readable<T extends Labelled>(actor: Actor, items: Iterable<T>): T[] {
    return [...items].filter((item) => this.canRead(actor, item.label));
  }

  assertCanWrite(actor: Actor, label: SecurityLabel): void {
    if (!actor.roles.includes('system')) assertCanWrite(actor, label, this.policy);
  }

  /** A chain keeps its length, so nobody mistakes a withheld link for the top; the link itself says nothing. */
  chain(actor: Actor, chain: ChainLink[]): ChainView {
    const shown = chain.map(
      (link) => this.canRead(actor, link.unit.label) && (!link.via || this.canRead(actor, link.via.label)),
    );
    // The edge into a shown link names the unit below it: drop it when that unit is withheld.
    return chain.map((link, i) => (!shown[i] ? withheld() : i > 0 && !shown[i - 1] ? { ...link, via: null } : link));
  }

  /**
   * Unreadable nodes on the way to a readable descendant become placeholders; an unreadable branch with nothing
   * readable below it is left out, so not even the count of hidden subordinates shows. The root is always kept.
   */
  tree(actor: Actor, node: TreeNode): TreeView {
    return this.branch(actor, node, true) ?? { ...withheld(), children: [] };
  }

  private branch(actor: Actor, node: TreeNode, parentShown: boolean): TreeView | undefined {
    const visible = this.canRead(actor, node.unit.label) && (!node.via || this.canRead(actor, node.via.label));
    const children = node.children.flatMap((child) => this.branch(actor, child, visible) ?? []);
    // The edge from a withheld parent names it: the node shows without it.
    if (visible) return { unit: node.unit, via: parentShown ? node.via : null, children };
    return children.length > 0 ? { ...withheld(), children } : undefined;
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
