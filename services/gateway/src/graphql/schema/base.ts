/** What every area builds on: the root types it extends, shared scalars and the cost directive. */
export const baseTypeDefs = /* GraphQL */ `
  """
  Cost of a field for the query cost limit: value plus the cost of its selections, times each named
  argument (a list's limit). Fields without it cost 1 plus their selections.
  """
  directive @complexity(value: Int!, multipliers: [String!]) on FIELD_DEFINITION

  "A point in time in ISO 8601 with an offset, e.g. 2026-01-31T09:30:00.000Z."
  scalar DateTime

  "A calendar day in ISO 8601, e.g. 2026-01-31."
  scalar Date

  """
  An exact decimal number as a string with a dot, e.g. "119.00" or "-0.5": amounts, rates and percentages.
  A JSON number is refused, so no amount passes through a binary float.
  """
  scalar Decimal

  "Any JSON value."
  scalar JSON

  type Query
  type Mutation
`;
