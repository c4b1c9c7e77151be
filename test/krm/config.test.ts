import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { Ajv } from 'ajv';
import { configSchema, readFunctionConfig } from '../../src/krm/config.js';
import type { ConfigSpec } from '../../src/krm/index.js';

interface Example {
  name?: string;
  enabled: boolean;
  count: number;
  tags: string[];
  mode: 'a' | 'b';
  repo: string;
}

const fields: ConfigSpec<Example> = {
  kind: 'Example',
  properties: {
    name: { type: 'string', minLength: 1 },
    enabled: { type: 'boolean' },
    count: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    mode: { enum: ['a', 'b'] },
    repo: { type: 'string' },
  },
  required: ['repo'],
  defaults: { enabled: true, count: 1, tags: [], mode: 'a' },
  fromString: { tags: (text: string) => (text.includes(' ') ? new Error('tags hold no spaces') : text.split(',')) },
};

// Compiled here: the shipped specs' validators are compiled ahead of time (see validate.test.ts).
const spec: ConfigSpec<Example> = {
  ...fields,
  validate: new Ajv({ allErrors: true, allowUnionTypes: true }).compile(configSchema(fields as ConfigSpec<unknown>)),
};

function node(text: string): YAMLMap {
  return parseDocument(text).contents as YAMLMap;
}

const typed = (body: string) =>
  node(`apiVersion: fn.pkgdeps.dev/v1alpha1\nkind: Example\nmetadata:\n  name: cfg\n${body}`);
const configMap = (body: string) =>
  node(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\ndata:\n${body}`);

describe('readFunctionConfig', () => {
  it('reads its own kind with fields at the top level and fills defaults', () => {
    const { config, results } = readFunctionConfig(typed('repo: r\ncount: 3\ntags: [x, y]\n'), spec);
    expect(results).toEqual([]);
    expect(config).toEqual({ enabled: true, count: 3, tags: ['x', 'y'], mode: 'a', repo: 'r' });
  });

  it('reads a ConfigMap of strings, converting booleans, integers and lists', () => {
    const { config, results } = readFunctionConfig(
      configMap('  repo: r\n  enabled: "false"\n  count: "7"\n  tags: a,b\n  mode: b\n'),
      spec,
    );
    expect(results).toEqual([]);
    expect(config).toEqual({ enabled: false, count: 7, tags: ['a', 'b'], mode: 'b', repo: 'r' });
  });

  it('reports a missing required field by name', () => {
    const { results } = readFunctionConfig(typed('count: 3\n'), spec);
    expect(results).toEqual([
      expect.objectContaining({
        severity: 'error',
        field: { path: 'repo' },
        message: 'function config Example/cfg: repo: is required but missing',
      }),
    ]);
    expect(readFunctionConfig(undefined, spec).results[0]?.message).toMatch(/repo: is required/);
  });

  it('reports an unknown field and lists the accepted ones', () => {
    const { config, results } = readFunctionConfig(typed('repo: r\ntraget: edge01\n'), spec);
    expect(results).toHaveLength(1);
    expect(results[0]?.field).toEqual({ path: 'traget' });
    expect(results[0]?.message).toBe(
      'function config Example/cfg: traget: unknown field; accepted fields are name, enabled, count, tags, mode, repo',
    );
    expect(config).toEqual(spec.defaults);
  });

  it('reports wrong types with the value found, in both forms', () => {
    const typedResults = readFunctionConfig(typed('repo: r\nenabled: "yes"\nmode: c\n'), spec).results.map(
      (r) => r.message,
    );
    expect(typedResults).toEqual([
      'function config Example/cfg: enabled: must be boolean, found "yes"',
      'function config Example/cfg: mode: must be one of a, b, found "c"',
    ]);
    const mapResults = readFunctionConfig(
      configMap('  repo: r\n  enabled: "yes"\n  count: "x"\n  tags: "a b"\n'),
      spec,
    ).results;
    expect(mapResults.map((r) => [r.field?.path, r.message.replace(/^.*?: data\.\w+: /, '')])).toEqual([
      ['data.enabled', 'must be "true" or "false", found "yes"'],
      ['data.count', 'must be an integer, found "x"'],
      ['data.tags', 'tags hold no spaces'],
    ]);
  });

  it('names the ConfigMap key of an unknown field', () => {
    const { results } = readFunctionConfig(configMap('  repo: r\n  colour: red\n'), spec);
    expect(results[0]?.field).toEqual({ path: 'data.colour' });
  });

  it('skips ConfigMap keys that belong to something else', () => {
    const { results } = readFunctionConfig(configMap('  repo: r\n  packages: "[]"\n'), spec, new Set(['packages']));
    expect(results).toEqual([]);
  });

  it('refuses another kind and says what is accepted', () => {
    const { results } = readFunctionConfig(
      node('apiVersion: fn.kpt.dev/v1alpha1\nkind: SetNamespace\nmetadata:\n  name: x\n'),
      spec,
    );
    expect(results[0]?.message).toBe(
      'function config SetNamespace/x: kind fn.kpt.dev/v1alpha1 SetNamespace is not accepted; use fn.pkgdeps.dev/v1alpha1 Example or a v1 ConfigMap',
    );
  });
});
