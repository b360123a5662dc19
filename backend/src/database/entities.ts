import { ConflictResolutionEntry } from '../admin/review/conflict-resolution.entity';
import { RejectedOpResolutionEntry } from '../admin/review/rejected-op-resolution.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuthSecret } from '../auth/auth-secret.entity';
import { ThrottleCounter } from '../auth/throttle-counter.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { CashMovement } from '../cash-sessions/cash-movement.entity';
import { CashSession } from '../cash-sessions/cash-session.entity';
import { Product } from '../catalog/product.entity';
import { TaxRate } from '../catalog/tax-rate.entity';
import { QuickKeyLayout } from '../quick-keys/quick-key-layout.entity';
import { ConflictLogEntry } from '../conflicts/conflict-log.entity';
import { Device } from '../devices/device.entity';
import { EnrollmentCode } from '../devices/enrollment-code.entity';
import { Expense } from '../expenses/expense.entity';
import { SaleLine } from '../sales/sale-line.entity';
import { SaleRefund } from '../sales/sale-refund.entity';
import { Sale } from '../sales/sale.entity';
import { ShopAdmin } from '../shops/shop-admin.entity';
import { Shop } from '../shops/shop.entity';
import { StockAlert } from '../stock/stock-alert.entity';
import { StockLevel } from '../stock/stock-level.entity';
import { StockMovement } from '../stock/stock-movement.entity';
import { Change } from '../sync/change.entity';
import { ProcessedOp } from '../sync/processed-op.entity';
import { RejectedOp } from '../sync/rejected-op.entity';
import { SaleReview } from '../sync/sale-review.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [
  Shop,
  User,
  Device,
  EnrollmentCode,
  Product,
  Sale,
  SaleLine,
  StockMovement,
  StockLevel,
  Expense,
  ProcessedOp,
  Change,
  ConflictLogEntry,
  StockAlert,
  RejectedOp,
  SaleReview,
  SaleRefund,
  ShopAdmin,
  RefreshToken,
  AuthSecret,
  ThrottleCounter,
  AuditEntry,
  ConflictResolutionEntry,
  RejectedOpResolutionEntry,
  CashSession,
  CashMovement,
  TaxRate,
  QuickKeyLayout,
];
