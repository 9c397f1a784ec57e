// Fields customers and suppliers share; the Leitweg-ID (the public buyer's e-invoice address) is a customer's only.
const partnerFields = /* GraphQL */ `
    id: ID!
    "Debitor number (K10001, ...) or Kreditor number (L70001, ...); set by core's gap-free series."
    number: String!
    kind: PartnerKind!
    "The company name, or title, first and last name of a person."
    name: String!
    companyName: String
    salutation: String
    title: String
    firstName: String
    lastName: String
    email: String
    phone: String
    website: String
    "USt-IdNr, e.g. DE136695976."
    vatId: String
    "Steuernummer."
    taxNumber: String
    commercialRegister: CommercialRegister
    paymentTerms: PaymentTerms
    creditLimit: Money
    tags: [String!]!
    notes: String
    contacts: [Contact!]!
    addresses: [Address!]!
    version: Int!
    "The record's entity tag, as core sends it in ETag; pass it as ifMatch to change the record."
    etag: String!
    archivedAt: DateTime
    erasedAt: DateTime
    createdAt: DateTime!
    updatedAt: DateTime!
    "The change history, newest first: one call to core per record. limit is 1 to 200."
    history(limit: Int! = 20, cursor: String): PartnerHistoryPage @complexity(value: 1, multipliers: ["limit"])
`;

// Input fields customers and suppliers share; `required` marks those a creation needs.
const partnerInputFields = (required: '!' | '') => /* GraphQL */ `
    kind: PartnerKind${required}
    companyName: String
    salutation: String
    title: String
    firstName: String
    lastName: String
    email: String
    phone: String
    website: String
    vatId: String
    taxNumber: String
    commercialRegister: CommercialRegisterInput
    paymentTerms: PaymentTermsInput
    creditLimit: MoneyInput
    tags: [String!]
    notes: String
    "Replaces the list: an item with the id of one of the record's contacts updates it, one without is added."
    contacts: [ContactInput!]
    "Replaces the list, like contacts."
    addresses: [AddressInput!]
`;

