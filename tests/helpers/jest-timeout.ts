// Real Strapi boots and sandbox runs take seconds; jest's project-level testTimeout is not applied.
jest.setTimeout(Number(process.env.TEST_TIMEOUT_MS ?? 120_000));
