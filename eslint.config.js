// Lint rules, including the layer rule of ARCHITECTURE.md:
// domain → nothing; contract → domain (and zod); services → domain; storage, http, cli →
// services/domain/contract (never each other); web → domain + contract + web, the contract by
// type-only imports (its types are inferred from the schemas; zod stays out of the browser bundle).
import tseslint from 'typescript-eslint';

const layer = (name) => ({
  group: [`**/${name}/**`, `../${name}/*`, `../../${name}/*`],
  message: `This layer may not import from src/${name}/ (see ARCHITECTURE.md).`,
});
const forbid = (...layers) => ({ 'no-restricted-imports': ['error', { patterns: layers.map(layer) }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Type-aware rules: the checker's knowledge of promises, unions and casts, where plain lint cannot see.
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-redundant-type-constituents': 'error',
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  // Tests read JSON answers as the type they expect (`res.json() as Client`): the cast is the point there.
  { files: ['**/*.test.ts', 'test/**', 'bench/**'], rules: { '@typescript-eslint/no-unnecessary-type-assertion': 'off' } },
  // What the server code does with values it has not typed (JSON from the wire is parsed by zod first).
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      ...forbid('contract', 'services', 'storage', 'http', 'cli', 'web'),
      'no-restricted-globals': ['error', { name: 'process', message: 'The domain reads no environment.' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Inject a Clock; the domain takes time as input.' },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'Inject Ids.' },
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals, not enum.' },
      ],
    },
  },
  { files: ['src/contract/**'], rules: forbid('services', 'storage', 'http', 'cli', 'web') },
  { files: ['src/services/**'], rules: forbid('contract', 'storage', 'http', 'cli', 'web') },
  { files: ['src/storage/**'], rules: forbid('http', 'cli', 'web') },
  { files: ['src/http/**'], rules: forbid('storage', 'cli', 'web') },
  { files: ['src/cli/**'], rules: forbid('storage', 'http', 'web') },
  { files: ['src/fhir/**'], rules: forbid('storage', 'http', 'cli', 'web') },
  {
    files: ['src/web/**'],
    rules: {
      ...forbid('services', 'storage', 'http', 'cli'),
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...layer('contract'),
              allowTypeImports: true,
              message: 'The web app imports the wire contract for its types only (import type …): the schemas would pull zod into the browser bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**'],
    ignores: ['src/domain/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a union of string literals, not enum.' }] },
  },
  // The web app is told what the caller may do (`can` on the session and on each client and course);
  // it does not decide from roles. A role may still be shown (a label) or select other users (whom to
  // list as therapists, supervisors, colleagues): those lines say so with an eslint-disable comment.
  {
    files: ['src/web/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals, not enum.' },
        {
          selector: "CallExpression[callee.object.property.name='roles'][callee.property.name=/^(includes|some|every|find|indexOf)$/]",
          message: 'Decide from `can` (what the server says the caller may do), not from roles.',
        },
        {
          selector: "MemberExpression[object.property.name='user'][property.name='roles']",
          message: 'Decide from `session.can`, not from the signed-in user’s roles.',
        },
        { selector: "Identifier[name='hasRole']", message: 'Decide from `can`, not from roles.' },
      ],
    },
  },
);