/** Customers and suppliers (Debitoren and Kreditoren) with contacts, addresses and history, from the core service. */
export const coreTypeDefs = /* GraphQL */ `
  enum PartnerKind {
    COMPANY
    PERSON
  }

  enum AddressType {
    BILLING
    SHIPPING
  }

  "Which records a list shows: without the archived ones (the default), only them, or all."
  enum ArchivedFilter {
    ACTIVE
    ARCHIVED
    ALL
  }

  type CommercialRegister {
    court: String!
    "e.g. HRB 123456."
    number: String!
  }

  type PaymentTerms {
    netDays: Int!
    skontoPercent: Decimal
    skontoDays: Int
  }

  "An amount in an ISO 4217 currency."
  type Money {
    amount: Decimal!
    currency: String!
  }

  type Contact {
    id: ID!
    salutation: String
    firstName: String
    lastName: String
    position: String
    email: String
    phone: String
  }

  type Address {
    id: ID!
    type: AddressType!
    isDefault: Boolean!
    addition: String
    street: String!
    postalCode: String!
    city: String!
    "ISO 3166-1 alpha-2."
    country: String!
  }

  "One changed field; contacts and addresses change as whole lists. Erased values are null with redacted true."
  type PartnerChange {
    field: String!
    old: JSON
    new: JSON
    redacted: Boolean!
  }

  type PartnerHistoryEntry {
    id: ID!
    at: DateTime!
    "created, updated, archived, restored or erased."
    action: String!
    "api or csv-import."
    via: String!
    actorId: ID
    "The user who changed the record (from auth, batched); null when unknown or not readable."
    actor: User
    changes: [PartnerChange!]!
  }

  type PartnerHistoryPage {
    items: [PartnerHistoryEntry!]!
    nextCursor: String
  }

  "A customer (Debitor)."
  type Customer {
    ${partnerFields}
    "Leitweg-ID of a public buyer (XRechnung BT-10)."
    leitwegId: String
  }

  "A supplier (Kreditor)."
  type Supplier {
    ${partnerFields}
  }

  "A page of customers, ordered by number."
  type CustomerPage {
    items: [Customer!]!
    nextCursor: String
  }

  "A page of suppliers, ordered by number."
  type SupplierPage {
    items: [Supplier!]!
    nextCursor: String
  }

  input CommercialRegisterInput {
    court: String!
    number: String!
  }

  input PaymentTermsInput {
    netDays: Int!
    skontoPercent: Decimal
    skontoDays: Int
  }

  input MoneyInput {
    amount: Decimal!
    currency: String!
  }

  input ContactInput {
    "The id of a contact the record has, to keep and update it."
    id: ID
    salutation: String
    firstName: String
    lastName: String
    position: String
    email: String
    phone: String
  }

  input AddressInput {
    "The id of an address the record has, to keep and update it."
    id: ID
    type: AddressType!
    isDefault: Boolean
    addition: String
    street: String!
    postalCode: String!
    city: String!
    country: String!
  }

  "A new customer: a company needs companyName, a person lastName."
  input CustomerInput {
    ${partnerInputFields('!')}
    leitwegId: String
  }

  "The fields to change; a field given as null is cleared, a field left out stays."
  input CustomerPatch {
    ${partnerInputFields('')}
    leitwegId: String
  }

  "A new supplier: a company needs companyName, a person lastName."
  input SupplierInput {
    ${partnerInputFields('!')}
  }

  "The fields to change; a field given as null is cleared, a field left out stays."
  input SupplierPatch {
    ${partnerInputFields('')}
  }

  extend type Query {
    "Needs core.customers:read. limit is 1 to 200; q is part of the name or the start of the number."
    customers(limit: Int! = 50, cursor: String, q: String, tag: String, archived: ArchivedFilter! = ACTIVE): CustomerPage
      @complexity(value: 1, multipliers: ["limit"])
    "Needs core.customers:read."
    customer(id: ID!): Customer
    "Needs core.suppliers:read. Arguments as for customers."
    suppliers(limit: Int! = 50, cursor: String, q: String, tag: String, archived: ArchivedFilter! = ACTIVE): SupplierPage
      @complexity(value: 1, multipliers: ["limit"])
    "Needs core.suppliers:read."
    supplier(id: ID!): Supplier
  }

  extend type Mutation {
    "Needs core.customers:write. A retry with the same idempotencyKey and input gets the first answer again."
    createCustomer(input: CustomerInput!, idempotencyKey: String): Customer @complexity(value: 10)
    "Needs core.customers:write. ifMatch is the etag read last; another one fails with status 412."
    updateCustomer(id: ID!, ifMatch: String!, patch: CustomerPatch!): Customer @complexity(value: 10)
    "Archives (soft delete). Needs core.customers:write; ifMatch is optional."
    archiveCustomer(id: ID!, ifMatch: String): Customer @complexity(value: 10)
    "Needs core.customers:write; ifMatch is optional."
    restoreCustomer(id: ID!, ifMatch: String): Customer @complexity(value: 10)
    "Needs core.suppliers:write. As createCustomer."
    createSupplier(input: SupplierInput!, idempotencyKey: String): Supplier @complexity(value: 10)
    "Needs core.suppliers:write. As updateCustomer."
    updateSupplier(id: ID!, ifMatch: String!, patch: SupplierPatch!): Supplier @complexity(value: 10)
    "Needs core.suppliers:write; ifMatch is optional."
    archiveSupplier(id: ID!, ifMatch: String): Supplier @complexity(value: 10)
    "Needs core.suppliers:write; ifMatch is optional."
    restoreSupplier(id: ID!, ifMatch: String): Supplier @complexity(value: 10)
  }
`;
