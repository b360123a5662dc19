import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { quickKeyLayoutProblems, quickKeyProductIds } from '@seri/shared';
import { DataSource } from 'typeorm';
import { AdminOpsService } from '../admin/admin-ops.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { selectRows } from '../common/sql';
import type { PutQuickKeysDto, QuickKeyLayoutDto } from './dto/quick-keys.dto';
import { QuickKeyLayout } from './quick-key-layout.entity';
import { toQuickKeyLayoutRecord } from './quick-keys.mapper';

/**
 * The shop's quick-key layout from the admin API. A PUT is one `quick_keys/update` op through
 * the op pipeline, so the terminals pull it and last-write-wins holds against a manager
 * arranging on a terminal (I6). Checked first: a refused layout writes nothing.
 */
@Injectable()
export class AdminQuickKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ops: AdminOpsService,
  ) {}

  async get(shopId: string): Promise<QuickKeyLayoutDto> {
    const layout = await this.dataSource.manager.findOneBy(QuickKeyLayout, { shopId });
    return layout ? toQuickKeyLayoutRecord(layout) : { shopId, pages: [], hlc: null, updatedAt: null };
  }

  async put(actor: AuthenticatedUser, shopId: string, body: PutQuickKeysDto): Promise<QuickKeyLayoutDto> {
    const pages = body.pages.map((page) => ({ id: page.id, name: page.name.trim(), color: page.color, productIds: [...page.productIds] }));
    const problems = quickKeyLayoutProblems(pages);
    if (problems.length > 0) throw new BadRequestException(problems);
    const ids = quickKeyProductIds(pages);
    const found = ids.length === 0 ? [] : await selectRows<{ id: string }>(this.dataSource.manager, 'SELECT id FROM products WHERE shop_id = $1 AND id = ANY($2::uuid[])', [shopId, ids]);
    const known = new Set(found.map((row) => row.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw new NotFoundException(`product ${missing.join(', ')} not found in this shop`);
    await this.ops.apply({ userId: actor.userId, shopId }, [{ entity: 'quick_keys', kind: 'update', entityId: shopId, payload: { shopId, pages } }]);
    return this.get(shopId);
  }
}
