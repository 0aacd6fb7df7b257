import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

type Tags = Exclude<NonNullable<SchemaOptions['customTags']>, (tags: never) => unknown>;

// PyYAML's YAML 1.1 resolver, which Ansible uses, is stricter than the `yaml` package's:
// `y`/`n` stay strings, an exponent needs a dot and a sign (`1e3` is a string), and
// timestamps are kept as written rather than turned into dates.
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const PYYAML_FLOAT_EXP = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)[eE][-+][0-9]+$/;

function asPyYaml(tags: Tags): Tags {
  return tags
    .filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp')
    .map((tag) => {
      if (typeof tag === 'string' || !('test' in tag) || !tag.test) return tag;
      if (tag.tag === 'tag:yaml.org,2002:bool') {
        return { ...tag, test: tag.test.test('yes') ? PYYAML_TRUE : PYYAML_FALSE };
      }
      if (tag.tag === 'tag:yaml.org,2002:float' && tag.format === 'EXP') {
        return { ...tag, test: PYYAML_FLOAT_EXP };
      }
      return tag;
    });
}

/** Parse options that type plain scalars the way Ansible's YAML 1.1 loader (PyYAML) does. */
export const ANSIBLE_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: 'yaml-1.1',
  customTags: (tags) => asPyYaml(tags as Tags),
  prettyErrors: false,
  uniqueKeys: true,
};
