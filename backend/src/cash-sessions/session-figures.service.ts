import { Injectable } from '@nestjs/common';
import { computeSessionFigures, type FiguresRefund, type FiguresSale, type PaymentMethod, type PaymentRecord, type SaleStatus, type SaleTaxLine, type SessionFigures } from '@seri/shared';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/sql';
import type { CashSession } from './cash-session.entity';

interface SaleRow {
  id: string;
  number: string;
  status: SaleStatus;
  discount: string;
  total: string;
  payments: PaymentRecord[];
  taxes: SaleTaxLine[] | null;
  prices_include_tax: boolean | null;
  lines: Array<{ unitPrice: number; quantity: number; discount: number }>;
}

interface RefundRow {
  method: PaymentMethod;
  total: string;
  taxes: SaleTaxLine[] | null;
}

/**
 * The server's own figures for a session (I11): read the sales, refunds and movements it
 * holds for it and run the one shared computation the terminal's Z report ran.
 * A sale or refund made before taxes (issue #11 part 2) has null taxes and counts none.
 */
@Injectable()
export class SessionFiguresService {
  async recompute(manager: EntityManager, session: Pick<CashSession, 'id' | 'shopId' | 'openingFloat'>): Promise<SessionFigures> {
    const sales = await selectRows<SaleRow>(
      manager,
      `SELECT s.id, s.number, s.status, s.discount::text AS discount, s.total::text AS total, s.payments, s.taxes, s.prices_include_tax,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('unitPrice', l.unit_price, 'quantity', l.quantity, 'discount', l.discount))
                          FROM sale_lines l WHERE l.sale_id = s.id), '[]'::jsonb) AS lines
         FROM sales s WHERE s.shop_id = $1 AND s.session_id = $2`,
      [session.shopId, session.id],
    );
    const refunds = await selectRows<RefundRow>(
      manager,
      `SELECT r.method, r.total::text AS total, r.taxes FROM sale_refunds r WHERE r.shop_id = $1 AND r.session_id = $2`,
      [session.shopId, session.id],
    );
    const movements = await selectRows<{ type: 'PAID_IN' | 'PAID_OUT'; amount: string }>(
      manager,
      `SELECT type, amount::text AS amount FROM cash_movements WHERE shop_id = $1 AND session_id = $2`,
      [session.shopId, session.id],
    );
    return computeSessionFigures({
      openingFloat: session.openingFloat,
      sales: sales.map(
        (row): FiguresSale => ({
          number: row.number,
          status: row.status,
          discount: Number(row.discount),
          total: Number(row.total),
          payments: row.payments,
          lines: row.lines.map((line) => ({ unitPrice: Number(line.unitPrice), quantity: Number(line.quantity), discount: Number(line.discount) })),
          taxes: row.taxes,
          // Prices before tax: the taxes were added on top of the lines (the Z's taxAdded).
          ...(row.prices_include_tax === false ? { pricesIncludeTax: false } : {}),
        }),
      ),
      refunds: refunds.map((row): FiguresRefund => ({ method: row.method, total: Number(row.total), taxes: row.taxes })),
      movements: movements.map((row) => ({ type: row.type, amount: Number(row.amount) })),
    });
  }
}
