import Type from 'typebox';

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
// The policy's rules are checked in code so that each broken rule gets its own message; the schema only bounds size.
export const Password = Type.String({ minLength: 1, maxLength: 256 });
export const RoleName = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', maxLength: 63 });
export const RoleNames = Type.Array(RoleName, { maxItems: 50, uniqueItems: true });

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.String(),
});

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  roles: Type.Array(Type.String()),
  created_at: Type.String(),
});

export const UserIdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) }, { additionalProperties: false });
