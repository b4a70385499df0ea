import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The generated validators are ajv's code, checked by their own test, not by hand.
  { ignores: ['dist/', 'node_modules/', 'coverage/', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Type-aware rules read tsconfig.json's program; the root config files and bin/ are outside it, in the default project.
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.ts', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // bin/ imports the esbuild bundle, which has no type declarations: its values are untyped by design.
  { files: ['bin/*.js'], ...tseslint.configs.disableTypeChecked },
  // bin/ is CommonJS (bin/package.json) so that a run need not start Node's ES module loader.
  {
    files: ['bin/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
