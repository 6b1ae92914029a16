// A module is the `.tf` and `.tf.json` files of one directory, indexed once so rules look things up
// instead of scanning: blocks by kind and address, local values by name, and references both ways.
import { addressOf, type Attribute, type Block, type EnvironmentGroup, type Module, type Reference, type SourceFile } from '../../../rules/api';
import { collectReferences } from './references';

class IndexedModule implements Module {
  readonly blocks: Block[] = [];
  readonly resources: Block[] = [];
  readonly dataSources: Block[] = [];
  readonly variables = new Map<string, Block>();
  readonly locals = new Map<string, Attribute>();
  readonly outputs = new Map<string, Block>();
  readonly moduleCalls = new Map<string, Block>();
  readonly providers: Block[] = [];
  readonly terraformBlocks: Block[] = [];
  backend?: Block;
  private readonly byAddress = new Map<string, Block>();
  private readonly byType = new Map<string, Block[]>();
  private readonly byDataType = new Map<string, Block[]>();
  private referenceList?: Reference[];
  private referencesByAddress?: Map<string, Reference[]>;
  private referencesByBlock?: Map<Block, Reference[]>;
  private referencesByFile?: Map<string, Reference[]>;
  private readonly filesByPath = new Map<string, SourceFile>();

  private backendFiles?: readonly SourceFile[];
  private environmentGroups?: readonly EnvironmentGroup[];
  readonly attachedFiles: readonly SourceFile[];
  readonly terragrunt?: SourceFile;

  constructor(
    readonly dir: string,
    readonly files: readonly SourceFile[],
    readonly varFiles: readonly SourceFile[],
    private readonly loadBackendFiles: () => readonly SourceFile[],
    private readonly extras: ModuleExtras,
  ) {
    for (const file of files) {
      this.filesByPath.set(file.path, file);
      for (const block of file.body.blocks) this.index(block);
    }
    for (const file of varFiles) this.filesByPath.set(file.path, file);
    this.attachedFiles = extras.attachedFiles ?? [];
    for (const file of this.attachedFiles) if (!this.filesByPath.has(file.path)) this.filesByPath.set(file.path, file);
    if (extras.terragrunt) this.terragrunt = extras.terragrunt;
  }

  // Found on first use: only the environment rule asks, and detection reads directories beside the module.
  get environments(): readonly EnvironmentGroup[] {
    if (!this.environmentGroups) {
      this.environmentGroups = this.extras.environments?.(this) ?? [];
      for (const group of this.environmentGroups) {
        for (const environment of group.environments) {
          for (const file of environment.files) if (!this.filesByPath.has(file.path)) this.filesByPath.set(file.path, file);
        }
      }
    }
    return this.environmentGroups;
  }

  // Found and parsed on first use: only a rule about backends asks, and most modules have none.
  get backendConfigFiles(): readonly SourceFile[] {
    if (!this.backendFiles) {
      this.backendFiles = this.loadBackendFiles();
      for (const file of this.backendFiles) if (!this.filesByPath.has(file.path)) this.filesByPath.set(file.path, file);
    }
    return this.backendFiles;
  }

  private index(block: Block): void {
    this.blocks.push(block);
    const [first, second] = block.labels;
    switch (block.type) {
      case 'resource':
        if (first === undefined || second === undefined) return;
        this.resources.push(block);
        push(this.byType, first, block);
        break;
      case 'data':
        if (first === undefined || second === undefined) return;
        this.dataSources.push(block);
        push(this.byDataType, first, block);
        break;
      case 'variable':
        if (first !== undefined && !this.variables.has(first)) this.variables.set(first, block);
        return;
      case 'output':
        if (first !== undefined && !this.outputs.has(first)) this.outputs.set(first, block);
        return;
      case 'module':
        if (first !== undefined && !this.moduleCalls.has(first)) this.moduleCalls.set(first, block);
        break;
      case 'provider':
        this.providers.push(block);
        return;
      case 'locals':
        for (const attribute of block.body.attributes) if (!this.locals.has(attribute.name)) this.locals.set(attribute.name, attribute);
        return;
      case 'terraform':
        this.terraformBlocks.push(block);
        if (!this.backend) {
          const backend = block.body.blocks.find((b) => b.type === 'backend');
          if (backend) this.backend = backend;
        }
        return;
      default:
        return;
    }
    const address = addressOf(block);
    if (address !== undefined && !this.byAddress.has(address)) this.byAddress.set(address, block);
  }

