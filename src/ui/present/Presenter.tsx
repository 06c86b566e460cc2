// Presentation mode for a projector (issue #16): `present=1` or the key P. Large type, thick lines
// and a high-contrast, colour-blind-safe palette (present.css, state/palette.ts), the settings in a
// drawer, and keyboard shortcuts (shortcuts.ts): Space play/pause, → one epoch, R replay, 1–N
// lessons, ? the list. The page's layout stays App's; this adds the drawer toggle, the shortcut
// list and the key handling, and marks <html> so the stylesheet takes over.

import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { defineMessages } from "../../state/i18n.ts";
import { LESSONS } from "../../state/lessons.ts";
import { usePageMode } from "../../state/page-mode.ts";
import { paletteVars } from "../../state/palette.ts";
import { usePlayground } from "../../state/store.ts";
import { useT } from "../../state/use-t.ts";
import { shortcutFor, shortcutList, type Shortcut } from "./shortcuts.ts";
import "./present.css";

export const presenterMessages = defineMessages({
  en: {
    bar: "Presentation",
    settings: "Settings",
    closeSettings: "Close settings",
    shortcuts: "Shortcuts",
    exit: "Exit presentation",
    listTitle: "Keyboard shortcuts",
    close: "Close",
    toggle: "Play or pause",
    epoch: "Advance one epoch (and pause)",
    replay: "Replay the run from step 0",
    lessons: "Open lesson 1, 2, …",
    help: "Show or hide this list",
    present: "Presentation mode on or off",
    typing: "Shortcuts do nothing while a text box or a list has the focus.",
  },
  zh: {
    bar: "演示",
    settings: "设置",
    closeSettings: "关闭设置",
    shortcuts: "快捷键",
    exit: "退出演示模式",
    listTitle: "键盘快捷键",
    close: "关闭",
    toggle: "播放或暂停",
    epoch: "前进一轮（并暂停）",
    replay: "从第 0 步重新播放",
    lessons: "打开第 1、2……节课",
    help: "显示或隐藏本列表",
    present: "开启或关闭演示模式",
    typing: "输入框或下拉列表获得焦点时，快捷键不起作用。",
  },
});

/** Carries out one shortcut on the store. */
function run(s: Shortcut, ui: { setHelp: (f: (open: boolean) => boolean) => void; setDrawer: (open: boolean) => void }): void {
  const store = usePlayground.getState();
  switch (s.type) {
    case "togglePresent": {
      const mode = usePageMode.getState();
      mode.setPresent(!mode.present);
      break;
    }
    case "toggle":
      store.toggle();
      break;
    case "epoch":
      store.stepEpoch();
      break;
    case "replay":
      store.reset();
      usePlayground.getState().play();
      break;
    case "lesson": {
      const lesson = LESSONS[s.index];
      if (lesson !== undefined) store.openLesson(lesson.id);
      break;
    }
    case "help":
      ui.setHelp((open) => !open);
      break;
    case "close":
      ui.setHelp(() => false);
      ui.setDrawer(false);
      break;
  }
}

export function Presenter() {
  const present = usePageMode((s) => s.present);
  const setPresent = usePageMode((s) => s.setPresent);
  const t = useT(presenterMessages);
  const [help, setHelp] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const helpClose = useRef<HTMLButtonElement>(null);
  // The bar goes with the header's actions (App renders them before this mounts).
  const [barHost, setBarHost] = useState<Element | null>(null);
  useEffect(() => setBarHost(document.querySelector(".header-actions")), []);

  // The whole page follows: <html data-present> switches the stylesheet, the palette's variables
  // switch the charts' colours.
  useEffect(() => {
    const html = document.documentElement;
    const vars = paletteVars("present");
    if (present) {
      html.dataset.present = "1";
      for (const [k, v] of Object.entries(vars)) html.style.setProperty(k, v);
    } else {
      delete html.dataset.present;
      for (const k of Object.keys(vars)) html.style.removeProperty(k);
      setDrawer(false);
      setHelp(false);
    }
  }, [present]);
  useEffect(() => {
    const html = document.documentElement;
    if (present && drawer) html.dataset.drawer = "open";
    else delete html.dataset.drawer;
  }, [present, drawer]);
  useEffect(() => {
    if (help) helpClose.current?.focus();
  }, [help]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target instanceof Element ? e.target : null;
      const shortcut = shortcutFor(
        {
          key: e.key,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          targetTag: target?.tagName,
          targetEditable: target instanceof HTMLElement && target.isContentEditable,
        },
        usePageMode.getState().present,
        LESSONS.length,
      );
      if (shortcut === null) return;
      e.preventDefault();
      run(shortcut, { setHelp, setDrawer });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  if (!present) return null;
  const bar = (
      <div className="present-bar" role="toolbar" aria-label={t("bar")} data-testid="present-bar">
        <button type="button" className="btn" data-testid="present-settings" aria-expanded={drawer} onClick={() => setDrawer(!drawer)}>
          {drawer ? t("closeSettings") : t("settings")}
        </button>
        <button type="button" className="btn" data-testid="present-help" aria-expanded={help} onClick={() => setHelp(!help)}>
          {t("shortcuts")} <kbd>?</kbd>
        </button>
        <button type="button" className="btn" data-testid="present-exit" onClick={() => setPresent(false)}>
          {t("exit")} <kbd>P</kbd>
        </button>
      </div>
  );
  return (
    <>
      {barHost !== null && createPortal(bar, barHost)}
      {help && (
        <div className="present-help" role="dialog" aria-modal="false" aria-labelledby="present-help-title" data-testid="shortcut-list">
          <h2 id="present-help-title">{t("listTitle")}</h2>
          <dl>
            {shortcutList(LESSONS.length).map((s) => (
              <div key={s.what} className="present-help-row">
                <dt>
                  <kbd>{s.keys}</kbd>
                </dt>
                <dd>{t(s.what)}</dd>
              </div>
            ))}
          </dl>
          <p className="present-help-note">{t("typing")}</p>
          <button type="button" className="btn" ref={helpClose} onClick={() => setHelp(false)}>
            {t("close")}
          </button>
        </div>
      )}
    </>
  );
}
