import { defineError } from '@erp/kit';

export const WeakPasswordError = defineError({
  code: 'AUTH_WEAK_PASSWORD',
  status: 422,
  title: 'Password too weak',
  detail: (count: number) => `The password breaks ${count} rule(s) of the password policy; \`errors\` names each one.`,
});

export const EmailTakenError = defineError({
  code: 'AUTH_EMAIL_TAKEN',
  status: 409,
  title: 'E-mail address already in use',
  detail: (email: string) => `A user with the e-mail address ${email} already exists in this company. Choose another address.`,
});

export const InvalidCredentialsError = defineError({
  code: 'AUTH_INVALID_CREDENTIALS',
  status: 401,
  title: 'Invalid credentials',
  detail: () => 'The e-mail address or the password is wrong, or the account is disabled.',
});

export const TenantRequiredError = defineError({
  code: 'AUTH_TENANT_REQUIRED',
  status: 422,
  title: 'Company required',
  detail: () => 'These credentials match accounts in several companies; send `tenant` with the id of the company to log in to.',
});

export const LoginThrottledError = defineError({
  code: 'AUTH_LOGIN_THROTTLED',
  status: 429,
  title: 'Too many failed logins',
  detail: (retryAfterS: number) => `Too many failed logins for this account or address. Try again in ${retryAfterS} s.`,
});

export const TokenMissingError = defineError({
  code: 'AUTH_TOKEN_MISSING',
  status: 401,
  title: 'Access token required',
  detail: () => 'Send an access token as `Authorization: Bearer <token>`; get one from POST /api/v1/auth/login.',
});

export const TokenInvalidError = defineError({
  code: 'AUTH_TOKEN_INVALID',
  status: 401,
  title: 'Access token invalid',
  detail: () => 'The access token is expired, malformed or not signed by this service. Refresh it or log in again.',
});

export const PermissionDeniedError = defineError({
  code: 'AUTH_PERMISSION_DENIED',
  status: 403,
  title: 'Permission denied',
  detail: (permission: string) => `This action needs the permission ${permission}, which none of your roles grants.`,
});

export const RefreshTokenInvalidError = defineError({
  code: 'AUTH_REFRESH_INVALID',
  status: 401,
  title: 'Refresh token invalid',
  detail: () => 'The refresh token is unknown, expired or revoked. Log in again.',
});

export const RefreshTokenReusedError = defineError({
  code: 'AUTH_REFRESH_REUSED',
  status: 401,
  title: 'Refresh token reused',
  detail: () => 'This refresh token was already used, so every token of its login has been revoked. Log in again.',
});

export const UserNotFoundError = defineError({
  code: 'AUTH_USER_NOT_FOUND',
  status: 404,
  title: 'User not found',
  detail: (id: string) => `No user with id ${id} exists in this company.`,
});

export const UnknownRoleError = defineError({
  code: 'AUTH_UNKNOWN_ROLE',
  status: 422,
  title: 'Unknown role',
  detail: (names: string[]) => `No role named ${names.join(', ')} exists in this company. List the roles with GET /api/v1/auth/roles.`,
});

export const UnknownPermissionError = defineError({
  code: 'AUTH_UNKNOWN_PERMISSION',
  status: 422,
  title: 'Unknown permission',
  detail: (names: string[]) => `${names.join(', ')} is not in the permission catalogue of @erp/contracts.`,
});

export const RoleExistsError = defineError({
  code: 'AUTH_ROLE_EXISTS',
  status: 409,
  title: 'Role already exists',
  detail: (name: string) => `A role named ${name} already exists in this company. Choose another name.`,
});

export const SelfLockoutError = defineError({
  code: 'AUTH_SELF_LOCKOUT',
  status: 409,
  title: 'Cannot lock yourself out',
  detail: (action: string) => `You cannot ${action} your own account; ask another administrator, so a company never loses its last one.`,
});

export const OperatorRequiredError = defineError({
  code: 'AUTH_OPERATOR_REQUIRED',
  status: 403,
  title: 'Operator required',
  detail: () => 'This affects every company on the installation; only an admin whose e-mail address is listed in AUTH_OPERATORS may do it.',
});

export const CurrentPasswordWrongError = defineError({
  code: 'AUTH_CURRENT_PASSWORD_WRONG',
  status: 403,
  title: 'Current password wrong',
  detail: () => 'The current password is wrong; the password was not changed.',
});

export const ResetTokenInvalidError = defineError({
  code: 'AUTH_RESET_TOKEN_INVALID',
  status: 400,
  title: 'Reset token invalid',
  detail: () => 'The password reset token is unknown, expired or already used. Request a new one.',
});

export const RegistrationThrottledError = defineError({
  code: 'AUTH_REGISTRATION_THROTTLED',
  status: 429,
  title: 'Too many registrations',
  detail: (retryAfterS: number) => `Too many companies were registered from this address. Try again in ${retryAfterS} s.`,
});

export const SsoNotConfiguredError = defineError({
  code: 'AUTH_SSO_NOT_CONFIGURED',
  status: 404,
  title: 'Single sign-on not configured',
  detail: () => 'This company has no single sign-on provider. An administrator sets one with PUT /api/v1/auth/sso.',
});

