/**
 * Page helpers for the VS Code workbench served by code-server: they act as a person does (keyboard,
 * mouse) and wait for what the page shows, with timeouts, never for a fixed time.
 */
import type { Locator, Page } from 'playwright-core';

// The browser's globals, for the functions that run in the page; typed just enough (tsconfig has no DOM lib).
interface PageNode {
  textContent: string | null;
  style: { top: string };
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): Iterable<PageNode>;
}
interface PageRect {
  left: number;
  top: number;
  width: number;
  height: number;
}
declare const document: PageNode & {
  createTreeWalker(root: PageNode, whatToShow: number): { nextNode(): PageNode | null };
  createRange(): { setStart(n: PageNode, o: number): void; setEnd(n: PageNode, o: number): void; getBoundingClientRect(): PageRect };
};
declare const NodeFilter: { SHOW_TEXT: number };
declare function requestAnimationFrame(callback: () => void): number;
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: never, options: Record<string, boolean>): void;
  disconnect(): void;
}

/** Text as the page shows it, whitespace collapsed (the editor renders spaces as no-break spaces). */
export function squashText(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Letters and digits only, for comparing rendered markdown with its source. */
export function words(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** The code-action menu (its empty submenu panel shares the class). */
const QUICK_FIX_MENU = '.action-widget:not(.action-list-submenu-panel)';

export class Workbench {
  constructor(readonly page: Page) {}

  get editor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  async waitForWorkbench(timeout = 120_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    // The explorer shows the workspace folder once the workbench has restored.
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'attached', timeout });
  }

  /**
   * Opens a workspace file as a person does from the Explorer: a double-click on the row named exactly `name` (a pinned
   * editor, not a preview the next file would replace), then its tab must come up. The Explorer lists the folder's
   * names exactly and in a fixed order; Quick Open would match fuzzily (ssh_config also finds sshd_config), put
   * recently opened files first and refill its list as search results arrive, under the selection.
   */
  async openFile(name: string, timeout = 30_000): Promise<void> {
    const exact = `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    await this.escape();
    const row = this.page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(exact) }) })
      .first();
    await row.dblclick({ timeout });
    // The active tab's text starts with the name (a problem count may follow it: "ssh_config 2").
    const tabName = `${exact.slice(0, -1)}(?![\\w.-])`;
    await this.page
      .waitForFunction((src) => new RegExp(src).test((document.querySelector('.part.editor .tab.active')?.textContent ?? '').trim()), tabName, {
        timeout,
        polling: 100,
      })
      .catch(async (e) => {
        throw new Error(
          `${(e as Error).message.split('\n')[0]}\nopening ${name} from the Explorer: the active tab is ${JSON.stringify(await this.activeTab())}`,
        );
      });
    await this.editor.locator('.view-lines').waitFor({ state: 'visible', timeout });
  }

  async activeTab(): Promise<string> {
    return (
      (await this.page
        .locator('.part.editor .tab.active')
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => '')) ?? ''
    );
  }

  /** Focuses the editor group with the keyboard (Ctrl+1): a click could land on a CodeLens and run it. */
  async focusEditor(): Promise<void> {
    await this.escape();
    await this.page.keyboard.press('Control+1');
  }

  async escape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Runs a command from the command palette (F1) by its label. */
  async runCommand(label: string, timeout = 30_000): Promise<void> {
    await this.escape();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout });
    await row.click();
    // The palette closes (its list stays in the page, hidden), or gives way to the command's own picker.
    await row.waitFor({ state: 'hidden', timeout });
  }

  /** The CodeLens titles shown in the active editor (each lens line's titles, as the page shows them). */
  async lensTexts(): Promise<string[]> {
    const texts = await this.editor.locator('.codelens-decoration').allTextContents();
    return texts.map(squashText).filter((t) => t !== '');
  }

  /** Waits until a CodeLens shows exactly `title` (one of the lenses of a line may be it). */
  async waitForLens(title: string, timeout = 30_000): Promise<void> {
    const want = squashText(title);
    await this.page.waitForFunction(
      (w) => {
        const active = document.querySelector('.part.editor .editor-group-container.active .monaco-editor');
        if (!active) return false;
        for (const el of active.querySelectorAll('.codelens-decoration')) {
          for (const a of el.querySelectorAll('a, span')) {
            if ((a.textContent ?? '').replace(/[\s\u00a0]+/g, ' ').trim() === w) return true;
          }
        }
        return false;
      },
      want,
      { timeout, polling: 100 },
    );
  }

  /** Clicks the CodeLens link with this title (runs its command, as a person clicking it would). */
  async clickLens(title: string, timeout = 30_000): Promise<void> {
    await this.editor
      .locator('.codelens-decoration a', { hasText: squashText(title) })
      .first()
      .click({ timeout });
  }

  /**
   * Waits for a markdown preview tab and for its rendered page (a webview: two nested frames) to show
   * text containing every one of `expected`; returns that text.
   */
  async waitForPreview(tabTitle: string, expected: string[], timeout = 30_000): Promise<string> {
    await this.page.locator('.part.editor .tab', { hasText: tabTitle }).first().waitFor({ state: 'visible', timeout });
    const body = this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame').locator('body');
    await body.waitFor({ state: 'visible', timeout });
    const want = expected.map(words);
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = await body.innerText({ timeout });
      if (want.every((w) => words(text).includes(w))) return text;
      if (Date.now() > deadline) throw new Error(`the preview "${tabTitle}" shows:\n${text}\nmissing: ${JSON.stringify(expected)}`);
      // Wait for the webview to change rather than for a fixed time.
      await body.evaluate(
        (b) =>
          new Promise((r) => {
            const o = new MutationObserver(() => {
              o.disconnect();
              r(undefined);
            });
            o.observe(b as never, { childList: true, subtree: true, characterData: true });
            setTimeout(() => {
              o.disconnect();
              r(undefined);
            }, 1000);
          }),
      );
    }
  }

  /** The hrefs of the links in the last markdown preview (`mailto:` ones are protocol names a renderer mistook for addresses). */
  async previewLinks(): Promise<string[]> {
    const body = this.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame').locator('body');
    return body.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  }

  /** The active editor's visible lines, top to bottom. */
  async editorText(): Promise<string> {
    return this.editor.evaluate((ed) => {
      const lines = [...(ed as unknown as PageNode).querySelectorAll('.view-lines .view-line')];
      lines.sort((a, b) => Number.parseFloat(a.style.top || '0') - Number.parseFloat(b.style.top || '0'));
      return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n');
    });
  }

  /** Screen position of the middle of `word` on the first visible line whose text matches `line`. */
  async wordPosition(line: RegExp, word: string): Promise<{ x: number; y: number }> {
    const pos = await this.editor.evaluate(
      (ed, [src, flags, w]) => {
        const re = new RegExp(src, flags);
        for (const l of (ed as unknown as PageNode).querySelectorAll('.view-lines .view-line')) {
          const text = (l.textContent ?? '').replace(/\u00a0/g, ' ');
          if (!re.test(text)) continue;
          const at = text.indexOf(w);
          if (at < 0) continue;
          const walker = document.createTreeWalker(l, NodeFilter.SHOW_TEXT);
          let offset = 0;
          const range = document.createRange();
          let started = false;
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const len = (n.textContent ?? '').length;
            if (!started && at < offset + len) {
              range.setStart(n, at - offset);
              started = true;
            }
            if (started && at + w.length <= offset + len) {
              range.setEnd(n, at + w.length - offset);
              const r = range.getBoundingClientRect();
              return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
            }
            offset += len;
          }
        }
        return null;
      },
      [line.source, line.flags, word] as const,
    );
    if (!pos) throw new Error(`no visible line matching ${line} with "${word}"`);
    return pos;
  }

  /** Moves the mouse over `word` and waits for the editor's hover to show text containing every one of `expected`. */
  async hover(line: RegExp, word: string, expected: string[], timeout = 30_000): Promise<string> {
    await this.escape();
    const { x, y } = await this.wordPosition(line, word);
    await this.page.mouse.move(x, y - 40);
    await this.page.mouse.move(x, y, { steps: 5 });
    const want = expected.map(words);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
    await hover.waitFor({ state: 'visible', timeout });
    await this.page
      .waitForFunction(
        (ws) => {
          // No named helper here: the bundler would wrap it in a helper the page does not have.
          const text = [...document.querySelectorAll('.monaco-hover:not(.hidden)')]
            .map((h) =>
              (h.textContent ?? '')
                .replace(/[^\p{L}\p{N}]+/gu, ' ')
                .trim()
                .toLowerCase(),
            )
            .join(' ');
          return ws.every((w) => text.includes(w));
        },
        want,
        { timeout, polling: 100 },
      )
      .catch(async (e) => {
        throw new Error(`${(e as Error).message.split('\n')[0]}\nthe hover showed: ${await this.hoverText()}\nmissing: ${JSON.stringify(expected)}`);
      });
    return this.hoverText();
  }

  /** Fails unless the hover's paragraph containing `text` lies inside the hover's visible area, unscrolled. */
  async expectInHoverView(text: string): Promise<void> {
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
    const box = await hover.boundingBox();
    const t = await hover.locator('p', { hasText: text }).first().boundingBox();
    if (!box || !t || t.y < box.y || t.y + t.height > box.y + box.height)
      throw new Error(`"${text}" is not in the hover's view without scrolling (hover ${JSON.stringify(box)}, paragraph ${JSON.stringify(t)})`);
  }

  async hoverText(): Promise<string> {
    const texts = await this.page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
    return texts.map((t) => t.trim()).join('\n---\n');
  }

  /** Puts the cursor at a 1-based line and column with Go to Line (Ctrl+G). */
  async goTo(line: number, column: number, timeout = 30_000): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout });
    await this.page
      .locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col ${column}\\b`) })
      .first()
      .waitFor({ state: 'visible', timeout });
    // Keys typed next must reach the editor: wait until it has the focus back from Go to Line.
    await this.page.locator('.part.editor .editor-group-container.active .monaco-editor.focused').first().waitFor({ state: 'visible', timeout });
  }

  async waitForSquiggle(kind: 'error' | 'warning' | 'info', timeout = 30_000): Promise<void> {
    await this.editor.locator(`.squiggly-${kind}`).first().waitFor({ state: 'attached', timeout });
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and returns its entries. */
  async openQuickFixMenu(expectedTitle: string, timeout = 30_000): Promise<string[]> {
    const menu = this.page.locator(QUICK_FIX_MENU);
    await this.page.keyboard.press('Control+.');
    const shown = await menu
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (!shown) {
      // The key can reach the editor before the code actions are known: open the menu from the lightbulb instead.
      process.stdout.write('e2e:   Ctrl+. showed no menu within 5 s: opening it from the lightbulb\n');
      await this.editor.locator('.lightBulbWidget').first().click({ timeout });
      await menu.waitFor({ state: 'visible', timeout });
    }
    const row = menu.locator('.monaco-list-row', { hasText: expectedTitle }).first();
    await row.waitFor({ state: 'visible', timeout }).catch(async (e) => {
      throw new Error(`${(e as Error).message.split('\n')[0]}\nthe quick-fix menu showed: ${JSON.stringify(await this.quickFixEntries())}`);
    });
    return this.quickFixEntries();
  }

  async quickFixEntries(): Promise<string[]> {
    return (await this.page.locator('.action-widget .monaco-list-row').allInnerTexts()).map(squashText);
  }

  async chooseQuickFix(title: string, timeout = 30_000): Promise<void> {
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await row.click({ timeout });
    await this.page.locator(QUICK_FIX_MENU).waitFor({ state: 'hidden', timeout });
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer marked dirty. */
  async save(timeout = 30_000): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached', timeout });
  }

  /** Replaces the rest of a line from a 1-based column with `text`, by typing. */
  async replaceToEndOfLine(line: number, column: number, text: string): Promise<void> {
    await this.goTo(line, column);
    await this.page.keyboard.press('Shift+End');
    await this.page.keyboard.type(text);
    await this.page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'attached', timeout: 10_000 });
  }

  /** Shows the Problems panel and waits until it lists every message (their first words). */
  async waitForProblems(messages: string[], timeout = 30_000): Promise<string[]> {
    await this.runCommand('Problems: Focus on Problems View');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout });
    const want = messages.map((m) => squashText(m).slice(0, 60));
    await this.page
      .waitForFunction(
        (ws) => {
          const text = [...document.querySelectorAll('.markers-panel .monaco-list-row')]
            .map((r) => (r.textContent ?? '').replace(/[\s\u00a0]+/g, ' '))
            .join('\n');
          return ws.every((w) => text.includes(w));
        },
        want,
        { timeout, polling: 200 },
      )
      .catch(async (e) => {
        throw new Error(
          `${(e as Error).message.split('\n')[0]}\nthe Problems panel showed:\n${(await this.problemRows()).join('\n')}\nexpected: ${JSON.stringify(want)}`,
        );
      });
    return this.problemRows();
  }

  async problemRows(): Promise<string[]> {
    return (await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map(squashText);
  }

  /** Shows an output channel (Output: Show Output Channels...) and returns its visible text. */
  async showOutputChannel(name: string, timeout = 30_000): Promise<string> {
    await this.runCommand('Output: Show Output Channels...');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout });
    await input.fill(name);
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout });
    await row.click();
    // The channel is selected once the panel's channel picker shows its name; an empty channel is fine.
    await this.page
      .waitForFunction(
        (n) =>
          [...document.querySelectorAll('.part.panel select, .part.panel .monaco-select-box')].some((el) => {
            const sel = el as unknown as { options?: ArrayLike<{ text: string }>; selectedIndex?: number; title?: string };
            const picked = sel.options && sel.selectedIndex !== undefined && sel.selectedIndex >= 0 ? sel.options[sel.selectedIndex]?.text : undefined;
            return picked === n || sel.title === n;
          }),
        name,
        { timeout, polling: 200 },
      )
      .catch(async (e) => {
        throw new Error(`${(e as Error).message.split('\n')[0]}\nthe output channel "${name}" is not shown`);
      });
    const out = this.page.locator('.part.panel .monaco-editor .view-lines').filter({ visible: true }).first();
    await out.waitFor({ state: 'visible', timeout });
    return out.innerText();
  }

  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notifications-toasts .notification-toast, .notification-list-item').allInnerTexts()).map(squashText);
  }

  /** What the page shows, for a failure report. */
  async describe(): Promise<string> {
    const parts: string[] = [];
    const safe = async (label: string, f: () => Promise<string | string[]>) => {
      try {
        const v = await f();
        const s = Array.isArray(v) ? v.join('\n') : v;
        if (s.trim()) parts.push(`--- ${label} ---\n${s}`);
      } catch (e) {
        parts.push(`--- ${label}: unavailable (${(e as Error).message.split('\n')[0]}) ---`);
      }
    };
    await safe('active tab', async () => (await this.page.locator('.part.editor .tab.active').allInnerTexts()).join(' | '));
    await safe('editor (visible lines)', () => this.editorText());
    await safe('CodeLens', () => this.lensTexts());
    await safe('hover', () => this.hoverText());
    await safe('quick-fix menu', () => this.quickFixEntries());
    await safe('quick input', async () => (await this.page.locator('.quick-input-widget:visible').allInnerTexts()).join('\n'));
    await safe('notifications', () => this.notifications());
    await safe('status bar', async () => squashText((await this.page.locator('.part.statusbar').allInnerTexts()).join(' ')));
    return parts.join('\n');
  }
}
