export { Inventory } from './inventory.js';
export { DEFAULT_MAX_HOSTS } from './host-range.js';
export { loadInventory, type LoadInventoryOptions } from './load-inventory.js';
export { selectHosts, type ReadLines, type Selection } from './patterns.js';
export type { GroupData, HostData } from './inventory-data.js';
export { selectRunHosts, type RunHosts, type RunHostsOptions } from './select-run-hosts.js';
export { writeInventoryList } from './write-inventory-list.js';
