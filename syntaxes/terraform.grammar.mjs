// Source of premortem's TextMate grammars. `npm run gen-grammar` writes them to
// syntaxes/terraform.tmLanguage.json and syntaxes/terraform-vars.tmLanguage.json; test/grammar.test.ts
// fails when the committed JSON differs from what this file produces. Edit this file, never the JSON.
//
// Written for premortem from the HCL native syntax specification; it shares no text with HashiCorp's
// grammar.
//
// Coexistence with HashiCorp's Terraform extension (hashicorp.terraform)
// ----------------------------------------------------------------------
// Both extensions contribute a grammar for the language ids `terraform` and `terraform-vars`.
// VS Code binds each language id to exactly one grammar: the contribution it registers last wins
// (TMGrammarFactory keeps a language -> scopeName map and overwrites it), and that order is the
// extension registration order, which neither extension controls. So with both installed a .tf file is
// coloured by one complete grammar, theirs or ours, never a mix, and never tokenized twice.
// To keep either outcome harmless:
//   - our scope names are our own (`source.premortem.terraform`, `source.premortem.terraform-vars`), so
//     neither grammar replaces the other in VS Code's scope registry (a shared scope name would let one
//     file silently stand in for the other, including wherever other grammars embed `source.hcl.*`);
//   - our grammars include only each other, never `source.hcl*`, so they work whether or not
//     HashiCorp's extension is present, and whichever grammar wins for `terraform-vars`;
//   - token scopes are conventional TextMate names (ending in `.terraform`) so themes colour both grammars
//     alike. Block types, block labels, attribute names and function names get the scopes that HashiCorp's
//     extension maps terraform-ls's semantic tokens to (entity.name.type, variable.other.enummember,
//     variable.other.property, support.function), so their colours do not jump when those semantic
//     tokens, drawn over whichever TextMate grammar won, arrive.
// Contributing the grammar "only when theirs is absent" is not possible: grammar contributions are
// static and have no `when` clause. Contributing it under a scope without a language would leave users
// without HashiCorp's extension with no colouring at all.

// HCL identifiers are Unicode ID_Start/ID_Continue plus `-`. Every non-ASCII character counts as a letter
// here: Unicode property classes (\p{L}) make each of the grammar's scanners take tens of milliseconds to
// compile, which VS Code would pay when the first .tf file opens, and a non-ASCII character outside a
// string or comment is an error anyway.
const NON_ASCII = String.raw`\x{80}-\x{10FFFF}`;
const ID_START = `[A-Za-z_${NON_ASCII}]`;
const ID_CHAR = `[A-Za-z0-9_${NON_ASCII}]`;
const ID_CONTINUE = `[A-Za-z0-9_\\-${NON_ASCII}]`;
/** An HCL identifier: a letter or `_`, then letters, digits, `_` and `-` (possessive: never split). */
const IDENT = `${ID_START}${ID_CONTINUE}*+`;
/** Not inside a longer identifier on either side (`a-b` is one identifier, `a -b` a subtraction). */
const WORD_START = `(?<!${ID_CHAR})(?<!${ID_CHAR}-)`;
const WORD_END = `(?!${ID_CONTINUE})`;
const word = (alternatives) => `${WORD_START}(?:${alternatives})${WORD_END}`;

/** Whitespace or a one-line block comment, as may separate a block's type and labels. */
const SEP = String.raw`(?:\s|/\*(?:[^*]|\*(?!/))*\*/)`;
const QUOTED_LABEL = String.raw`"(?:[^"\\]|\\.)*"`;
const LABELS = `(?>(?:${SEP}*${QUOTED_LABEL}|${SEP}+${IDENT})*)`;
/** A line that opens a block: `resource "a" "b" {`, `lifecycle {`. */
const BLOCK_HEADER_AHEAD = String.raw`(?=^\s*${IDENT}(?:\s*${QUOTED_LABEL}|\s+${IDENT})*\s*\{)`;
/** A line that starts an attribute: `name = ...` (but not `a == b` or `k => v`). */
const ATTRIBUTE_AHEAD = String.raw`(?=^\s*${IDENT}\s*=(?![=>]))`;
/**
 * Error recovery. A line starting a block or an attribute is never valid inside a tuple, call,
 * parenthesized expression or template sequence, so those end before it: an unclosed `[`, `(` or `${`
 * while typing spoils the rest of its own line and no more. (Inside an object, `name = ...` is an element,
 * so objects only end before a block header.)
 */
const RECOVER = `${BLOCK_HEADER_AHEAD}|${ATTRIBUTE_AHEAD}`;

