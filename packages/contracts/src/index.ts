export { CloudEvent, EVENT_TYPE_PATTERN } from './events.js';
export { HealthCheck, HealthDocument, type HealthStatus } from './health.js';
export { ObservedService, ObserverConfig, ThresholdOverrides, Thresholds } from './observer-config.js';
export { BUILT_IN_ROLES, type BuiltInRole, isPermission, PERMISSIONS, type Permission } from './permissions.js';
export { PROBLEM_CONTENT_TYPE, ProblemDocument, ProblemFieldError } from './problem.js';
export { getService, SERVICES, type ServiceDefinition, type ServiceName } from './services.js';
export { ACCESS_TOKEN_AUDIENCE, AccessTokenClaims } from './tokens.js';
