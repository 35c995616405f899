// ESLint for the whole repository (`npm run lint`): typescript-eslint's type-checked rules on every
// TypeScript file, each file checked in its own TypeScript program (service, UI, tests), plus the Lit
// and Lit accessibility rules on the UI. Rules turned off below fight a deliberate style; each says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['build/', 'kiosk-ui/dist/', 'node_modules/', 'test/artifacts/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The first program that includes a file checks it, so the service's files get the service's types.
        project: ['./tsconfig.json', './kiosk-ui/tsconfig.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Device methods, command runners and fastify handlers are `async` to honour a Promise-returning
      // contract even when their body happens to be synchronous (a throw then rejects instead of escaping).
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a parameter that an interface requires but this implementation ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Printer text, card numbers and MQTT topics are sanitised by matching control characters on purpose.
      'no-control-regex': 'off',
      // A device created after the callbacks that mention it (they run only once it exists).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['kiosk-ui/src/**/*.ts'],
    extends: [lit.configs['flat/recommended'], litA11y.configs.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // Lit calls template event listeners (`@click=${this._submit}`) with `this` bound to the element.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read the real HTTP API's JSON bodies (`any` from fetch) and assert on them field by field:
      // the assertions are the type check there.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // …and hold such bodies in `any` on purpose; fixtures hand out cleanup methods by destructuring,
      // and the bench prints whatever values it measured.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // Event handlers of child processes and streams may be async: a rejection fails the test run.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    files: ['kiosk-ui/public/sw.js'],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
);
