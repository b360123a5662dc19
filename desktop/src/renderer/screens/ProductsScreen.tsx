import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLowStock, searchProducts, withStock, type ProductWithStock } from '../domain/product-search';
import { useDebounced } from '../hooks/use-debounced';
import { useShop } from '../hooks/use-shop';
import { useServices } from '../services';

const LIST_LIMIT = 200;

/** "Produits & stock": the catalogue with the stock this terminal displays (server level + its pending sales). */
export function ProductsScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money } = useShop();
  const [query, setQuery] = useState('');
  const searched = useDebounced(query, 150);
  const products = useLiveQuery(
    async () => {
      const found =
        searched.trim() === ''
          ? await db.products
              .orderBy('name')
              .filter((product) => !product.archived)
              .limit(LIST_LIMIT)
              .toArray()
          : await searchProducts(db, searched, LIST_LIMIT);
      return withStock(db, found);
    },
    [db, searched],
    [] as ProductWithStock[],
  );

  return (
    <main className="products">
      <section className="panel">
        <div className="panel__header">
          <h1>{t('products.title')}</h1>
          <span className="muted">{t('products.shown', { count: products.length })}</span>
        </div>
        <label className="field">
          <span className="field__label">{t('products.search')}</span>
          <input
            className="input"
            data-testid="product-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            placeholder={t('products.searchPlaceholder')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        {products.length === 0 ? (
          <p className="muted">{t('products.empty')}</p>
        ) : (
          <table className="table table--products">
            <thead>
              <tr>
                <th scope="col">{t('products.name')}</th>
                <th scope="col">{t('products.barcode')}</th>
                <th scope="col">{t('products.sku')}</th>
                <th scope="col" className="num">
                  {t('products.price')}
                </th>
                <th scope="col" className="num">
                  {t('products.stock')}
                </th>
              </tr>
            </thead>
            <tbody>
              {products.map((product) => (
                <tr key={product.id} data-testid="product-row" data-product-id={product.id} data-stock={product.stock}>
                  <td>{product.name}</td>
                  <td className="mono">{product.barcode ?? '—'}</td>
                  <td className="mono">{product.sku}</td>
                  <td className="num">{money(product.price)}</td>
                  <td className="num">
                    <span className="stock-cell">
                      {product.stock <= 0 ? (
                        <span className="badge badge--rejected">{t('products.outOfStock')}</span>
                      ) : (
                        isLowStock(product) && <span className="badge badge--pending">{t('products.lowStock')}</span>
                      )}
                      <strong>{product.stock}</strong>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
