import type { Locator, Page } from 'playwright-core';

/**
 * Questions asked inside the page. They run in the browser; the tests' own tsconfig has no DOM
 * types, hence the narrow local shapes.
 */
type Element = {
  textContent: string | null;
  id: string;
  scrollWidth: number;
  clientWidth: number;
  insertAdjacentHTML(where: string, html: string): void;
};
type PageGlobals = {
  document: { activeElement: Element; documentElement: Element; body: Element };
  getComputedStyle(element: Element): { outlineStyle: string };
};

/** The element with the keyboard focus: its text, id and outline style. */
export function focusedElement(page: Page) {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return { text: element.textContent, id: element.id, outline: style.outlineStyle };
  });
}

/** How wide the page's content is, in CSS pixels (wider than the screen: it scrolls sideways). */
export function documentWidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    return document.documentElement.scrollWidth;
  });
}

/** An element's content width and visible width (content wider than shown: it is cut off). */
export function contentAndVisibleWidth(locator: Locator) {
  return locator.evaluate((node) => {
    const element = node as unknown as Element;
    return { scrollWidth: element.scrollWidth, clientWidth: element.clientWidth };
  });
}

/** Adds a text field without any name at the end of the page: an accessibility fault on purpose. */
export function addUnnamedField(page: Page): Promise<void> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    document.body.insertAdjacentHTML('beforeend', '<input type="text">');
  });
}
