import type { ColumnType, Generated } from 'kysely';
import type { PartnerRole } from '../domain/number-series.js';
import type { AddressType, PartnerKind } from '../domain/partner.js';
import type { FieldChange } from '../domain/partner-patch.js';
import type { ProductKind, VatRate } from '../domain/product.js';
import type { MovementKind, ReservationStatus } from '../domain/stock.js';
import type { ValuationMethod } from '../domain/valuation.js';
import type { DocumentTables } from './orders-schema.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** `bigint` and `numeric` arrive as strings (the kit's type parsers), so no value passes through a float. */
type Int8 = ColumnType<string, string | number, string | number>;

export interface NumberSeriesTable {
  tenant_id: string;
  name: string;
  prefix: string;
  next_value: Int8;
}

export interface PartnerTable {
  tenant_id: string;
  id: string;
  role: PartnerRole;
  number: string;
  number_value: Int8;
  kind: PartnerKind;
  company_name: string | null;
  salutation: string | null;
  title: string | null;
  first_name: string | null;
  last_name: string | null;
  name: ColumnType<string, never, never>;
  email: string | null;
  phone: string | null;
  website: string | null;
  vat_id: string | null;
  tax_number: string | null;
  leitweg_id: string | null;
  register_court: string | null;
  register_number: string | null;
  payment_net_days: number | null;
  skonto_percent: string | null;
  skonto_days: number | null;
  credit_limit: string | null;
  credit_limit_currency: string | null;
  tags: string[];
  notes: string | null;
  version: ColumnType<number, number | undefined, number>;
  archived_at: Date | null;
  erased_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PartnerContactTable {
  tenant_id: string;
  id: string;
  partner_id: string;
  sort_order: number;
  salutation: string | null;
  first_name: string | null;
  last_name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}

export interface PartnerAddressTable {
  tenant_id: string;
  id: string;
  partner_id: string;
  sort_order: number;
  type: AddressType;
  is_default: boolean;
  addition: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  country: string;
}

export type HistoryAction = 'created' | 'updated' | 'archived' | 'restored' | 'erased';
export type HistoryVia = 'api' | 'csv-import';

export interface PartnerHistoryTable {
  tenant_id: string;
  id: Generated<string>;
  partner_id: string;
  at: CreatedAt;
  actor_id: string | null;
  action: HistoryAction;
  via: HistoryVia;
  changes: ColumnType<FieldChange[], string, string>;
}

export interface ProductTable {
  tenant_id: string;
  id: string;
  sku: string;
  name: string;
  description: string | null;
  unit: string;
  kind: ProductKind;
  net_price: string;
  net_price_currency: string;
  vat_rate: VatRate;
  gtin: string | null;
  purchase_price: string | null;
  purchase_price_currency: string | null;
  supplier_id: string | null;
  reorder_point: string | null;
  reorder_quantity: string | null;
  tags: string[];
  version: ColumnType<number, number | undefined, number>;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProductHistoryTable {
  tenant_id: string;
  id: Generated<string>;
  product_id: string;
  at: CreatedAt;
  actor_id: string | null;
  action: Exclude<HistoryAction, 'erased'>;
  via: HistoryVia;
  changes: ColumnType<FieldChange[], string, never>;
}

type Defaulted<Value> = ColumnType<Value, Value | undefined, Value>;
/** A column only triggers write: the runtime role may read it, never set it. */
type Maintained<Value> = ColumnType<Value, never, never>;

export interface WarehouseTable {
  tenant_id: string;
  id: string;
  code: string;
  name: string;
  version: Defaulted<number>;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Defaulted<Date>;
}

export interface WarehouseLocationTable {
  tenant_id: string;
  id: string;
  warehouse_id: string;
  code: string;
  name: string | null;
  is_default: Defaulted<boolean>;
  version: Defaulted<number>;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Defaulted<Date>;
}

export interface InventorySettingsTable {
  tenant_id: string;
  valuation_method: Defaulted<ValuationMethod>;
  currency: Defaulted<string>;
  version: Defaulted<number>;
  updated_at: Defaulted<Date>;
}

export interface StockProductTable {
  tenant_id: string;
  product_id: string;
  quantity: Defaulted<string>;
  value: Defaulted<string>;
  unit_cost: Defaulted<string | null>;
  below_reorder_point: Defaulted<boolean>;
  updated_at: Defaulted<Date>;
}

export interface StockMovementTable {
  tenant_id: string;
  id: string;
  seq: Maintained<string>;
  kind: MovementKind;
  product_id: string;
  unit: string;
  quantity: string;
  from_warehouse_id: string | null;
  from_location_id: string | null;
  to_warehouse_id: string | null;
  to_location_id: string | null;
  unit_cost: string | null;
  value: string;
  currency: string;
  reason: string | null;
  reference_text: string | null;
  reference_type: string | null;
  reference_id: string | null;
  reservation_id: string | null;
  actor_id: string | null;
  at: CreatedAt;
}

export interface StockLevelTable {
  tenant_id: string;
  product_id: string;
  location_id: string;
  warehouse_id: string;
  on_hand: Maintained<string>;
  reserved: Maintained<string>;
  available: Maintained<string>;
  incoming: Defaulted<string>;
  updated_at: Maintained<Date>;
}

export interface StockCostLayerTable {
  tenant_id: string;
  movement_id: string;
  product_id: string;
  seq: string;
  quantity: string;
  unit_cost: string;
  remaining: string;
  remaining_value: string;
}

export interface StockReservationTable {
  tenant_id: string;
  id: string;
  seq: Maintained<string>;
  product_id: string;
  warehouse_id: string;
  quantity: string;
  reference_type: string;
  reference_id: string;
  status: Defaulted<ReservationStatus>;
  actor_id: string | null;
  created_at: CreatedAt;
  closed_at: Date | null;
  closed_by: string | null;
}

export interface StockReservationAllocationTable {
  tenant_id: string;
  reservation_id: string;
  location_id: string;
  warehouse_id: string;
  quantity: string;
}

/** The core service's schema: customers and suppliers, products, inventory, sales and purchasing documents (orders-schema.ts). */
export interface CoreDb extends DocumentTables {
  number_series: NumberSeriesTable;
  partner: PartnerTable;
  partner_contact: PartnerContactTable;
  partner_address: PartnerAddressTable;
  partner_history: PartnerHistoryTable;
  product: ProductTable;
  product_history: ProductHistoryTable;
  warehouse: WarehouseTable;
  warehouse_location: WarehouseLocationTable;
  inventory_settings: InventorySettingsTable;
  stock_product: StockProductTable;
  stock_movement: StockMovementTable;
  stock_level: StockLevelTable;
  stock_cost_layer: StockCostLayerTable;
  stock_reservation: StockReservationTable;
  stock_reservation_allocation: StockReservationAllocationTable;
}
