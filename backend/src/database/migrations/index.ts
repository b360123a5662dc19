import { CreateShopsUsersDevices1764028800000 } from './1764028800000-create-shops-users-devices';
import { CreateCatalogAndStock1764028801000 } from './1764028801000-create-catalog-and-stock';
import { CreateSales1764028802000 } from './1764028802000-create-sales';
import { CreateExpenses1764028803000 } from './1764028803000-create-expenses';
import { CreateSyncTables1764028804000 } from './1764028804000-create-sync-tables';
import { CreateSyncReviewTables1764028805000 } from './1764028805000-create-sync-review-tables';
import { CreateAuthAndAdminTables1764030000000 } from './1764030000000-create-auth-and-admin-tables';
import { CreateReviewResolutions1764030001000 } from './1764030001000-create-review-resolutions';
import { DropUnusedProcessedOpsIndex1764100000000 } from './1764100000000-drop-unused-processed-ops-index';
import { CreateCashSessions1764300000000 } from './1764300000000-create-cash-sessions';
import { AddShopRetentionDays1764400000000 } from './1764400000000-add-shop-retention-days';
import { CreateThrottleCounters1764500000000 } from './1764500000000-create-throttle-counters';
import { CreateTaxRates1764600000001 } from './1764600000001-create-tax-rates';
import { QuickKeysAndSoldByWeight1764700000000 } from './1764700000000-quick-keys-and-sold-by-weight';
import { FoldSaleOpClaim1764900000000 } from './1764900000000-fold-sale-op-claim';

/**
 * Every migration, in order. Listed by class (not a glob) so the same list works from
 * sources under Jest and from dist/ in production. Append new steps; never edit old ones.
 */
export const MIGRATIONS = [
  CreateShopsUsersDevices1764028800000,
  CreateCatalogAndStock1764028801000,
  CreateSales1764028802000,
  CreateExpenses1764028803000,
  CreateSyncTables1764028804000,
  CreateSyncReviewTables1764028805000,
  CreateAuthAndAdminTables1764030000000,
  CreateReviewResolutions1764030001000,
  DropUnusedProcessedOpsIndex1764100000000,
  CreateCashSessions1764300000000,
  AddShopRetentionDays1764400000000,
  CreateThrottleCounters1764500000000,
  CreateTaxRates1764600000001,
  QuickKeysAndSoldByWeight1764700000000,
  FoldSaleOpClaim1764900000000,
];