export const SsoStateInvalidError = defineError({
  code: 'AUTH_SSO_STATE_INVALID',
  status: 400,
  title: 'Single sign-on state invalid',
  detail: () => 'This sign-in is unknown, expired, already finished or was started in another browser. Start the sign-in again.',
});

export const SsoProviderError = defineError({
  code: 'AUTH_SSO_PROVIDER_ERROR',
  status: 400,
  title: 'Identity provider refused the sign-in',
  detail: (reason: string) => `The identity provider answered with an error or an invalid response (${reason}). Start the sign-in again.`,
});

export const SsoProviderUnavailableError = defineError({
  code: 'AUTH_SSO_PROVIDER_DOWN',
  status: 502,
  title: 'Identity provider unreachable',
  detail: () => "The identity provider's discovery document could not be read. Try again later or check the issuer URL.",
});

export const SsoEmailNotAllowedError = defineError({
  code: 'AUTH_SSO_EMAIL_NOT_ALLOWED',
  status: 403,
  title: 'E-mail address not allowed',
  detail: (reason: string) => `The identity provider's e-mail address cannot sign in to this company: ${reason}.`,
});

export const SsoUserDisabledError = defineError({
  code: 'AUTH_SSO_USER_DISABLED',
  status: 403,
  title: 'Account disabled',
  detail: () => 'The account of this e-mail address is disabled in this company. Ask an administrator to enable it.',
});

export const SsoCodeInvalidError = defineError({
  code: 'AUTH_SSO_CODE_INVALID',
  status: 400,
  title: 'Sign-in code invalid',
  detail: () => 'The sign-in code is unknown, expired or already used. Sign in again.',
});

export const MfaAlreadyEnabledError = defineError({
  code: 'AUTH_MFA_ALREADY_ENABLED',
  status: 409,
  title: 'Two-factor authentication already enabled',
  detail: () => 'This account already has an authenticator app. Disable it first (POST /api/v1/auth/mfa/totp/disable) to enrol another.',
});

export const MfaNotEnrolledError = defineError({
  code: 'AUTH_MFA_NOT_ENROLLED',
  status: 409,
  title: 'No authenticator app',
  detail: (state: 'pending' | 'enabled') =>
    state === 'pending'
      ? 'There is no enrolment waiting for confirmation. Start one with POST /api/v1/auth/mfa/totp.'
      : 'Two-factor authentication is not enabled for this account.',
});

export const MfaCodeInvalidError = defineError({
  code: 'AUTH_MFA_CODE_INVALID',
  status: 403,
  title: 'Code invalid',
  detail: () => 'The code is wrong, expired or already used. Enter the current code of the authenticator app, or an unused recovery code.',
});

export const MfaChallengeInvalidError = defineError({
  code: 'AUTH_MFA_CHALLENGE_INVALID',
  status: 401,
  title: 'Second-factor challenge invalid',
  detail: () => 'The mfa_token is unknown, expired, already used or had too many wrong codes. Log in again with e-mail and password.',
});

export const UserTokenRequiredError = defineError({
  code: 'AUTH_USER_TOKEN_REQUIRED',
  status: 403,
  title: "A user's token is required",
  detail: () => "The auth service's own endpoints act for a user; tokens of API keys and OAuth clients cannot call them.",
});

export const ApiCredentialNotFoundError = defineError({
  code: 'AUTH_API_CREDENTIAL_NOT_FOUND',
  status: 404,
  title: 'API key or client not found',
  detail: (id: string) => `No API key or OAuth client with id ${id} exists in this company.`,
});

export const ExpiryInvalidError = defineError({
  code: 'AUTH_EXPIRY_INVALID',
  status: 422,
  title: 'Expiry invalid',
  detail: () => '`expires_at` must lie in the future. Leave it out for a credential that lives until it is revoked.',
});

/** The auth service's error catalogue, for the README table test. */
export const AUTH_ERRORS = [
  WeakPasswordError,
  EmailTakenError,
  InvalidCredentialsError,
  TenantRequiredError,
  LoginThrottledError,
  TokenMissingError,
  TokenInvalidError,
  PermissionDeniedError,
  RefreshTokenInvalidError,
  RefreshTokenReusedError,
  UserNotFoundError,
  UnknownRoleError,
  UnknownPermissionError,
  RoleExistsError,
  SelfLockoutError,
  OperatorRequiredError,
  CurrentPasswordWrongError,
  ResetTokenInvalidError,
  RegistrationThrottledError,
  MfaAlreadyEnabledError,
  MfaNotEnrolledError,
  MfaCodeInvalidError,
  MfaChallengeInvalidError,
  UserTokenRequiredError,
  ApiCredentialNotFoundError,
  ExpiryInvalidError,
  SsoNotConfiguredError,
  SsoStateInvalidError,
  SsoProviderError,
  SsoProviderUnavailableError,
  SsoEmailNotAllowedError,
  SsoUserDisabledError,
  SsoCodeInvalidError,
];
