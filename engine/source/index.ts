export * from './ansible-yaml.js';
export * from './yaml-source.js';
export * from './find-file.js';
