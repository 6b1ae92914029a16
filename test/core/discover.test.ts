import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createExcludeMatcher, type Discovery, discoverModules, UsageError } from '../../server/src/core/discover';

/** A file tree: paths with forward slashes to file contents, or `{ link: target }` for a symlink. */
type Tree = Readonly<Record<string, string | { readonly link: string }>>;

let root: string;
before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'premortem-discover-')));
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

let treeCount = 0;
function makeTree(tree: Tree): string {
  const dir = path.join(root, `tree-${++treeCount}`);
  fs.mkdirSync(dir);
  for (const [relative, content] of Object.entries(tree)) {
    const target = path.join(dir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(target, content);
    else fs.symlinkSync(content.link, target, 'dir');
  }
  return dir;
}

/** The discovery with paths relative to `dir` and forward slashes, for readable expectations. */
function relativeTo(dir: string, discovery: Discovery): unknown {
  const show = (file: string): string => path.relative(dir, file).split(path.sep).join('/') || '.';
  return {
    modules: discovery.modules.map((m) => ({
      dir: show(m.dir),
      files: m.files.map(show),
      varFiles: m.varFiles.map(show),
      ...(m.environmentFiles.length > 0 ? { environmentFiles: m.environmentFiles.map(show) } : {}),
      ...(m.terragrunt !== undefined ? { terragrunt: show(m.terragrunt) } : {}),
    })),
    strayVarFiles: discovery.strayVarFiles.map(show),
    ...(discovery.shadowedFiles.length > 0 ? { shadowedFiles: discovery.shadowedFiles.map(show) } : {}),
  };
}

interface DiscoveryCase {
  readonly name: string;
  readonly tree: Tree;
  /** Relative to the tree; default `["."]`. */
  readonly paths?: readonly string[];
  readonly exclude?: readonly string[];
  readonly expected: {
    readonly modules: readonly {
      dir: string;
      files: readonly string[];
      varFiles?: readonly string[];
      environmentFiles?: readonly string[];
      terragrunt?: string;
    }[];
    readonly strayVarFiles?: readonly string[];
    readonly shadowedFiles?: readonly string[];
  };
}

const discoveryCases: readonly DiscoveryCase[] = [
  {
    name: 'one module, files sorted, both syntaxes',
    tree: { 'variables.tf': '', 'main.tf': '', 'extra.tf.json': '{}', 'README.md': '' },
    expected: { modules: [{ dir: '.', files: ['extra.tf.json', 'main.tf', 'variables.tf'] }] },
  },
  {
    name: 'nested modules sorted by directory, parents first',
    tree: { 'main.tf': '', 'modules/b/main.tf': '', 'modules/a/main.tf': '', 'modules/a-b/main.tf': '', 'modules/a/sub/x.tf': '' },
    expected: {
      modules: [
        { dir: '.', files: ['main.tf'] },
        { dir: 'modules/a', files: ['modules/a/main.tf'] },
        { dir: 'modules/a/sub', files: ['modules/a/sub/x.tf'] },
        { dir: 'modules/a-b', files: ['modules/a-b/main.tf'] },
        { dir: 'modules/b', files: ['modules/b/main.tf'] },
      ],
    },
  },
  {
    name: 'tool and cache directories are always skipped',
    tree: {
      'main.tf': '',
      '.terraform/modules/vpc/main.tf': '',
      '.terragrunt-cache/x/main.tf': '',
      '.git/main.tf': '',
      'node_modules/pkg/main.tf': '',
      '.github/main.tf': '',
    },
    expected: {
      modules: [
        { dir: '.', files: ['main.tf'] },
        { dir: '.github', files: ['.github/main.tf'] },
      ],
    },
  },
  {
    name: 'variable files belong to their module, those of its environment folders too; elsewhere they are stray',
    tree: { 'main.tf': '', 'prod.tfvars': '', 'dev.tfvars.json': '{}', 'envs/staging.tfvars': '', 'docs/example.tfvars': '' },
    expected: {
      modules: [{ dir: '.', files: ['main.tf'], varFiles: ['dev.tfvars.json', 'prod.tfvars'], environmentFiles: ['envs/staging.tfvars'] }],
      strayVarFiles: ['docs/example.tfvars'],
    },
  },
  {
    name: 'environment folders, environment directories and their subdirectories',
    tree: {
      'app/main.tf': '',
      'app/environments/common.tfvars': '',
      'app/environments/prod/app.tfvars': '',
      'app/stg/app.tfvars': '',
      'app/prod/app.tfvars': '',
      'app/ithc/app.tfvars': '',
      'app/modules/x/main.tf': '',
      'app/modules/x/prod.tfvars': '',
      'app/prod/eu/deep.tfvars': '',
    },
    expected: {
      modules: [
        {
          dir: 'app',
          files: ['app/main.tf'],
          varFiles: [],
          environmentFiles: [
            'app/environments/common.tfvars',
            'app/environments/prod/app.tfvars',
            'app/ithc/app.tfvars',
            'app/prod/app.tfvars',
            'app/stg/app.tfvars',
          ],
        },
        { dir: 'app/modules/x', files: ['app/modules/x/main.tf'], varFiles: ['app/modules/x/prod.tfvars'] },
      ],
      strayVarFiles: ['app/prod/eu/deep.tfvars'],
    },
  },
  {
    name: 'a var file argument in an environment folder stands for the module it belongs to',
    tree: { 'main.tf': '', 'envs/prod.tfvars': '', 'envs/dev.tfvars': '' },
    paths: ['envs/prod.tfvars'],
    expected: { modules: [{ dir: '.', files: ['main.tf'], varFiles: [], environmentFiles: ['envs/dev.tfvars', 'envs/prod.tfvars'] }] },
  },
  {
    name: 'a directory with a terragrunt.hcl is a module, even without .tf files',
    tree: { 'live/prod/app/terragrunt.hcl': '', 'live/root.hcl': '', 'modules/app/main.tf': '' },
    expected: {
      modules: [
        { dir: 'live/prod/app', files: [], varFiles: [], terragrunt: 'live/prod/app/terragrunt.hcl' },
        { dir: 'modules/app', files: ['modules/app/main.tf'], varFiles: [] },
      ],
    },
  },
  {
    name: 'a directory without Terraform files is no module',
    tree: { 'docs/readme.md': '', 'main.tf': '' },
    expected: { modules: [{ dir: '.', files: ['main.tf'] }] },
  },
  {
    name: 'a file argument stands for its whole directory, not its subdirectories',
    tree: { 'app/main.tf': '', 'app/outputs.tf': '', 'app/sub/x.tf': '', 'other/main.tf': '' },
    paths: ['app/main.tf'],
    expected: { modules: [{ dir: 'app', files: ['app/main.tf', 'app/outputs.tf'] }] },
  },
  {
    name: 'overlapping arguments give each module once',
    tree: { 'main.tf': '', 'app/main.tf': '' },
    paths: ['app/main.tf', 'app', '.'],
    expected: {
      modules: [
        { dir: '.', files: ['main.tf'] },
        { dir: 'app', files: ['app/main.tf'] },
      ],
    },
  },
  {
    name: '"examples" excludes the directory',
    tree: { 'main.tf': '', 'examples/a/main.tf': '', 'sub/examples/main.tf': '' },
    exclude: ['examples'],
    expected: {
      modules: [
        { dir: '.', files: ['main.tf'] },
        { dir: 'sub/examples', files: ['sub/examples/main.tf'] },
      ],
    },
  },
  {
    name: '"examples/**" excludes the same',
    tree: { 'main.tf': '', 'examples/a/main.tf': '', 'examples/main.tf': '' },
    exclude: ['examples/**'],
    expected: { modules: [{ dir: '.', files: ['main.tf'] }] },
  },
  {
    name: '"**/fixtures/**" excludes at any depth',
    tree: { 'main.tf': '', 'fixtures/main.tf': '', 'a/b/fixtures/c/main.tf': '' },
    exclude: ['**/fixtures/**'],
    expected: { modules: [{ dir: '.', files: ['main.tf'] }] },
  },
  {
    name: 'a file glob excludes single files',
    tree: { 'main.tf': '', 'generated.tf': '', 'sub/generated.tf': '', 'sub/main.tf': '' },
    exclude: ['**/generated.tf'],
    expected: {
      modules: [
        { dir: '.', files: ['main.tf'] },
        { dir: 'sub', files: ['sub/main.tf'] },
      ],
    },
  },
  {
    name: 'an explicitly named path is still excluded',
    tree: { 'main.tf': '', 'examples/main.tf': '' },
    paths: ['examples/main.tf', 'examples'],
    exclude: ['examples/'],
    expected: { modules: [] },
  },
  {
    name: 'a symlink loop is walked once',
    tree: { 'main.tf': '', 'a/main.tf': '', 'a/loop': { link: '..' } },
    expected: {
      modules: [
        { dir: '.', files: ['main.tf'] },
        { dir: 'a', files: ['a/main.tf'] },
      ],
    },
  },
  {
    name: 'a symlink into the tree does not duplicate a module, whatever the name order',
    tree: { 'z/main.tf': '', 'a-link': { link: 'z' } },
    expected: { modules: [{ dir: 'z', files: ['z/main.tf'] }] },
  },
  {
    name: 'OpenTofu files: .tofu and .tofu.json make a module on their own',
    tree: { 'tofu/main.tofu': '', 'tofu/extra.tofu.json': '{}', 'tofu/prod.tfvars': '' },
    expected: { modules: [{ dir: 'tofu', files: ['tofu/extra.tofu.json', 'tofu/main.tofu'], varFiles: ['tofu/prod.tfvars'] }] },
  },
  {
    name: 'OpenTofu files: x.tofu replaces x.tf and x.tofu.json replaces x.tf.json, in one directory only',
    tree: {
      'main.tf': '',
      'main.tofu': '',
      'vars.tf.json': '{}',
      'vars.tofu.json': '{}',
      'other.tf': '',
      // Native and JSON are separate pairs: x.tofu does not replace x.tf.json.
      'mixed.tf.json': '{}',
      'mixed.tofu': '',
      'child/main.tf': '',
    },
    expected: {
      modules: [
        { dir: '.', files: ['main.tofu', 'mixed.tf.json', 'mixed.tofu', 'other.tf', 'vars.tofu.json'] },
        { dir: 'child', files: ['child/main.tf'] },
      ],
      shadowedFiles: ['main.tf', 'vars.tf.json'],
    },
  },
  {
    name: 'a dangling symlink is ignored',
    tree: { 'main.tf': '', broken: { link: 'nowhere' } },
    expected: { modules: [{ dir: '.', files: ['main.tf'] }] },
  },
];

describe('discoverModules', () => {
  for (const c of discoveryCases) {
    test(c.name, () => {
      const dir = makeTree(c.tree);
      const paths = (c.paths ?? ['.']).map((p) => path.join(dir, p));
      const discovery = discoverModules(paths, createExcludeMatcher(dir, c.exclude ?? []));
      const expected = {
        modules: c.expected.modules.map(({ varFiles, ...m }) => ({ ...m, varFiles: varFiles ?? [] })),
        strayVarFiles: c.expected.strayVarFiles ?? [],
        ...(c.expected.shadowedFiles ? { shadowedFiles: c.expected.shadowedFiles } : {}),
      };
      assert.deepEqual(relativeTo(dir, discovery), expected);
    });
  }

  test('a symlink to a directory elsewhere in the repository is followed, under the link name', () => {
    const repository = makeTree({ '.git/HEAD': '', 'shared/main.tf': '', 'live/main.tf': '' });
    const dir = path.join(repository, 'live');
    fs.symlinkSync(path.join(repository, 'shared'), path.join(dir, 'linked'));
    fs.symlinkSync(path.join(repository, 'shared'), path.join(dir, 'again'));
    const discovery = discoverModules([dir], () => false);
    assert.deepEqual(relativeTo(dir, discovery), {
      modules: [
        { dir: '.', files: ['main.tf'], varFiles: [] },
        { dir: 'again', files: ['again/main.tf'], varFiles: [] },
      ],
      strayVarFiles: [],
    });
    assert.deepEqual(discovery.linksOutside, []);
  });

  test('a symlink out of the workspace (the repository, else the scanned path) is not followed, and is named', () => {
    const outside = makeTree({ 'shared/main.tf': '', passwd: 'root:x:0:0\n' });
    const dir = makeTree({
      'main.tf': '',
      linked: { link: path.join(outside, 'shared') },
      'passwd.tf': { link: path.join(outside, 'passwd') },
      'notes.md': { link: path.join(outside, 'passwd') },
    });
    const discovery = discoverModules([dir], () => false);
    assert.deepEqual(relativeTo(dir, discovery), { modules: [{ dir: '.', files: ['main.tf'], varFiles: [] }], strayVarFiles: [] });
    assert.deepEqual(discovery.linksOutside, [path.join(dir, 'linked'), path.join(dir, 'passwd.tf')], 'a link to a file premortem would not read is not named');
  });

  test('absolute module and file paths', () => {
    const dir = makeTree({ 'main.tf': '' });
    const discovery = discoverModules([dir], () => false);
    assert.deepEqual(discovery.modules, [{ dir, files: [path.join(dir, 'main.tf')], varFiles: [], environmentFiles: [] }]);
  });

  const usageCases: readonly { name: string; tree: Tree; argument: string; message: string }[] = [
    { name: 'a path that does not exist', tree: {}, argument: 'missing', message: 'path not found: ' },
    { name: 'a file that is not Terraform', tree: { 'notes.txt': '' }, argument: 'notes.txt', message: 'not a Terraform file: ' },
  ];
  for (const c of usageCases) {
    test(`usage error: ${c.name}`, () => {
      const argument = path.join(makeTree(c.tree), c.argument);
      assert.throws(
        () => discoverModules([argument], () => false),
        (error: unknown) => {
          assert.ok(error instanceof UsageError);
          assert.equal(error.message, `${c.message}${argument}`);
          return true;
        },
      );
    });
  }

  test('the usage error repeats the path as given', () => {
    assert.throws(() => discoverModules(['no/such/dir'], () => false), new UsageError('path not found: no/such/dir'));
  });
});

interface MatcherCase {
  readonly name: string;
  readonly patterns: readonly string[];
  readonly file: string;
  readonly isDirectory: boolean;
  readonly excluded: boolean;
}

const matcherCases: readonly MatcherCase[] = [
  { name: 'no patterns exclude nothing', patterns: [], file: 'a/main.tf', isDirectory: false, excluded: false },
  { name: 'a directory name matches the directory', patterns: ['examples'], file: 'examples', isDirectory: true, excluded: true },
  { name: 'a directory name covers its contents', patterns: ['examples'], file: 'examples/a/main.tf', isDirectory: false, excluded: true },
  { name: 'a directory name is anchored at the base', patterns: ['examples'], file: 'x/examples/main.tf', isDirectory: false, excluded: false },
  { name: 'dir/** matches the directory itself', patterns: ['examples/**'], file: 'examples', isDirectory: true, excluded: true },
  { name: 'a trailing slash matches directories', patterns: ['examples/'], file: 'examples', isDirectory: true, excluded: true },
  { name: 'a trailing slash skips files', patterns: ['examples/'], file: 'examples', isDirectory: false, excluded: false },
  { name: 'a leading ./ is ignored', patterns: ['./examples'], file: 'examples/main.tf', isDirectory: false, excluded: true },
  { name: 'a leading / anchors at the base', patterns: ['/examples'], file: 'examples/main.tf', isDirectory: false, excluded: true },
  { name: '** reaches any depth', patterns: ['**/fixtures/**'], file: 'a/b/fixtures/main.tf', isDirectory: false, excluded: true },
  { name: 'dot directories match', patterns: ['**/*.tf'], file: '.hidden/main.tf', isDirectory: false, excluded: true },
  { name: 'a single * stays in one directory', patterns: ['*.tf'], file: 'a/main.tf', isDirectory: false, excluded: false },
  { name: '! is literal, not a negation', patterns: ['!keep'], file: 'other/main.tf', isDirectory: false, excluded: false },
  { name: 'a path outside the base is never excluded', patterns: ['**'], file: '../elsewhere/main.tf', isDirectory: false, excluded: false },
  { name: 'the base itself is never excluded', patterns: ['**'], file: '.', isDirectory: true, excluded: false },
];

describe('createExcludeMatcher', () => {
  const base = path.join(os.tmpdir(), 'premortem-base');
  for (const c of matcherCases) {
    test(c.name, () => {
      const isExcluded = createExcludeMatcher(base, c.patterns);
      assert.equal(isExcluded(path.join(base, ...c.file.split('/')), c.isDirectory), c.excluded);
    });
  }
});
