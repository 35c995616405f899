// Import boundaries of the house, checked by `npm run check:boundaries` (scripts/check-boundaries.ts,
// which adds the folder-level cycle check and the UI's Node-types check). Paths are relative to the
// repository root; run it on: firmware-bridge devices config kiosk-ui/src.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'rules-stay-pure',
      comment:
        'A feature\'s rules/ are pure: they import only firmware-bridge/kernel/ and their own rules/ folder ' +
        '(no npm packages, no node: builtins, no config/, no stores or services).',
      severity: 'error',
      from: { path: '^firmware-bridge/([^/]+)/rules/' },
      to: { pathNot: '^firmware-bridge/(kernel|$1/rules)/' },
    },
    {
      name: 'kernel-stays-pure',
      comment: 'firmware-bridge/kernel/ is imported by everything, so it imports only itself.',
      severity: 'error',
      from: { path: '^firmware-bridge/kernel/' },
      to: { pathNot: '^firmware-bridge/kernel/' },
    },
    {
      name: 'devices-know-no-features',
      comment: 'devices/ are drivers: from firmware-bridge/ they may use only the kernel.',
      severity: 'error',
      from: { path: '^devices/' },
      to: { path: '^firmware-bridge/', pathNot: '^firmware-bridge/kernel/' },
    },
    {
      name: 'telemetry-not-http',
      comment: 'Telemetry reports what features do; it does not reach into HTTP routes or the HTTP layer.',
      severity: 'error',
      from: { path: '^firmware-bridge/telemetry/' },
      to: { path: ['-routes\\.ts$', '^firmware-bridge/http/'] },
    },
    {
      name: 'ui-imports-only-the-contract',
      comment: 'The UI talks to the service over HTTP: from the server folders it may see only the contract module.',
      severity: 'error',
      from: { path: '^kiosk-ui/src/' },
      to: { path: '^(firmware-bridge|devices|config)/', pathNot: '^firmware-bridge/contract\\.ts$' },
    },
    {
      name: 'ui-imports-contract-types-only',
      comment: 'The contract is imported with `import type`, so no server code ends up in the UI bundle.',
      severity: 'error',
      from: { path: '^kiosk-ui/src/' },
      to: { path: '^firmware-bridge/contract\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'ui-no-node-builtins',
      comment: 'The UI runs in a browser.',
      severity: 'error',
      from: { path: '^kiosk-ui/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'service-needs-no-dev-packages',
      comment:
        'A Pi installs with `npm ci`, builds, then `npm prune --omit=dev`: the service may load only `dependencies` ' +
        '(types from dev packages are fine, they are gone after the build).',
      severity: 'error',
      from: { path: '^(firmware-bridge|devices|config)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-undeclared-packages',
      comment: 'Every npm package imported is declared in package.json.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles between files (type-only imports count: they tie the files together too).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too (the UI rules depend on seeing them).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