/** Where an object element starts: at the start of a line, or after `{` or `,` and any spaces. */
const ELEMENT_START = String.raw`(?:^|(?<=[{,])|(?<=\*/))\s*`;

const NAMED_REFERENCE_ROOTS = 'var|local|module|data|each|count|self|path|terraform';
const PRIMITIVE_TYPES = 'string|number|bool|any';
const TYPE_CONSTRUCTORS = 'list|map|set|tuple|object|optional';

/** Suffixes every scope in a space-separated list with `.terraform`. */
const s = (names) =>
  names
    .split(' ')
    .map((n) => `${n}.terraform`)
    .join(' ');

const commentsRule = {
  patterns: [
    {
      name: s('comment.line.number-sign'),
      match: '(#).*$',
      captures: { 1: { name: s('punctuation.definition.comment') } },
    },
    {
      name: s('comment.line.double-slash'),
      match: '(//).*$',
      captures: { 1: { name: s('punctuation.definition.comment') } },
    },
    {
      name: s('comment.block'),
      begin: String.raw`/\*`,
      end: String.raw`\*/`,
      beginCaptures: { 0: { name: s('punctuation.definition.comment.begin') } },
      endCaptures: { 0: { name: s('punctuation.definition.comment.end') } },
    },
  ],
};

const terraform = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  information_for_contributors: [
    'Generated from syntaxes/terraform.grammar.mjs by scripts/gen-grammar.mjs; edit that file, then run',
    '`npm run gen-grammar` and `npm run test:grammar:update`.',
  ],
  name: 'Terraform (premortem)',
  scopeName: 'source.premortem.terraform',
  fileTypes: ['tf'],
  patterns: [{ include: '#body' }],
  repository: {
    // ── structure ────────────────────────────────────────────────────────────────────────────────────
    body: {
      comment: 'The contents of a file or a block: blocks and attributes. Anything else is read as an expression.',
      patterns: [{ include: '#comments' }, { include: '#block' }, { include: '#attribute' }, { include: '#expressions' }],
    },
    block: {
      comment: 'A block: a type, any number of quoted or bare labels, and a body in braces.',
      name: s('meta.block'),
      begin: `(?:^|(?<=\\{))\\s*(${IDENT})(${LABELS}${SEP}*)(\\{)`,
      beginCaptures: {
        1: { name: s('entity.name.type') },
        2: { patterns: [{ include: '#comments' }, { include: '#block-label' }] },
        3: { name: s('punctuation.section.block.begin') },
      },
      end: String.raw`\}`,
      endCaptures: { 0: { name: s('punctuation.section.block.end') } },
      patterns: [{ include: '#body' }],
    },
    'block-label': {
      patterns: [
        {
          match: String.raw`(")((?:[^"\\]|\\.)*)(")`,
          captures: {
            1: { name: s('variable.other.enummember punctuation.definition.label.begin') },
            2: { name: s('variable.other.enummember') },
            3: { name: s('variable.other.enummember punctuation.definition.label.end') },
          },
        },
        { name: s('variable.other.enummember'), match: IDENT },
      ],
    },
    attribute: {
      comment: 'An argument `name = expression`; it ends with its line, unless a bracket, string or heredoc is still open.',
      name: s('meta.attribute'),
      begin: `(?:^|(?<=\\{)|(?<=\\*/))\\s*(${IDENT})\\s*(=)(?![=>])`,
      beginCaptures: {
        1: { name: s('variable.other.property') },
        2: { name: s('keyword.operator.assignment') },
      },
      end: `$|(?=\\})|${RECOVER}`,
      patterns: [{ include: '#expressions' }],
    },

    // ── expressions ──────────────────────────────────────────────────────────────────────────────────
    expressions: {
      patterns: [
        { include: '#comments' },
        { include: '#heredoc' },
        { include: '#string' },
        { include: '#numbers' },
        { include: '#constants' },
        { include: '#function-call' },
        { include: '#splat' },
        { include: '#ellipsis' },
        { include: '#attribute-access' },
        { include: '#tuple' },
        { include: '#object' },
        { include: '#parens' },
        { include: '#operators' },
        { include: '#types' },
        { include: '#references' },
        { name: s('punctuation.separator.comma'), match: ',' },
      ],
    },
    comments: commentsRule,
    numbers: {
      patterns: [
        {
          name: s('constant.numeric.float'),
          match: String.raw`(?<!${ID_CHAR})\d+(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)`,
        },
        { name: s('constant.numeric.integer'), match: String.raw`(?<!${ID_CHAR})\d+` },
      ],
    },
    constants: {
      patterns: [
        { name: s('constant.language.boolean'), match: word('true|false') },
        { name: s('constant.language.null'), match: word('null') },
      ],
    },
    types: {
      comment: 'Primitive type keywords of type constraints (`type = map(string)`).',
      name: s('storage.type.primitive'),
      match: word(PRIMITIVE_TYPES),
    },
    operators: {
      patterns: [
        { name: s('keyword.operator.arrow'), match: '=>' },
        { name: s('keyword.operator.comparison'), match: '==|!=|<=|>=|<|>' },
        { name: s('keyword.operator.logical'), match: String.raw`&&|\|\||!` },
        { name: s('keyword.operator.arithmetic'), match: String.raw`[-+*/%]` },
        { name: s('keyword.operator.ternary'), match: String.raw`\?|:(?!:)` },
        { name: s('keyword.operator.assignment'), match: '=' },
      ],
    },
    ellipsis: {
      comment: 'Argument expansion `f(list...)` and grouping in `for` objects `k => v...`.',
      name: s('keyword.operator.spread'),
      match: String.raw`\.\.\.`,
    },
    splat: {
      patterns: [
        {
          comment: 'Full splat `[*]`.',
          match: String.raw`(\[)\s*(\*)\s*(\])`,
          captures: {
            1: { name: s('punctuation.section.brackets.begin') },
            2: { name: s('keyword.operator.splat') },
            3: { name: s('punctuation.section.brackets.end') },
          },
        },
        {
          comment: 'Attribute-only splat `.*`.',
          match: String.raw`(\.)(\*)`,
          captures: { 1: { name: s('punctuation.accessor') }, 2: { name: s('keyword.operator.splat') } },
        },
      ],
    },
    'attribute-access': {
      patterns: [
        {
          match: `(\\.)\\s*(${IDENT})`,
          captures: { 1: { name: s('punctuation.accessor') }, 2: { name: s('variable.other.member') } },
        },
        {
          comment: 'Legacy index `aws_instance.web.0.id`.',
          match: String.raw`(\.)(\d+)`,
          captures: { 1: { name: s('punctuation.accessor') }, 2: { name: s('constant.numeric.integer') } },
        },
      ],
    },
    references: {
      patterns: [
        {
          comment: '`data.<type>.<name>`: the data source type.',
          match: `${WORD_START}(data)\\s*(\\.)\\s*(${IDENT})`,
          captures: {
            1: { name: s('variable.language') },
            2: { name: s('punctuation.accessor') },
            3: { name: s('entity.name.type') },
          },
        },
        {
          comment: 'The named roots of references: `var.`, `local.`, `module.`, `each.`, `count.`, ...',
          name: s('variable.language'),
          match: `${word(NAMED_REFERENCE_ROOTS)}(?=\\s*\\.)`,
        },
        {
          comment: 'A resource reference `aws_s3_bucket.logs.arn`: resource types are `<provider>_<name>`.',
          name: s('entity.name.type'),
          match: `${WORD_START}[A-Za-z0-9]+_${ID_CONTINUE}*+(?=\\s*\\.\\s*${ID_START})`,
        },
        { name: s('variable.other.readwrite'), match: `${WORD_START}${IDENT}` },
      ],
    },
    'function-call': {
      patterns: [
        {
          comment: 'Provider-defined function `provider::aws::arn_parse(...)`.',
          name: s('meta.function-call'),
          begin: `${WORD_START}(provider)(::)(${IDENT})(::)(${IDENT})\\s*(\\()`,
          beginCaptures: {
            1: { name: s('entity.name.namespace') },
            2: { name: s('punctuation.separator.namespace') },
            3: { name: s('entity.name.namespace') },
            4: { name: s('punctuation.separator.namespace') },
            5: { name: s('support.function') },
            6: { name: s('punctuation.section.arguments.begin') },
          },
          end: `(\\))|(?=[\\]}])|${RECOVER}`,
          endCaptures: { 1: { name: s('punctuation.section.arguments.end') } },
          patterns: [{ include: '#expressions' }],
        },
        {
          comment: 'Type constructors in type constraints: `list(string)`, `object({ ... })`, `optional(number, 2)`.',
          name: s('meta.type-constructor'),
          begin: `${word(TYPE_CONSTRUCTORS)}\\s*(\\()`,
          beginCaptures: {
            0: { name: s('storage.type.complex') },
            1: { name: s('punctuation.section.arguments.begin') },
          },
          end: `(\\))|(?=[\\]}])|${RECOVER}`,
          endCaptures: { 1: { name: s('punctuation.section.arguments.end') } },
          patterns: [{ include: '#expressions' }],
        },
        {
          comment: 'A call of a built-in function (Terraform has no user-defined functions).',
          name: s('meta.function-call'),
          begin: `${WORD_START}(?!(?:for|if|in)${WORD_END})(${IDENT})\\s*(\\()`,
          beginCaptures: {
            1: { name: s('support.function.builtin') },
            2: { name: s('punctuation.section.arguments.begin') },
          },
          end: `(\\))|(?=[\\]}])|${RECOVER}`,
          endCaptures: { 1: { name: s('punctuation.section.arguments.end') } },
          patterns: [{ include: '#expressions' }],
        },
      ],
    },
    parens: {
      name: s('meta.parens'),
      begin: String.raw`\(`,
      beginCaptures: { 0: { name: s('punctuation.section.parens.begin') } },
      end: `(\\))|(?=[\\]}])|${RECOVER}`,
      endCaptures: { 1: { name: s('punctuation.section.parens.end') } },
      patterns: [{ include: '#expressions' }],
    },
    tuple: {
      comment: 'A tuple `[a, b]`, an index `x[0]`, or a `for` expression `[for v in x : v]`.',
      name: s('meta.brackets'),
      begin: String.raw`\[`,
      beginCaptures: { 0: { name: s('punctuation.section.brackets.begin') } },
      end: `(\\])|(?=[)}])|${RECOVER}`,
      endCaptures: { 1: { name: s('punctuation.section.brackets.end') } },
      patterns: [{ include: '#for-expression' }, { include: '#expressions' }],
    },
    object: {
      comment: 'An object `{ key = value }` (`:` works too), or a `for` expression `{for k, v in x : k => v}`.',
      name: s('meta.braces'),
      begin: String.raw`\{`,
      beginCaptures: { 0: { name: s('punctuation.section.braces.begin') } },
      end: `(\\})|(?=[\\])])|${BLOCK_HEADER_AHEAD}`,
      endCaptures: { 1: { name: s('punctuation.section.braces.end') } },
      patterns: [{ include: '#for-expression' }, { include: '#object-key' }, { include: '#expressions' }],
    },
    'object-key': {
      patterns: [
        {
          comment: 'A bare key at the start of an element: `Name = "x"`, `name: "x"`.',
          match: `${ELEMENT_START}(${IDENT})\\s*(=(?![=>])|:(?!:))`,
          captures: {
            1: { name: s('variable.other.property.key') },
            2: { name: s('keyword.operator.assignment') },
          },
        },
        {
          comment: 'A quoted key `"kebab-case" = 1`, and the keys of JSON-syntax `.tf.json` files.',
          match: `${ELEMENT_START}(")((?:[^"\\\\]|\\\\.)*)(")\\s*(=(?![=>])|:(?!:))`,
          captures: {
            1: { name: s('support.type.property-name punctuation.definition.string.begin') },
            2: {
              name: s('support.type.property-name'),
              patterns: [{ include: '#string-escapes' }, { include: '#template' }],
            },
            3: { name: s('support.type.property-name punctuation.definition.string.end') },
            4: { name: s('keyword.operator.assignment') },
          },
        },
      ],
    },
    'for-expression': {
      patterns: [
        {
          comment: '`for k, v in collection :` up to the colon; `=>`, `...` and `if` may follow.',
          name: s('meta.for'),
          begin: `${WORD_START}(for)\\s+(${IDENT})(?:\\s*(,)\\s*(${IDENT}))?\\s+(in)${WORD_END}`,
          beginCaptures: {
            1: { name: s('keyword.control.for') },
            2: { name: s('variable.parameter') },
            3: { name: s('punctuation.separator.comma') },
            4: { name: s('variable.parameter') },
            5: { name: s('keyword.control.in') },
          },
          end: `(:)|(?=[\\]})])|${RECOVER}`,
          endCaptures: { 1: { name: s('punctuation.separator.colon') } },
          patterns: [{ include: '#expressions' }],
        },
        {
          comment: 'The filter of a `for` expression (`if` is an ordinary name elsewhere, and as a key).',
          name: s('keyword.control.if'),
          match: `${word('if')}(?!\\s*(?:=(?![=>])|:(?!:)))`,
        },
      ],
    },

    // ── strings and templates ────────────────────────────────────────────────────────────────────────
    string: {
      comment:
        'A quoted template. It may not span lines (only an interpolation in it may), so an unclosed one ends ' +
        'with its line, or at the start of the next when an unclosed interpolation in it was cut off there.',
      name: s('string.quoted.double'),
      begin: '"',
      beginCaptures: { 0: { name: s('punctuation.definition.string.begin') } },
      end: '(")|$|^',
      endCaptures: { 1: { name: s('punctuation.definition.string.end') } },
      patterns: [{ include: '#string-escapes' }, { include: '#template' }],
    },
    'string-escapes': {
      patterns: [
        {
          comment: 'HCL escapes, plus the JSON-only \\/ \\b \\f of `.tf.json` strings.',
          name: s('constant.character.escape'),
          match: String.raw`\\(?:[nrt"\\/bf]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})`,
        },
        { name: s('invalid.illegal.escape'), match: String.raw`\\.` },
      ],
    },
    template: {
      comment: 'What quoted strings and heredocs share: escaped sequences, interpolations, directives.',
      patterns: [
        {
          comment: '`$${` and `%%{` stand for a literal `${` and `%{`.',
          name: s('constant.character.escape'),
          match: String.raw`\$\$\{|%%\{`,
        },
        { include: '#interpolation' },
        { include: '#directive' },
      ],
    },
    interpolation: {
      name: s('meta.embedded.line.interpolation'),
      begin: String.raw`(\$\{)(~)?`,
      beginCaptures: {
        1: { name: s('punctuation.section.interpolation.begin') },
        2: { name: s('keyword.operator.strip') },
      },
      end: `(~)?(\\})|${RECOVER}`,
      endCaptures: {
        1: { name: s('keyword.operator.strip') },
        2: { name: s('punctuation.section.interpolation.end') },
      },
      patterns: [{ include: '#expressions' }],
    },
    directive: {
      comment: 'Template directives `%{ if c }`, `%{ else }`, `%{ endif }`, `%{ for k, v in x }`, `%{ endfor }`.',
      name: s('meta.embedded.line.directive'),
      begin:
        String.raw`(%\{)(~)?\s*` +
        `(?:(if)${WORD_END}|(else)${WORD_END}|(endif)${WORD_END}|(endfor)${WORD_END}` +
        `|(for)\\s+(${IDENT})(?:\\s*(,)\\s*(${IDENT}))?\\s+(in)${WORD_END})?`,
      beginCaptures: {
        1: { name: s('punctuation.section.directive.begin') },
        2: { name: s('keyword.operator.strip') },
        3: { name: s('keyword.control.if') },
        4: { name: s('keyword.control.else') },
        5: { name: s('keyword.control.endif') },
        6: { name: s('keyword.control.endfor') },
        7: { name: s('keyword.control.for') },
        8: { name: s('variable.parameter') },
        9: { name: s('punctuation.separator.comma') },
        10: { name: s('variable.parameter') },
        11: { name: s('keyword.control.in') },
      },
      end: `(~)?(\\})|${RECOVER}`,
      endCaptures: {
        1: { name: s('keyword.operator.strip') },
        2: { name: s('punctuation.section.directive.end') },
      },
      patterns: [{ include: '#expressions' }],
    },
    heredoc: {
      comment:
        '`<<EOT` or `<<-EOT` with any identifier as the marker; it ends at a line holding only the marker. ' +
        'Unclosed, it runs to the end of the file, as Terraform reads it.',
      name: s('string.unquoted.heredoc'),
      begin: `(<<-?)(${IDENT})\\s*$`,
      beginCaptures: {
        1: { name: s('keyword.operator.heredoc') },
        2: { name: s('keyword.control.heredoc-token') },
      },
      end: String.raw`^\s*(\2)\s*$`,
      endCaptures: { 1: { name: s('keyword.control.heredoc-token') } },
      patterns: [{ include: '#template' }],
    },
  },
};

const terraformVars = {
  $schema: terraform.$schema,
  information_for_contributors: terraform.information_for_contributors,
  name: 'Terraform variables (premortem)',
  scopeName: 'source.premortem.terraform-vars',
  fileTypes: ['tfvars'],
  comment: 'A .tfvars file holds only attributes; their values use the expression rules of source.premortem.terraform.',
  patterns: [
    { include: 'source.premortem.terraform#comments' },
    { include: 'source.premortem.terraform#attribute' },
    { include: 'source.premortem.terraform#expressions' },
  ],
};

/** The grammars, by the file each is written to (relative to the repository root). */
export const GRAMMARS = {
  'syntaxes/terraform.tmLanguage.json': terraform,
  'syntaxes/terraform-vars.tmLanguage.json': terraformVars,
};
