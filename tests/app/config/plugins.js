const path = require('path');

module.exports = ({ env }) => ({
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET', 'test-users-permissions-jwt-secret') } },
  graphql: { config: { endpoint: '/graphql', landingPage: false, defaultLimit: 25, maxLimit: 100, depthLimit: 10 } },
  // The plugin under development: the repository root (built into dist/ by `npm run build`).
  bigcommerce: { enabled: true, resolve: path.resolve(__dirname, '..', '..', '..') },
  // Only for the boots that ask for it (tests/integration/documentation.test.ts): it writes its document under src/extensions.
  ...(env.bool('TEST_DOCUMENTATION_PLUGIN', false)
    ? { documentation: { enabled: true, resolve: require.resolve('@strapi/plugin-documentation/package.json') } }
    : {}),
});
