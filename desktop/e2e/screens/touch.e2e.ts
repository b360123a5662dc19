import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { walkScreens } from '../support/screen-walk';

jest.setTimeout(600_000);

/**
 * Runs in the page (a string: the e2e project has no DOM types, and the CSP refuses eval, the
 * DevTools protocol does not): every visible target smaller than 44×44 CSS px. A checkbox or
 * radio inside its label counts as its label, which the finger hits.
 */
const SMALL_TARGETS = `(() => {
  const selector = 'button, a, input, select, textarea, summary, [role="button"], [role="radio"], [role="checkbox"], [role="option"], label:has(> input[type="checkbox"]), label:has(> input[type="radio"])';
  const out = [];
  for (const element of document.querySelectorAll(selector)) {
    const choice = element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio');
    const target = choice ? element.closest('label') || element : element;
    if (target.closest('[inert]') || (document.querySelector('dialog[open]') && !target.closest('dialog[open]'))) continue;
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
    if (element instanceof HTMLInputElement && element.type === 'hidden') continue;
    if (box.width < 44 || box.height < 44) {
      const name = (target.getAttribute('data-testid') || target.getAttribute('aria-label') || target.textContent || target.tagName).trim().replace(/\\s+/g, ' ').slice(0, 40);
      out.push(target.tagName.toLowerCase() + ' "' + name + '" ' + Math.round(box.width) + '×' + Math.round(box.height));
    }
  }
  return out;
})()`;

/**
 * Runs in the page: what spills out sideways. The page itself must not scroll sideways, no panel
 * scrolls sideways (the receipt preview's fixed-width lines aside), and no block holds text wider
 * than itself (unless it ends in an ellipsis and names the whole text in its title).
 */
const OVERFLOWS = `(() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push('document ' + root.scrollWidth + ' > ' + root.clientWidth);
  for (const element of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    if (style.display === 'inline' || style.display === 'none' || style.display === 'contents') continue;
    if (element.clientWidth === 0 || element.scrollWidth <= element.clientWidth + 1) continue;
    // A panel may scroll down, not sideways; only the printed receipt's fixed-width lines may.
    if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && element.closest('.receipt')) continue;
    if (element.closest('svg') || element.tagName === 'INPUT' || element.tagName === 'TEXTAREA') continue;
    if (style.textOverflow === 'ellipsis' && element.getAttribute('title')) continue;
    if (element.classList.contains('visually-hidden')) continue;
    const name = (element.getAttribute('data-testid') || element.className || element.tagName).toString().slice(0, 40);
    out.push(element.tagName.toLowerCase() + '.' + name + ' ' + element.scrollWidth + ' > ' + element.clientWidth);
  }
  return out;
})()`;

/** Every screen and dialog of the till, in French, on the counter's touch screens and a desktop monitor. */
describe('Touch screens: every target a finger can hit, nothing spilling out', () => {
  let env: ShopEnv;
  let till: ShellTerminal;

  beforeAll(async () => {
    env = await startShopEnv('screens-touch');
    till = await env.addTerminal('Caisse 1');
  });

  afterAll(async () => {
    await env?.close();
  });

  it('[touch] every visible target is at least 44×44 CSS px at 1024×768 and 1366×768, the page never scrolls sideways, axe finds nothing serious', async () => {
    const small: string[] = [];
    const spilled: string[] = [];
    const axe: string[] = [];
    const walked = await walkScreens(env, till, async (stop, viewport) => {
      await till.screenshot(`touch-${stop}-${viewport.width}x${viewport.height}.png`, testOutputDir);
      if (viewport.width > 1366) return;
      for (const entry of new Set(await till.page.evaluate<string[]>(SMALL_TARGETS))) small.push(`${stop} @${viewport.width}: ${entry}`);
      for (const entry of new Set(await till.page.evaluate<string[]>(OVERFLOWS))) spilled.push(`${stop} @${viewport.width}: ${entry}`);
      if (viewport.width === 1024) for (const violation of await till.accessibilityViolations()) axe.push(`${stop}: ${violation.id} (${violation.impact}) ${violation.targets.join(' ')}`);
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect({ walk: walked instanceof Error ? walked.message : walked === null ? 'done' : 'failed', small, spilled, axe }).toEqual({ walk: 'done', small: [], spilled: [], axe: [] });
  });
});
