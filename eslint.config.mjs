// typescript-eslint's recommended rules over the TypeScript sources; formatting is Prettier's (.prettierrc.json).
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', '.bench/**', 'test/fixtures/**', 'test/e2e/**', 'syntaxes/**', 'examples/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The HCL, JSON and string parsers match control characters on purpose (Terraform's escapes).
      'no-control-regex': 'off',
    },
  },
  {
    // The CLI's text report aligns columns with runs of spaces; the tests match them as printed.
    files: ['test/**/*.ts'],
    rules: { 'no-regex-spaces': 'off' },
  },
);
