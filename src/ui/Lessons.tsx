// Guided lessons: a menu in the header and, while one is open, a card above the charts with its
// text and what to look for. Opening a lesson loads its config and pins its comparison runs
// (store.openLesson); the link keeps `lesson=<id>`, so a teacher can send it to a class.

import { Fragment, useState } from "react";
import { defineMessages } from "../state/i18n.ts";
import { LESSONS, findLesson, type LessonId } from "../state/lessons.ts";
import { usePlayground } from "../state/store.ts";
import { useT } from "../state/use-t.ts";

export const lessonMessages = defineMessages({
  en: {
    menu: "Lessons",
    choose: "Choose a lesson…",
    look: "Look for:",
    close: "Close lesson",
    restart: "Start the lesson over",
    more: "more",
    less: "less",
    moreLabel: "Show the whole lesson text",
  },
  zh: {
    menu: "课程",
    choose: "选择一节课…",
    look: "观察：",
    close: "关闭课程",
    restart: "重新开始本课",
    more: "展开",
    less: "收起",
    moreLabel: "显示完整的课程说明",
  },
});

export function LessonMenu() {
  const t = useT(lessonMessages);
  const lang = usePlayground((s) => s.lang);
  const lesson = usePlayground((s) => s.lesson);
  const openLesson = usePlayground((s) => s.openLesson);
  return (
    <span className="lesson-menu">
      <label htmlFor="lesson-menu">{t("menu")}</label>
      <select
        id="lesson-menu"
        data-testid="lesson-menu"
        className="ctl-select"
        value={lesson ?? ""}
        onChange={(e) => {
          const found = findLesson(e.target.value);
          if (found !== undefined) openLesson(found.id);
        }}
      >
        <option value="" disabled>
          {t("choose")}
        </option>
        {LESSONS.map((l) => (
          <option key={l.id} value={l.id}>
            {l.title[lang]}
          </option>
        ))}
      </select>
    </span>
  );
}

export function LessonCard() {
  const t = useT(lessonMessages);
  const lang = usePlayground((s) => s.lang);
  const id = usePlayground((s) => s.lesson);
  const closeLesson = usePlayground((s) => s.closeLesson);
  const openLesson = usePlayground((s) => s.openLesson);
  // Folded to one line by default, so the chart (which carries the lesson's marks) is on the first screen.
  const [open, setOpen] = useState(false);
  const lesson = findLesson(id);
  if (lesson === undefined) return null;
  // The comparison runs are listed with the pinned runs (and in the chart legend), not here.
  return (
    <section className="lesson-card" aria-labelledby="lesson-title" data-testid="lesson-card" data-lesson={lesson.id} data-open={open ? "1" : "0"}>
      <div className="lesson-head">
        <h2 id="lesson-title" className="lesson-title">
          <RichText text={lesson.title[lang]} />
        </h2>
        <div className="lesson-actions">
          <button
            type="button"
            className="btn btn-small"
            data-testid="lesson-more"
            aria-expanded={open}
            aria-controls="lesson-body"
            title={t("moreLabel")}
            onClick={() => setOpen(!open)}
          >
            {open ? t("less") : t("more")}
          </button>
          <button type="button" className="btn btn-small" onClick={() => openLesson(lesson.id as LessonId)}>
            {t("restart")}
          </button>
          <button type="button" className="btn btn-small" data-testid="lesson-close" onClick={closeLesson}>
            {t("close")}
          </button>
        </div>
      </div>
      <div id="lesson-body" className="lesson-body">
        <p className="lesson-text">
          <RichText text={lesson.text[lang]} />
        </p>
        <p className="lesson-look">
          <strong>{t("look")}</strong> <RichText text={lesson.look[lang]} />
        </p>
      </div>
    </section>
  );
}

/** Lesson text with `lr_t` set as lr with a real subscript t (the text itself stays plain). */
function RichText({ text }: { text: string }) {
  const parts = text.split("lr_t");
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              lr<sub>t</sub>
            </>
          )}
          {p}
        </Fragment>
      ))}
    </>
  );
}
