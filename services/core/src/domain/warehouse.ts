/** A warehouse as the API shows it. */
export interface Warehouse {
  id: string;
  code: string;
  name: string;
  /** The location a movement or reservation uses when it names only the warehouse. */
  default_location_id: string;
  version: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A location (bin, shelf, zone) of a warehouse as the API shows it. */
export interface WarehouseLocation {
  id: string;
  warehouse_id: string;
  code: string;
  name: string | null;
  is_default: boolean;
  version: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The location every new warehouse gets unless the client names its own. */
export const DEFAULT_LOCATION = { code: 'MAIN', name: 'Main location' } as const;