  resource(type: string, name: string): Block | undefined {
    return this.byAddress.get(`${type}.${name}`);
  }

  resourcesOfType(type: string): readonly Block[] {
    return this.byType.get(type) ?? [];
  }

  dataSource(type: string, name: string): Block | undefined {
    return this.byAddress.get(`data.${type}.${name}`);
  }

  dataSourcesOfType(type: string): readonly Block[] {
    return this.byDataType.get(type) ?? [];
  }

  block(address: string): Block | undefined {
    return this.byAddress.get(address);
  }

  // References are collected on first use: many lints never need them.
  get references(): readonly Reference[] {
    if (!this.referenceList) {
      this.referenceList = [];
      for (const block of this.blocks) this.referenceList.push(...collectReferences(block));
    }
    return this.referenceList;
  }

  referencesTo(address: string): readonly Reference[] {
    if (!this.referencesByAddress) {
      this.referencesByAddress = new Map();
      for (const reference of this.references) push(this.referencesByAddress, reference.address, reference);
    }
    return this.referencesByAddress.get(address) ?? [];
  }

  /** References whose range lies inside [start, end) of a file, in source order. */
  referencesWithin(file: string, start: number, end: number): readonly Reference[] {
    if (!this.referencesByFile) {
      this.referencesByFile = new Map();
      for (const reference of this.references) push(this.referencesByFile, reference.file, reference);
      for (const list of this.referencesByFile.values()) list.sort((a, b) => a.range.start.offset - b.range.start.offset);
    }
    const list = this.referencesByFile.get(file) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.range.start.offset < start) low = mid + 1;
      else high = mid;
    }
    const found: Reference[] = [];
    for (let i = low; i < list.length && list[i]!.range.start.offset < end; i++) {
      if (list[i]!.range.end.offset <= end) found.push(list[i]!);
    }
    return found;
  }

  referencesFrom(block: Block): readonly Reference[] {
    if (!this.referencesByBlock) {
      this.referencesByBlock = new Map();
      for (const reference of this.references) push(this.referencesByBlock, reference.from, reference);
    }
    return this.referencesByBlock.get(block) ?? [];
  }

  file(path: string): SourceFile | undefined {
    return this.filesByPath.get(path);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type ModuleIndex = Module & {
  referencesWithin(file: string, start: number, end: number): readonly Reference[];
  /** Files that belong to the module without being configuration: see ModuleExtras. */
  readonly attachedFiles: readonly SourceFile[];
  /** The directory's `terragrunt.hcl`, if any. */
  readonly terragrunt?: SourceFile;
};

export interface ModuleExtras {
  /**
   * Files that belong to the module without being configuration Terraform loads: the var files of its
   * directory that Terraform does not load by itself, those of its environment folders, and its
   * `terragrunt.hcl`. The lint reports their syntax errors and honours their suppression comments.
   */
  readonly attachedFiles?: readonly SourceFile[];
  readonly terragrunt?: SourceFile;
  /** Finds the module's environments (called once, on first use of `environments`). */
  readonly environments?: (module: ModuleIndex) => readonly EnvironmentGroup[];
}

export function buildModule(
  dir: string,
  files: readonly SourceFile[],
  varFiles: readonly SourceFile[] = [],
  backendConfigFiles: readonly SourceFile[] | (() => readonly SourceFile[]) = [],
  extras: ModuleExtras = {},
): ModuleIndex {
  const load = typeof backendConfigFiles === 'function' ? backendConfigFiles : () => backendConfigFiles;
  return new IndexedModule(dir, files, varFiles, load, extras);
}
