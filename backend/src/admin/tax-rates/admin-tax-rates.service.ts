import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { uuidv7, type TaxRateUpdatePayload } from '@seri/shared';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { AdminOpsService } from '../admin-ops.service';
import type { CreateTaxRateDto, TaxRateDto, UpdateTaxRateDto } from './dto/tax-rate.dto';

interface TaxRateRow {
  id: string;
  shop_id: string;
  name: string;
  rate_bp: number;
  archived: boolean;
  is_default: boolean;
  hlc: string;
  created_at: Date;
  updated_at: Date;
}

const RATE_SELECT = `SELECT r.id, r.shop_id, r.name, r.rate_bp, r.archived, (s.default_tax_rate_id IS NOT DISTINCT FROM r.id) AS is_default, r.hlc, r.created_at, r.updated_at
  FROM tax_rates r JOIN shops s ON s.id = r.shop_id`;

function toTaxRateDto(row: TaxRateRow): TaxRateDto {
  return {
    id: row.id,
    shopId: row.shop_id,
    name: row.name,
    rateBp: row.rate_bp,
    archived: row.archived,
    isDefault: row.is_default,
    hlc: row.hlc,
    updatedAt: row.updated_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * A shop's tax rates from the admin API. Reads are scoped by shop; writes are `tax_rate`
 * ops through the op pipeline (console pseudo-device), so terminals get them by pull and
 * last-write-wins applies as to a terminal's edits (I6). Names are unique in the shop (a
 * CSV import names a product's rate by its name).
 */
@Injectable()
export class AdminTaxRatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ops: AdminOpsService,
  ) {}

  /** Every rate of the shop, archived ones last, by name. */
  async list(shopId: string): Promise<TaxRateDto[]> {
    const rows = await this.dataSource.query<TaxRateRow[]>(`${RATE_SELECT} WHERE r.shop_id = $1 ORDER BY r.archived, r.name, r.id`, [shopId]);
    return rows.map(toTaxRateDto);
  }

  async get(shopId: string, rateId: string): Promise<TaxRateDto> {
    const [row] = await this.dataSource.query<TaxRateRow[]>(`${RATE_SELECT} WHERE r.shop_id = $1 AND r.id = $2`, [shopId, rateId]);
    if (!row) throw new NotFoundException(`tax rate ${rateId} not found in this shop`);
    return toTaxRateDto(row);
  }

  async create(actor: AuthenticatedUser, shopId: string, body: CreateTaxRateDto): Promise<TaxRateDto> {
    await this.checkName(shopId, null, body.name);
    const id = uuidv7();
    await this.ops.apply({ userId: actor.userId, shopId }, [{ entity: 'tax_rate', kind: 'create', entityId: id, payload: { id, name: body.name, rateBp: body.rateBp } }]);
    return this.get(shopId, id);
  }

  async update(actor: AuthenticatedUser, shopId: string, rateId: string, body: UpdateTaxRateDto): Promise<TaxRateDto> {
    const current = await this.get(shopId, rateId);
    if (body.name !== undefined) await this.checkName(shopId, rateId, body.name);
    if (body.archived === true && current.isDefault && !current.archived) {
      throw new ConflictException(`${current.name} is the shop's default rate: choose another default (or none) before archiving it`);
    }
    const changes: Omit<TaxRateUpdatePayload, 'id'> = {};
    if (body.name !== undefined && body.name !== current.name) changes.name = body.name;
    if (body.rateBp !== undefined && body.rateBp !== current.rateBp) changes.rateBp = body.rateBp;
    if (body.archived !== undefined && body.archived !== current.archived) changes.archived = body.archived;
    if (Object.keys(changes).length > 0) {
      await this.ops.apply({ userId: actor.userId, shopId }, [{ entity: 'tax_rate', kind: 'update', entityId: rateId, payload: { id: rateId, ...changes } }]);
    }
    return this.get(shopId, rateId);
  }

  private async checkName(shopId: string, rateId: string | null, name: string): Promise<void> {
    const [clash] = await this.dataSource.query<{ name: string }[]>(
      'SELECT name FROM tax_rates WHERE shop_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3',
      [shopId, name, rateId],
    );
    if (clash) throw new ConflictException(`a tax rate is already named ${clash.name}`);
  }
}
