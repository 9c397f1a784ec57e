import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface TenantTable {
  id: string;
  name: string;
  created_at: CreatedAt;
}

export interface AppUserTable {
  tenant_id: string;
  id: string;
  email: string;
  password_hash: string;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  created_at: CreatedAt;
}

export interface RoleTable {
  tenant_id: string;
  id: string;
  name: string;
  permissions: string[];
  built_in: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export interface UserRoleTable {
  tenant_id: string;
  user_id: string;
  role_id: string;
}

export interface RefreshTokenTable {
  tenant_id: string;
  id: string;
  token_hash: string;
  user_id: string;
  family_id: string;
  rotated_from: string | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export interface SigningKeyTable {
  kid: string;
  algorithm: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  private_jwk: string;
  created_at: CreatedAt;
  retires_at: Date | null;
}

export interface AuditLogTable {
  tenant_id: string | null;
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  details: ColumnType<Record<string, unknown>, string, never>;
  ip: string | null;
  at: CreatedAt;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Date;
  blocked_until: Date | null;
  in_flight_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface PasswordResetTable {
  tenant_id: string;
  id: string;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

/** The auth schema as Kysely sees it. */
export interface AuthDb {
  tenant: TenantTable;
  app_user: AppUserTable;
  role: RoleTable;
  user_role: UserRoleTable;
  refresh_token: RefreshTokenTable;
  signing_key: SigningKeyTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
  password_reset: PasswordResetTable;
}
