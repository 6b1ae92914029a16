// A module instance: a module as one call of it sees it (the root as Terraform runs it, or a child with
// its caller's arguments), with an evaluator of its own, and its child instances built on first use. The
// lint (every rule on every instance) and the dependency graph both walk these, so values cross module
// boundaries the same way for both: into a child through its call's arguments, then its defaults; out of
// it through `module.x.out`.
import { addressOf, UNKNOWN, type Attribute, type Block, type Evaluated, type Value } from '../../../../rules/api';
import { Evaluator, type CallArguments, type ModuleOutputs } from '../evaluate';
import type { ModuleIndex } from '../module';
import { instanceKeySuffix } from '../graph/dependency-graph';
import { createModuleLoader } from '../graph/module-loader';
import { isLocalSource, readModulesManifest, resolveModuleSource } from '../graph/module-sources';

/** What every instance of one tree shares: how modules are read, and where the downloaded ones are. */
export interface InstanceHost {
  /** A called module by directory (no var files: a child's variables come from its call); undefined when it cannot be read. */
  loadModule(dir: string): ModuleIndex | undefined;
  /** Download directories by call path (`app`, `app.db`), from the root's `.terraform/modules/modules.json`. */
  manifest(): ReadonlyMap<string, string>;
  /** Told once per call whose source is remote and was not downloaded (premortem never downloads), and no plan fills in. */
  opaqueCall?(call: Block, source: string, caller: ModuleInstance): void;
  /** A plan's account of a module instance whose code cannot be read, by its address (`module.q`). */
  plannedModule?(address: string): ModuleIndex | undefined;
  /** A plan's value of an attribute of a resource or data source instance, by its address. */
  plannedAttribute?(address: string, name: string): Value | undefined;
  /** The root module's variables as a plan was made with them: they replace its var files. */
  readonly rootVariables?: CallArguments;
  /** Values never to print (a plan's sensitive values); the root's `sensitive = true` variables are added to them. */
  readonly sensitive?: ReadonlySet<string>;
}

/** A host that reads called modules with `loadModule` (from disk by default), and downloaded ones through the root's `.terraform/modules/modules.json`. */
export function diskHost(rootDir: string, loadModule: (dir: string) => ModuleIndex | undefined = createModuleLoader()): InstanceHost {
  let manifest: ReadonlyMap<string, string> | undefined;
  return { loadModule, manifest: () => (manifest ??= readModulesManifest(rootDir)) };
}

/** The instance that called this one, and the call instance (expanded under count/for_each) that did. */
export interface Caller {
  readonly instance: ModuleInstance;
  readonly call: Block;
}

/** How deep module calls may nest before instances stop being followed (a call cycle stops earlier). */
export const MAX_MODULE_DEPTH = 16;

/** Module call arguments that are not input variables. */
export const CALL_META_ARGUMENTS: ReadonlySet<string> = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

const PENDING = Symbol('pending');

/** Where a call's module lives: a directory premortem can read, a remote source not downloaded, or nothing to follow. */
type CallTarget = { readonly dir: string } | { readonly opaque: string } | undefined;

export class ModuleInstance implements ModuleOutputs {
  readonly evaluator: Evaluator;
  /** Module calls by name, as their instances read them: the first declaration of each name. */
  private readonly targets = new Map<Block, CallTarget>();
  /** Child instances by call block and instance key. */
  private readonly children = new Map<Block, Map<string, ModuleInstance | undefined>>();
  private readonly outputs = new Map<string, Evaluated | typeof PENDING>();

  /**
   * `address` is `''` for a root, else the module path in Terraform's form (`module.app["eu"].module.db`).
   * `ancestors` are the module directories from the root to this one, this one included.
   */
  constructor(
    readonly module: ModuleIndex,
    readonly host: InstanceHost,
    readonly address: string,
    readonly caller: Caller | undefined,
    readonly callPath: readonly string[],
    readonly ancestors: readonly string[],
    evaluator?: Evaluator,
  ) {
    this.evaluator = evaluator ?? new Evaluator(module, caller ? callArguments(caller) : host.rootVariables, this);
  }

  /** A root module as Terraform runs it: its own var files (or a plan's variables), no caller. */
  static root(module: ModuleIndex, host: InstanceHost): ModuleInstance {
    return new ModuleInstance(module, host, '', undefined, [], [module.dir]);
  }

  /** The depth of this instance below its root (0 for the root). */
  get depth(): number {
    return this.callPath.length;
  }

  /** The instances of a module call: one per known count/for_each key, none for a count of 0, else the call itself. */
  callInstances(call: Block): readonly Block[] {
    return this.evaluator.instances(call) ?? [call];
  }

  /** The module call blocks of this module that Terraform reads (the first declaration of each name). */
  calls(): IterableIterator<Block> {
    return this.module.moduleCalls.values();
  }

