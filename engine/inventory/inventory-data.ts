import type { SourceRef } from '../core/index.js';
import { DEFAULT_MAX_HOSTS, HostLimitError } from './host-range.js';

/** A group as Ansible keeps it: hosts and children in the order first seen. */
export interface GroupData {
  readonly name: string;
  readonly hosts: string[];
  readonly children: GroupData[];
  readonly parents: GroupData[];
  readonly vars: Record<string, unknown>;
  priority: number;
  depth: number;
  at: SourceRef | undefined;
}

/** A host: the groups it was put in directly and its own (host-level) inventory vars. */
export interface HostData {
  readonly name: string;
  readonly groups: GroupData[];
  readonly vars: Record<string, unknown>;
  at: SourceRef | undefined;
  /** The inventory file (or `-i` list) that first named the host: Ansible's `inventory_file`. */
  readonly source: string | undefined;
}

/** Thrown when adding a child would make a group its own ancestor. */
export class GroupCycleError extends Error {}

/**
 * The mutable inventory the parsers fill, mirroring Ansible's InventoryData: `all` and
 * `ungrouped` exist from the start, and reconcile() applies Ansible's implicit rules at the end.
 */
export class InventoryData {
  readonly groups = new Map<string, GroupData>();
  readonly hosts = new Map<string, HostData>();
  // membership of group.hosts, kept beside the ordered list so that adding a host stays O(1)
  private readonly hostsIn = new Map<GroupData, Set<string>>();
  /** The source being read, recorded on the hosts it names first. */
  source: string | undefined;

  private hasOverflowed = false;

  /** `maxHosts`: how many distinct hosts may be added before addHost throws HostLimitError. */
  constructor(readonly maxHosts = DEFAULT_MAX_HOSTS) {
    this.addChild(this.addGroup('all'), this.addGroup('ungrouped'));
  }

  addGroup(name: string, at?: SourceRef): GroupData {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, hosts: [], children: [], parents: [], vars: {}, priority: 1, depth: 0, at };
      this.groups.set(name, group);
    }
    group.at ??= at;
    return group;
  }

  addHost(name: string, group: GroupData, at?: SourceRef): HostData {
    let host = this.hosts.get(name);
    if (!host) {
      if (this.hosts.size >= this.maxHosts) {
        const isFirst = !this.hasOverflowed;
        this.hasOverflowed = true;
        throw new HostLimitError(`the inventory has more than ${this.maxHosts.toLocaleString('en-US')} hosts`
          + ' (raise the limit with --max-hosts N)', isFirst);
      }
      // `[group]`, not `[]` and a push: a pushed-to array keeps room for 16 more, and there may be 100,000 hosts
      host = { name, groups: [group], vars: {}, at, source: this.source };
      this.hosts.set(name, host);
    } else if (!host.groups.includes(group)) {
      host.groups.push(group);
    }
    const members = this.membersOf(group);
    if (!members.has(name)) {
      members.add(name);
      group.hosts.push(name);
    }
    return host;
  }

  private membersOf(group: GroupData): Set<string> {
    let members = this.hostsIn.get(group);
    if (!members) this.hostsIn.set(group, (members = new Set(group.hosts)));
    return members;
  }

  addChild(parent: GroupData, child: GroupData): void {
    if (parent === child || ancestorsOf(parent).has(child)) {
      const loop = [...pathDown(child, parent), child].map((g) => g.name).join(' → ');
      throw new GroupCycleError(`group "${child.name}" would be its own ancestor: ${loop}`);
    }
    if (!parent.children.includes(child)) parent.children.push(child);
    if (!child.parents.includes(parent)) child.parents.push(parent);
  }

  /** Ansible's set_variable: `ansible_group_priority` sets the group's priority, not a var. */
  setGroupVar(group: GroupData, key: string, value: unknown): void {
    if (key === 'ansible_group_priority') group.priority = Number(value);
    else group.vars[key] = value;
  }

  /** Groups with no parent become children of `all`; hosts in no group go to `ungrouped`; depths are set. */
  reconcile(): void {
    const all = this.groups.get('all')!;
    const ungrouped = this.groups.get('ungrouped')!;
    for (const group of this.groups.values()) {
      if (group !== all && group.parents.length === 0) this.addChild(all, group);
    }
    const grouped = new Set<string>();
    for (const host of this.hosts.values()) {
      const only = host.groups.length === 1 ? host.groups[0] : undefined;
      if (only !== undefined && only !== all && only !== ungrouped) continue; // the common case: in one named group
      const named = host.groups.filter((g) => g !== all && g !== ungrouped);
      if (named.length === 0 && !host.groups.includes(ungrouped)) this.addHost(host.name, ungrouped);
      if (named.length > 0 && host.groups.includes(ungrouped)) {
        host.groups.splice(host.groups.indexOf(ungrouped), 1);
        grouped.add(host.name);
      }
    }
    // one pass, not a splice per host: thousands of hosts may leave `ungrouped`
    if (grouped.size) {
      const kept = ungrouped.hosts.filter((h) => !grouped.has(h));
      ungrouped.hosts.length = 0;
      for (const name of kept) ungrouped.hosts.push(name);
      this.hostsIn.delete(ungrouped);
    }
    setDepths(all);
  }
}

/** Every group above `group`, through any parent. */
export function ancestorsOf(group: GroupData): Set<GroupData> {
  const seen = new Set<GroupData>();
  const queue = [...group.parents];
  for (let g = queue.shift(); g; g = queue.shift()) {
    if (seen.has(g)) continue;
    seen.add(g);
    queue.push(...g.parents);
  }
  return seen;
}

/** Groups from `from` down to `to` through children (both included); [from] when there is no such path. */
function pathDown(from: GroupData, to: GroupData): GroupData[] {
  if (from === to) return [from];
  for (const child of from.children) {
    const rest = pathDown(child, to);
    if (rest.at(-1) === to) return [from, ...rest];
  }
  return [from];
}

/** Depth is the longest path from `all`, as Ansible computes it when children are added. */
function setDepths(all: GroupData): void {
  const visit = (group: GroupData, depth: number) => {
    group.depth = depth;
    for (const child of group.children) if (depth + 1 > child.depth) visit(child, depth + 1);
  };
  visit(all, 0);
}
