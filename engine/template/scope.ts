import { TemplateFailure } from './python.js';

/**
 * One source of variables. `templated` values (runbook vars, inventory vars, -e vars, params)
 * may hold `{{ }}` and are rendered when used; `data` values (facts, registered results,
 * set_fact results, magic variables) are returned exactly as they are, never rendered.
 */
export interface Layer {
  readonly kind: 'templated' | 'data';
  readonly vars: Readonly<Record<string, unknown>>;
}

/**
 * How a scope tells secrets: names that hold one, and where the values rendered from a secret go
 * (a templated variable that reads a secret is secret, `db_password: "{{ vault_db }}"`).
 */
export interface SecretWatch {
  isSecretName(name: string): boolean;
  /** Whether a variable's value, as written, is secret whatever its name (a `!vault` value). */
  isSecretValue(raw: unknown): boolean;
  addSecret(value: unknown): void;
}

/** Renders a templated value deeply against a scope; supplied by the renderer. */
export type DeepRender = (value: unknown, scope: Scope) => unknown;

/**
 * The variables a template sees: layers lowest precedence first; for each top-level name the
 * highest layer holding it wins (Ansible's hash_behaviour=replace). Immutable: `with` makes a
 * new scope. A templated value is rendered once per scope, when first used.
 */
export class Scope {
  readonly #layers: readonly Layer[];
  // made on the first templated read: most scopes (one per step and host) read none
  #renderedMap: Map<string, unknown> | undefined;
  readonly #rendering: string[] = [];
  #taintedSet: Set<string> | undefined;
  readonly #watch: SecretWatch | undefined;
  /** How many times a secret variable was read: the renderer compares it before and after an expression. */
  secretReads = 0;

  constructor(layers: readonly Layer[], watch?: SecretWatch) {
    this.#layers = layers;
    this.#watch = watch;
  }

  get #rendered(): Map<string, unknown> {
    return (this.#renderedMap ??= new Map());
  }

  get #tainted(): Set<string> {
    return (this.#taintedSet ??= new Set());
  }

  /** This scope with one more layer on top (a step's vars, a loop item). */
  with(layer: Layer): Scope {
    return new Scope([...this.#layers, layer], this.#watch);
  }

  /** Where values rendered from secrets go, if anywhere. */
  get watch(): SecretWatch | undefined {
    return this.#watch;
  }

  // reading a secret taints every variable being rendered at that moment
  #readSecretIf(name: string, raw: unknown): void {
    if (!this.#watch || !(this.#tainted.has(name) || this.#watch.isSecretName(name) || this.#watch.isSecretValue(raw))) return;
    this.secretReads += 1;
    for (const outer of this.#rendering) this.#tainted.add(outer);
  }

  /** Whether any layer defines `name`. */
  has(name: string): boolean {
    return this.#layers.some((layer) => Object.hasOwn(layer.vars, name));
  }

  /** Every variable name, sorted. */
  names(): string[] {
    return [...new Set(this.#layers.flatMap((layer) => Object.keys(layer.vars)))].sort();
  }

  /**
   * The value of `name` (which must exist: check `has` first): a data value as it is, a
   * templated one rendered by `render`, with a clear error for a variable that uses itself.
   */
  resolve(name: string, render: DeepRender): unknown {
    const layer = [...this.#layers].reverse().find((l) => Object.hasOwn(l.vars, name));
    const raw = layer?.vars[name];
    if (layer?.kind !== 'templated') {
      this.#readSecretIf(name, raw);
      return raw;
    }
    if (this.#rendered.has(name)) {
      this.#readSecretIf(name, raw);
      return this.#rendered.get(name);
    }
    if (this.#rendering.includes(name)) {
      const loop = [...this.#rendering.slice(this.#rendering.indexOf(name)), name].join(' → ');
      throw new TemplateFailure('recursion', `recursive loop: variable "${name}" uses itself (${loop})`);
    }
    this.#rendering.push(name);
    try {
      const value = render(raw, this);
      this.#rendered.set(name, value);
      if (this.#watch && (this.#tainted.has(name) || this.#watch.isSecretName(name) || this.#watch.isSecretValue(raw))) this.#watch.addSecret(value);
      this.#readSecretIf(name, raw);
      return value;
    } catch (error) {
      if (error instanceof TemplateFailure && error.kind !== 'recursion') error.within.unshift(name);
      throw error;
    } finally {
      this.#rendering.pop();
    }
  }
}

/** A scope from layers, lowest precedence first. */
export function createScope(layers: readonly Layer[], watch?: SecretWatch): Scope {
  return new Scope(layers, watch);
}
