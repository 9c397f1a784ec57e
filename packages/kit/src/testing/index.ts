export { freePort, REFUSING_URL } from './free-port.js';
export { servedRoutes } from './served-routes.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
export { createTestTokens, type TestTokenClaims, type TestTokens } from './test-tokens.js';
