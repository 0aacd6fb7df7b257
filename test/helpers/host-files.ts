// The snapshot logic lives in the product (the rehearsal checks every cell with it); the e2e tests use it from there.
export { fileChanges, ROLLBACK_MAY_CHANGE, snapshotHost, snapshotHosts, unexpectedChanges, UPGRADE_MAY_CHANGE, type FileChange, type HostFiles } from '../../rehearse/host-files.js';
