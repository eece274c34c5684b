// Lint: the type-aware rules that catch what the compiler does not (STYLE.md habit 9), and the direction of
// imports between the rooms of src/ (STYLE.md, "Rooms and the way data flows": dependencies point inward).
import tseslint from 'typescript-eslint';

// A relative import that climbs out of the importing file's room into one of these rooms of src/. Written as a
// regular expression over the import text ('../store/index.js', '../../store/db.js'), which is what the rule sees.
const intoRooms = (...rooms) => `^(?:\\.\\./)+(?:${rooms.join('|')})(?:/|$)`;

// Type-only imports count too (no allowTypeImports): a type is a dependency like any other, and the entity types
// a room may share live in domain/ (STYLE.md: "entity types in domain/"). Rooms the table allows (ocpp and store
// take "domain types") are simply not listed among the forbidden ones.
// ocpp-rpc's internals are known to one place (STYLE.md, "Borrow a library's internals in one room only").
const RPC_ADAPTER = 'src/ocpp/rpc-adapter*.ts';

const rooms = [
  {
    room: 'domain',
    files: ['src/domain/**/*.ts'],
    rule: 'domain holds PURE rules: it may import domain, shared/result, shared/errors; no I/O, no clock, no logger',
    forbidRooms: ['store', 'services', 'ocpp', 'api', 'realtime', 'jobs', 'observability', 'cluster', 'web', 'payments'],
    extraPatterns: [{
      regex: '^(?:\\.\\./)+shared/(?!(?:result|errors)\\.js$)',
      message: 'STYLE.md: domain may import only shared/result and shared/errors from shared/ (time and data come in as arguments).',
    }],
    packages: ['pg', 'ocpp-rpc', 'express', 'pino', 'drizzle-orm', '@electric-sql/pglite'],
    // Built-ins that do I/O, with or without the node: prefix.
    packagePatterns: [
      '^(?:node:)?(?:fs|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads)(?:/|$)',
      '^(?:pg|drizzle-orm|@electric-sql/pglite)/',
    ],
  },
  {
    room: 'store',
    files: ['src/store/**/*.ts'],
    rule: 'store may import domain types, shared, the database drivers; it must not import services, ocpp, api, realtime, jobs (it never sees OCPP wire types)',
    forbidRooms: ['services', 'ocpp', 'api', 'realtime', 'jobs', 'cluster', 'web'],
    packages: ['ocpp-rpc', 'express'],
  },
  {
    room: 'services',
    files: ['src/services/**/*.ts'],
    rule: 'services may import domain, store, shared, services/ports; they must not import ocpp, ocpp-rpc, express, api, realtime, payments (outbound OCPP goes through the ChargerCommands port, card payments through the PaymentProvider port)',
    forbidRooms: ['ocpp', 'api', 'realtime', 'cluster', 'web', 'payments'],
    packages: ['ocpp-rpc', 'express'],
  },
  {
    room: 'payments',
    files: ['src/payments/**/*.ts'],
    rule: 'payments holds the card payment providers (an adapter, as ocpp is for chargers): it may import domain, shared; nothing else',
    forbidRooms: ['store', 'services', 'ocpp', 'api', 'realtime', 'jobs', 'cluster', 'observability', 'web'],
    packages: [],
  },
  {
    room: 'ocpp',
    files: ['src/ocpp/**/*.ts'],
    ignores: [RPC_ADAPTER],
    rule: 'ocpp may import services, domain types, shared, ocpp-rpc; it must not import store, api, realtime, jobs. '
      + 'ocpp-rpc only through ocpp/rpc-adapter.ts, the one file that knows its internals (each pinned by ocpp-rpc-contract.test.ts)',
    forbidRooms: ['store', 'api', 'realtime', 'jobs', 'web'],
    packages: ['ocpp-rpc'],
    packagePatterns: ['^ocpp-rpc/'],
  },
  {
    room: 'ocpp: the ocpp-rpc adapter',
    files: [RPC_ADAPTER],
    rule: 'ocpp may import services, domain types, shared, ocpp-rpc; it must not import store, api, realtime, jobs',
    forbidRooms: ['store', 'api', 'realtime', 'jobs', 'web'],
    packages: [],
  },
  {
    room: 'api',
    files: ['src/api/**/*.ts'],
    rule: 'api may import services, shared, zod, express; it must not import store, ocpp, ocpp-rpc',
    forbidRooms: ['store', 'ocpp', 'web'],
    packages: ['ocpp-rpc'],
  },
  {
    room: 'cluster',
    files: ['src/cluster/**/*.ts'],
    rule: 'cluster (issue 15) joins this node to the others: it may import services, store, domain, shared, the ocpp registry and NATS; '
      + 'it must not import api, realtime, jobs (they use it through the interfaces app.ts wires)',
    forbidRooms: ['api', 'realtime', 'jobs', 'web'],
    packages: ['ocpp-rpc', 'express'],
    packagePatterns: ['^ocpp-rpc/'],
  },
  {
    room: 'realtime, jobs',
    files: ['src/realtime/**/*.ts', 'src/jobs/**/*.ts'],
    rule: 'realtime and jobs may import services, shared; they must not import store, ocpp, api',
    forbidRooms: ['store', 'ocpp', 'api', 'web'],
    packages: ['ocpp-rpc'],
  },
];

const roomBlock = ({ room, files, ignores = [], rule, forbidRooms, extraPatterns = [], packages, packagePatterns = [] }) => {
  const message = `STYLE.md (${room}): ${rule}.`;
  return {
    name: `boundaries/${room}`,
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', {
        paths: packages.map((name) => ({ name, message })),
        patterns: [
          { regex: intoRooms(...forbidRooms), message },
          ...extraPatterns,
          ...packagePatterns.map((regex) => ({ regex, message })),
        ],
      }],
    },
  };
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.tmp/**', 'src/store/migrations/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: new URL('..', import.meta.url).pathname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  // The simulator CLI prints to the terminal by design.
  { files: ['simulators/cli.ts'], rules: { 'no-console': 'off' } },

  // One block per room, so no two blocks set no-restricted-imports for the same file (the later would replace
  // the earlier's options, not add to them).
  ...rooms.map(roomBlock),
  {
    name: 'boundaries/simulators',
    files: ['simulators/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(?:\\.\\./)+src/(?!ocpp/wire/)',
          message: 'STYLE.md (simulators): black-box chargers may import ocpp-rpc and the wire types (src/ocpp/wire); nothing else in src.',
        }],
      }],
    },
  },

  // The dashboard's browser modules: plain ES modules, type-checked by config/tsconfig.web.json (npm run
  // typecheck), which also catches undefined names, so no-undef and a list of browser globals would only repeat it.
  {
    name: 'web',
    files: ['src/web/js/**/*.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': ['error', {
        patterns: [
          {
            regex: '^(?:\\.\\./){2,}',
            message: 'STYLE.md (web): the dashboard uses only the public API and the event stream; it imports nothing from src outside web/.',
          },
          {
            regex: '^(?!\\.{1,2}/)',
            message: 'STYLE.md (web): static files, served as they are (no bundler): the browser loads modules by URL, so no bare package imports.',
          },
        ],
      }],
    },
  },
);
