/**
 * Import rules, checked by `npm run lint:imports` (part of `npm run lint`, so of `npm test`).
 * The sandbox is layered: core at the bottom, then the protocol codecs, then identity/policy and the services,
 * then the server; a service reaches another service only through what that service's index exports, never
 * its state module. No package has an import cycle (type-only imports count: a cycle of types is still a
 * knot a reader has to untie). @handson/cli's main entry stays free of the SDK's schemas, which only its
 * ./command entry reads, and the CLI package builds on no other package of the project.
 */
const S = '^packages/sandbox/src/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'sandbox-core-is-the-bottom',
      comment: 'core/ owns the types every layer shares; it imports no layer above it.',
      severity: 'error',
      from: { path: `${S}core/` },
      to: { path: `${S}(protocols|identity|policy|services|server)/` },
    },
    {
      name: 'sandbox-protocols-below-services',
      comment: 'A codec turns bytes into operation input and back; it knows no service.',
      severity: 'error',
      from: { path: `${S}protocols/` },
      to: { path: `${S}(identity|policy|services|server)/` },
    },
    {
      name: 'sandbox-services-below-server',
      comment: 'Services answer operations; starting and serving HTTP is the server layer.',
      severity: 'error',
      from: { path: `${S}(identity|policy|services)/`, pathNot: '/__fixtures__/' },
      to: { path: `${S}server/` },
    },
    {
      name: 'sandbox-service-state-is-private',
      comment:
        "A service reads another service's data through functions that service exports, not its state.",
      severity: 'error',
      from: { path: `${S}services/([^/]+)/` },
      to: { path: `${S}services/([^/]+)/state`, pathNot: `${S}services/$1/` },
    },
    {
      name: 'cli-main-entry-needs-no-sdk',
      comment:
        "@handson/cli's main entry (output, pages, errors, masking) is what a cell or package imports to print " +
        'as the CLI prints; the SDK schemas of command/ would make tslab load them for every such cell.',
      severity: 'error',
      from: { path: '^packages/cli/src/', pathNot: '^packages/cli/src/command/' },
      to: { path: ['^packages/cli/src/command/', 'node_modules/@(aws-sdk|smithy)/'] },
    },
    {
      name: 'cli-stands-alone',
      comment:
        'The CLI package is the bottom of the helpers: labkit, aws, credentials and the labs build on it.',
      severity: 'error',
      from: { path: '^packages/cli/src/' },
      to: { path: '^packages/(?!cli/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // A package imports another through its exports; resolved by the default condition that lands in dist/,
    // which is excluded, so no rule would see an edge between packages. The sources' condition keeps them.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@handson/source', 'require', 'node', 'default'],
    },
    exclude: { path: '(\\.test\\.m?ts$|/dist/|/node_modules/)' },
  },
};
