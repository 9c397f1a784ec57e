/** Users, roles and the audit log of the caller's tenant, from the auth service. */
export const authTypeDefs = /* GraphQL */ `
  enum UserStatus {
    ACTIVE
    DISABLED
  }

  "The caller as the auth service stores it now; roles may have changed since the token was issued."
  type Me {
    id: ID!
    tenantId: ID!
    email: String!
    status: UserStatus!
    roles: [String!]!
    "The union of the permissions of the roles."
    permissions: [String!]!
  }

  "A user of the caller's tenant."
  type User {
    id: ID!
    email: String!
    status: UserStatus!
    roles: [String!]!
    createdAt: DateTime!
  }

  "A page of users, ordered by e-mail address."
  type UserPage {
    items: [User!]!
    "Pass as cursor for the next page; null on the last page."
    nextCursor: String
  }

  "A role with its permissions; built-in roles come with every tenant."
  type Role {
    name: String!
    permissions: [String!]!
    builtIn: Boolean!
  }

  "One entry of the tenant's append-only audit log."
  type AuditEntry {
    id: ID!
    action: String!
    actorId: ID
    "The user who acted; null for anonymous actions (a failed login) and users no longer listed."
    actor: User
    details: JSON!
    ip: String
    at: DateTime!
  }

  "A page of audit entries, newest first."
  type AuditPage {
    items: [AuditEntry!]!
    nextCursor: String
  }

  input CreateUserInput {
    email: String!
    password: String!
    roles: [String!]! = []
  }

  input CreateRoleInput {
    name: String!
    permissions: [String!]!
  }

  extend type Query {
    "Any valid token."
    me: Me
    "Needs auth.users:read. limit is 1 to 200."
    users(limit: Int! = 50, cursor: String): UserPage @complexity(value: 1, multipliers: ["limit"])
    "Needs auth.users:read; null when the tenant has no such user."
    user(id: ID!): User
    "Needs auth.users:read."
    roles: [Role!] @complexity(value: 10)
    "Needs auth.audit:read. limit is 1 to 200."
    auditLog(limit: Int! = 50, cursor: String): AuditPage @complexity(value: 1, multipliers: ["limit"])
  }

  extend type Mutation {
    "Needs auth.users:manage, and every permission of the roles given."
    createUser(input: CreateUserInput!): User @complexity(value: 10)
    "Replaces the user's roles. Needs auth.users:manage."
    assignRoles(userId: ID!, roles: [String!]!): User @complexity(value: 10)
    "Disables the user and ends the user's sessions. Needs auth.users:manage."
    disableUser(id: ID!): User @complexity(value: 10)
    "Needs auth.users:manage."
    enableUser(id: ID!): User @complexity(value: 10)
    "A custom role from the permission catalogue. Needs auth.roles:manage."
    createRole(input: CreateRoleInput!): Role @complexity(value: 10)
  }
`;
