import { ancestorsOf, type GroupData, type HostData, type InventoryData } from './inventory-data.js';
import type { VarsFolders } from './vars-files.js';

const NO_VARS: Readonly<Record<string, unknown>> = Object.freeze({});

function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/** Ansible's sort_groups: by depth, then ansible_group_priority, then name; later entries win. */
function sortGroups(groups: Iterable<GroupData>): GroupData[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A host's groups: those it is in, and all of their ancestors. */
function groupsOf(host: HostData): Set<GroupData> {
  return new Set(host.groups.flatMap((g) => [g, ...ancestorsOf(g)]));
}

/**
 * A loaded inventory: groups and hosts in Ansible's order, and variables resolved per host
 * with Ansible's precedence (hash_behaviour=replace: a later dict replaces an earlier one whole).
 */
export class Inventory {
  private readonly hostsOfGroup = new Map<GroupData, string[]>();
  private readonly varsOfHost = new Map<string, Readonly<Record<string, unknown>>>();
  /** Group-level vars by a host's set of direct groups: most hosts share theirs with many others. */
  private readonly varsOfGroupSet = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(private readonly data: InventoryData, private readonly varsFolders: readonly VarsFolders[]) {}

  get groups(): ReadonlyMap<string, GroupData> {
    return this.data.groups;
  }

  get hosts(): ReadonlyMap<string, HostData> {
    return this.data.hosts;
  }

  /**
   * Variables of one host, lowest precedence first: `all`'s inventory vars, the other groups'
   * inventory vars (sorted), group_vars/all, group_vars/<group> (sorted), the host's inventory
   * vars, host_vars/<host>. This is Ansible's default VARIABLE_PRECEDENCE for inventory data.
   */
  hostVars(name: string): Readonly<Record<string, unknown>> {
    let vars = this.varsOfHost.get(name);
    if (!vars) {
      const { shared, own } = this.hostVarLayers(name);
      vars = { ...shared, ...own };
      this.varsOfHost.set(name, vars);
    }
    return vars;
  }

  /**
   * A host's variables in two layers, `own` winning over `shared` key by key: `shared` (all that comes from its
   * groups) is the same object for every host in the same groups, and `own` is its inventory vars with its
   * host_vars files. Neither may be changed.
   */
  hostVarLayers(name: string): { readonly shared: Readonly<Record<string, unknown>>; readonly own: Readonly<Record<string, unknown>> } {
    const host = this.data.hosts.get(name);
    if (!host) return { shared: NO_VARS, own: NO_VARS };
    let own = host.vars;
    for (const folders of this.varsFolders) {
      const vars = folders.hostVars(name);
      if (hasKeys(vars)) own = { ...own, ...vars };
    }
    return { shared: this.groupSetVars(host), own };
  }

  /** Reads every group_vars and host_vars file these hosts and groups have, so that their problems are known now. */
  readVarsFiles(): void {
    for (const folders of this.varsFolders) {
      for (const group of this.data.groups.keys()) folders.groupVars(group);
      for (const host of this.data.hosts.keys()) folders.hostVars(host);
    }
  }

  private groupSetVars(host: HostData): Readonly<Record<string, unknown>> {
    // most hosts are in one group: its name is the key, with no list made for it
    const key = host.groups.length === 1 ? host.groups[0]!.name : host.groups.map((g) => g.name).join('\0');
    let vars = this.varsOfGroupSet.get(key);
    if (vars) return vars;
    const all = this.data.groups.get('all')!;
    const groups = sortGroups([...groupsOf(host)].filter((g) => g !== all));
    const merged: Record<string, unknown> = { ...all.vars };
    for (const group of groups) Object.assign(merged, group.vars);
    for (const folders of this.varsFolders) Object.assign(merged, folders.groupVars('all'));
    for (const folders of this.varsFolders) for (const group of groups) Object.assign(merged, folders.groupVars(group.name));
    this.varsOfGroupSet.set(key, merged);
    return merged;
  }

  /** Ansible's `group_names`: the groups a host is in, through any parent, but `all`, sorted. */
  groupNames(name: string): readonly string[] {
    const host = this.data.hosts.get(name);
    if (!host) return [];
    return [...groupsOf(host)].map((g) => g.name).filter((g) => g !== 'all').sort();
  }

  /** A group's own variables with those of its group_vars files, as `ansible-inventory --graph --vars` shows them. */
  groupVars(name: string): Record<string, unknown> {
    const group = this.data.groups.get(name);
    if (!group) return {};
    const vars: Record<string, unknown> = { ...group.vars };
    for (const folders of this.varsFolders) Object.assign(vars, folders.groupVars(name));
    if (group.priority !== 1) vars.ansible_group_priority = group.priority;
    return vars;
  }

  /**
   * Every host of a group, as Ansible's Group.get_hosts lists them: the group's own hosts, then
   * its children's, level by level (Ansible orders levels below the first by a Python set; we keep
   * the order the groups were written in).
   */
  groupHosts(name: string): readonly string[] {
    const group = this.data.groups.get(name);
    if (!group) return [];
    let hosts = this.hostsOfGroup.get(group);
    if (hosts) return hosts;
    const seenGroups = new Set<GroupData>([group]);
    const ordered: GroupData[] = [group];
    for (let level = [group]; level.length;) {
      const next: GroupData[] = [];
      for (const child of level.flatMap((g) => g.children)) {
        if (seenGroups.has(child)) continue;
        seenGroups.add(child);
        ordered.push(child);
        next.push(child);
      }
      level = next;
    }
    const seen = new Set<string>();
    hosts = [];
    for (const { hosts: own } of ordered) {
      for (const host of own) {
        if (seen.has(host)) continue;
        seen.add(host);
        hosts.push(host);
      }
    }
    this.hostsOfGroup.set(group, hosts);
    return hosts;
  }
}
