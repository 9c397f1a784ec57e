export { freePort } from './free-port.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
