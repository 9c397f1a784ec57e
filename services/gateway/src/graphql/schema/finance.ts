/** The ledger from the finance service: chart of accounts, tax codes, fiscal years, the journal and its reports. */
export const financeTypeDefs = /* GraphQL */ `
  enum AccountType {
    ASSET
    LIABILITY
    EQUITY
    REVENUE
    EXPENSE
  }

  "A DATEV SKR03/SKR04 account of the tenant's chart."
  type Account {
    "Four to eight digits, e.g. 8400; the account's key."
    number: String!
    name: String!
    type: AccountType!
    parentNumber: String
    "The parent account (batched with other accounts of the request)."
    parent: Account
    defaultTaxCode: String
    inactive: Boolean!
    "template or custom."
    origin: String!
    version: Int!
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  type AccountPage {
    items: [Account!]!
    nextCursor: String
  }

  type UstvaKennzahlen {
    base: String
    outputTax: String
    inputTax: String
  }

  type TaxCode {
    code: String!
    description: String!
    "output, input, intra_eu_acquisition, reverse_charge or exempt."
    kind: String!
    "Percent, e.g. 19.00."
    rate: Decimal!
    outputTaxAccount: String
    inputTaxAccount: String
    datevBuKey: String
    ustva: UstvaKennzahlen!
  }

  enum PeriodStatus {
    OPEN
    CLOSED
    LOCKED
  }

  type FiscalPeriod {
    period: Int!
    startDate: Date!
    endDate: Date!
    status: PeriodStatus!
    statusChangedAt: DateTime
    statusChangedBy: ID
    statusReason: String
  }

  type FiscalYear {
    "The calendar year the fiscal year ends in."
    year: Int!
    startDate: Date!
    endDate: Date!
    "The number of the year's last posted entry."
    lastNumber: Int!
    createdAt: DateTime!
    createdBy: ID!
    periods: [FiscalPeriod!]!
  }

  enum JournalEntryStatus {
    DRAFT
    POSTED
  }

  "A line of a journal entry: exactly one of debit and credit is above zero; the base amounts are in euro."
  type JournalLine {
    lineNo: Int!
    accountNumber: String!
    "The account (batched: one call to the chart for every line of the request)."
    account: Account
    debit: Decimal!
    credit: Decimal!
    debitBase: Decimal!
    creditBase: Decimal!
    taxCode: String
    "The line number whose tax this line carries."
    taxOf: Int
    text: String
    costCenter: String
  }

  type JournalEntry {
    id: ID!
    status: JournalEntryStatus!
    fiscalYear: Int
    period: Int
    "Gap-free per fiscal year; null for a draft."
    number: Int
    postingDate: Date!
    documentDate: Date!
    documentRef: String!
    description: String!
    currency: String!
    "Units of the currency per euro."
    exchangeRate: Decimal!
    reversalOf: ID
    reversedBy: ID
    lines: [JournalLine!]!
    version: Int!
    createdAt: DateTime!
    createdBy: ID!
    postedAt: DateTime
    postedBy: ID
    previousHash: String
    hash: String
  }

  type JournalEntryPage {
    items: [JournalEntry!]!
    nextCursor: String
  }

  type TrialBalanceRow {
    accountNumber: String!
    name: String!
    type: AccountType!
    "Debits and credits from the start of the year to periodTo."
    debit: Decimal!
    credit: Decimal!
    "Debits and credits of periodTo alone."
    periodDebit: Decimal!
    periodCredit: Decimal!
    balance: Decimal!
  }

  type TrialBalanceTotals {
    debit: Decimal!
    credit: Decimal!
    periodDebit: Decimal!
    periodCredit: Decimal!
    balance: Decimal!
  }

  "The Summen- und Saldenliste in euro."
  type TrialBalance {
    fiscalYear: Int!
    periodTo: Int!
    currency: String!
    rows: [TrialBalanceRow!]!
    totals: TrialBalanceTotals!
  }

  type AuditChainBreak {
    number: Int!
    entryId: ID
    reason: String!
  }

  "The result of recomputing a fiscal year's hash chain."
  type AuditChainReport {
    fiscalYear: Int!
    "intact or broken."
    status: String!
    entriesChecked: Int!
    lastNumber: Int!
    headHash: String!
    firstBreak: AuditChainBreak
  }

  input JournalLineInput {
    account: String!
    "Exactly one of debit and credit."
    debit: Decimal
    credit: Decimal
    "Left out: the account's default tax code; null: no tax."
    taxCode: String
    text: String
  }

  input TransactionInput {
    postingDate: Date!
    documentDate: Date!
    "The Beleg the entry rests on (Belegfeld 1)."
    documentRef: String!
    description: String
    currency: String
    exchangeRate: Decimal
    lines: [JournalLineInput!]!
    "POSTED (the default) posts at once; DRAFT keeps it without a number."
    status: JournalEntryStatus
  }

  input ReversalInput {
    postingDate: Date
    documentDate: Date
    documentRef: String
    description: String
  }

  extend type Query {
    "Needs finance.accounts:read. limit is 1 to 500."
    accounts(limit: Int! = 100, cursor: String, type: AccountType, includeInactive: Boolean! = false): AccountPage
      @complexity(value: 1, multipliers: ["limit"])
    "Needs finance.accounts:read; null when the chart has no such account."
    account(number: String!): Account
    "Needs finance.accounts:read."
    taxCodes: [TaxCode!] @complexity(value: 10)
    "Needs finance.entries:read."
    fiscalYears: [FiscalYear!] @complexity(value: 10)
    "Needs finance.entries:read. Posted entries in journal order, drafts in creation order; limit is 1 to 500."
    transactions(limit: Int! = 50, cursor: String, status: JournalEntryStatus! = POSTED, fiscalYear: Int): JournalEntryPage
      @complexity(value: 1, multipliers: ["limit"])
    "Needs finance.entries:read."
    transaction(id: ID!): JournalEntry
    "Needs finance.reports:read. periodTo defaults to the year's last period."
    trialBalance(fiscalYear: Int!, periodTo: Int): TrialBalance @complexity(value: 50)
    "Needs finance.audit:read."
    auditChain(fiscalYear: Int!): AuditChainReport @complexity(value: 50)
  }

  extend type Mutation {
    "Posts an entry at once, or keeps it as a draft. Needs finance.entries:post."
    createTransaction(input: TransactionInput!): JournalEntry @complexity(value: 10)
    "Posts a draft, checked again against the chart. Needs finance.entries:post."
    postTransaction(id: ID!): JournalEntry @complexity(value: 10)
    "Posts the Storno of a posted entry and answers it. Needs finance.entries:post."
    reverseTransaction(id: ID!, input: ReversalInput): JournalEntry @complexity(value: 10)
  }
`;