  /** The child instance a call instance creates; undefined when its module cannot be read. */
  child(callInstance: Block): ModuleInstance | undefined {
    const name = callInstance.labels[0];
    const call = name === undefined ? undefined : this.module.moduleCalls.get(name);
    if (!call || name === undefined) return undefined;
    let byKey = this.children.get(call);
    if (!byKey) this.children.set(call, (byKey = new Map()));
    const key = instanceKeySuffix(callInstance.instance?.key);
    if (byKey.has(key)) return byKey.get(key);
    const target = this.target(call);
    const address = `${this.address === '' ? '' : `${this.address}.`}module.${name}${key}`;
    let module: ModuleIndex | undefined;
    // A local call inside a module written from a plan names a directory that does not exist: the plan has it.
    if (target && 'dir' in target) module = this.host.loadModule(target.dir) ?? this.host.plannedModule?.(address);
    else if (target) {
      module = this.host.plannedModule?.(address);
      if (!module) this.host.opaqueCall?.(call, target.opaque, this);
    }
    const child =
      module &&
      new ModuleInstance(module, this.host, address, { instance: this, call: callInstance }, [...this.callPath, name], [...this.ancestors, module.dir]);
    byKey.set(key, child);
    return child;
  }

  /** Every child instance of every call, building them (for walks over the whole tree). */
  childInstances(): ModuleInstance[] {
    const found: ModuleInstance[] = [];
    for (const call of this.calls()) {
      for (const instance of this.callInstances(call)) {
        const child = this.child(instance);
        if (child) found.push(child);
      }
    }
    return found;
  }

  /** `module.x.out` as the evaluator reads it: the output's value in the child instance, or unknown. */
  outputValue(callInstance: Block, name: string): Evaluated {
    const child = this.child(callInstance);
    return child ? child.ownOutput(name) : NOT_KNOWN;
  }

  /** A plan's value of an attribute of one of this instance's resources or data sources. */
  plannedValue(block: Block, name: string): Value | undefined {
    const address = addressOf(block);
    if (!this.host.plannedAttribute || address === undefined) return undefined;
    return this.host.plannedAttribute(`${this.address === '' ? '' : `${this.address}.`}${address}${instanceKeySuffix(block.instance?.key)}`, name);
  }

  private ownOutput(name: string): Evaluated {
    const cached = this.outputs.get(name);
    if (cached === PENDING) return NOT_KNOWN; // an output that depends on itself through its caller
    if (cached !== undefined) return cached;
    const value = this.module.outputs.get(name)?.body.attributes.find((a) => a.name === 'value');
    if (!value) return NOT_KNOWN;
    this.outputs.set(name, PENDING);
    const evaluated = this.evaluator.valueOf(value.expr);
    this.outputs.set(name, evaluated);
    return evaluated;
  }

  /** The argument a call instance gives a variable of this (child) instance, if it sets it. */
  argument(name: string): Attribute | undefined {
    return this.caller ? callArgument(this.caller.call, name) : undefined;
  }

  private target(call: Block): CallTarget {
    if (this.targets.has(call)) return this.targets.get(call);
    const target = this.resolveTarget(call);
    this.targets.set(call, target);
    return target;
  }

  private resolveTarget(call: Block): CallTarget {
    const name = call.labels[0];
    const attribute = call.body.attributes.find((a) => a.name === 'source');
    const source = attribute && this.evaluator.valueOf(attribute.expr);
    if (name === undefined || !source?.known || typeof source.value !== 'string') return undefined;
    const dir = resolveModuleSource(source.value, this.module.dir, [...this.callPath, name], () => this.host.manifest());
    if (dir === undefined) return isLocalSource(source.value) ? undefined : { opaque: source.value };
    if (this.ancestors.includes(dir) || this.depth >= MAX_MODULE_DEPTH) return undefined;
    return { dir };
  }
}

/** A call argument that feeds a variable (not a meta-argument such as `source` or `count`). */
export function callArgument(call: Block, name: string): Attribute | undefined {
  return CALL_META_ARGUMENTS.has(name) ? undefined : call.body.attributes.find((a) => a.name === name);
}

const NOT_KNOWN: Evaluated = { known: false };

/** A call's arguments, evaluated in the caller's scope only when the child module asks for one. */
function callArguments(caller: Caller): CallArguments {
  const values = new Map<string, Evaluated | typeof PENDING>();
  const argument = (name: string): Evaluated | undefined => {
    const known = values.get(name);
    if (known === PENDING) return NOT_KNOWN; // an argument that depends on the child's own output
    if (known) return known;
    const attribute = callArgument(caller.call, name);
    if (!attribute) return undefined;
    values.set(name, PENDING);
    const value = caller.instance.evaluator.valueOf(attribute.expr, caller.call);
    values.set(name, value);
    return value;
  };
  return {
    has: (name) => callArgument(caller.call, name) !== undefined,
    get: (name) => {
      const value = argument(name);
      return value === undefined ? undefined : value.known ? value.value : UNKNOWN;
    },
    fromPlan: (name) => {
      const value = argument(name);
      return value?.known === true && value.fromPlan === true;
    },
  };
}
