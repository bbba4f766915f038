"""Presentation mode and the export controls: slides from the story file, one at a time
(with a QR code of the slide's link for the audience, `qr=1`), the slide deck and the
briefing document downloads, and per-chart PNG/SVG downloads.

Presentation mode (`present=1`) works on any page's address: `page.setup()` hands
over to `show_presentation()`, which draws the slide named by `slide=` and stops the page.
The slides and the deck come from the same story and chart registry, so what is shown on
the projector is what is handed out.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from functools import partial

import streamlit as st
from streamlit.components import v2 as components_v2

from dashboard.base import cache, safe
from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import Data
from dashboard.model import params, views
from dashboard.model.scenarios import whatif
from dashboard.model.scenarios.assumptions import SliderSpec
from dashboard.outputs import brief, briefing, export, images, qr, slides
from dashboard.outputs.story import StoryError, known_charts, load_story
from dashboard.ui import context, markdown, url, widgets

# Large type and no chrome for the projector. A constant: no data or input reaches it.
PRESENTATION_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stToolbar"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 2.6rem; line-height: 1.2; }
.stMarkdown p, [data-testid="stCaptionContainer"] { font-size: 1.35rem; }
[data-testid="stCaptionContainer"] { color: #333333; }
/* A phone (what the audience opens from the QR code): type that fits, and the slide's
   buttons in a bar at the bottom of the screen, within reach of a thumb. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding: 0.75rem 1rem 8.5rem; }
  [data-testid="stMain"] h1 { font-size: 1.45rem; line-height: 1.3; }
  .stMarkdown p, [data-testid="stCaptionContainer"] { font-size: 1rem; }
  .st-key-present_nav { position: fixed; left: 0; right: 0; bottom: 0; z-index: 5;
    background: #ffffff; box-shadow: 0 -1px 0 rgba(0, 0, 0, 0.15); gap: 0.4rem;
    padding: 0.4rem 1rem calc(0.6rem + env(safe-area-inset-bottom)); flex-wrap: wrap; }
  .st-key-present_nav button { min-height: 2.75rem; }
}
</style>
"""
# A wireless presenter sends PageDown/PageUp (some send the arrow keys, a keyboard has
# Space): each presses the on-screen Next or Previous button, so a key moves the slide
# exactly as a click does (the URL follows). The script runs in the app's own document
# (a v2 component has no iframe); one listener per document, replaced on every mount and
# removed when presentation mode ends. Keys typed into a field, Space on a focused
# control (which presses that control itself) and held-down repeats are left alone.
# The buttons step from the slide the URL names at the press (`_step`), so a key pressed
# while the page is still redrawing moves one slide from where the audience is.
PRESENTER_KEYS_JS = """
const NEXT = ['PageDown', 'ArrowRight', ' '];
const PREVIOUS = ['PageUp', 'ArrowLeft'];
// A key pressed while the page is redrawing may find the button of the slide before
// (Previous is off on the first slide): it tries again until the new one is drawn.
const RETRIES = 20;  // every 100 ms: two seconds
function press(key, tries) {
  const button = document.querySelector(`.st-key-${key} button`);
  if (button && !button.disabled) button.click();
  else if (tries > 0) setTimeout(() => press(key, tries - 1), 100);
}
export default function () {
  const onKey = (event) => {
    if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target && target.closest('input, textarea, select, [contenteditable="true"]')) return;
    if (event.key === ' ' && target && target.closest('button, a, [role="button"]')) return;
    const key = NEXT.includes(event.key) ? 'present_next'
      : PREVIOUS.includes(event.key) ? 'present_prev' : null;
    if (!key) return;
    event.preventDefault();
    press(key, RETRIES);
  };
  if (window.__dashboardPresenterKeys) {
    window.removeEventListener('keydown', window.__dashboardPresenterKeys);
  }
  window.__dashboardPresenterKeys = onKey;
  window.addEventListener('keydown', onKey);
  return () => {
    window.removeEventListener('keydown', onKey);
    if (window.__dashboardPresenterKeys === onKey) delete window.__dashboardPresenterKeys;
  };
}
"""
presenter_keys = components_v2.component("dashboard_presenter_keys", js=PRESENTER_KEYS_JS)


# A resource cache: the story is immutable (read-only mappings inside), shared by sessions.
@st.cache_resource(show_spinner=False)
def _story(path: str, signature: tuple, entities: tuple[str, ...], metrics: tuple[str, ...],
           sliders: tuple[SliderSpec, ...], presets: tuple[str, ...]):  # fmt: skip
    """The story file, checked: (story, problems). Cached per file version."""
    try:
        story = load_story(path, known_charts=known_charts(), entities=entities,
                           metrics=metrics, sliders=sliders, presets=presets)  # fmt: skip
    except StoryError as exc:
        return None, tuple(exc.problems)
    return story, ()


def current_story(ctx: context.PageContext):
    folder = data_dir_from_env()
    path = folder / "story.yaml"
    signature = context.file_signature(path)
    return _story(str(path), signature, tuple(ctx.data.entities["id"]),
                  tuple(ctx.data.metrics["metric"]), whatif.url_sliders(ctx.data),
                  whatif.url_presets(ctx.data))  # fmt: skip


def _go_to(**changes: object) -> None:
    """Button callback: change the view state (slide, present) in the URL before the
    rerun that the click starts, so the new slide is drawn from the URL like any link."""
    ctx = context.page_context()
    context.set_context(replace(ctx, state=replace(ctx.state, **changes)))


def _step(delta: int) -> None:
    """Button callback: the slide after (or before) the one the URL names at the click,
    not the one the button was drawn on: a key pressed while the page is still redrawing
    presses the button of the previous drawing, whose slide number is out of date."""
    _go_to(slide=max(1, context.page_context().state.slide + delta))


def show_presentation(ctx: context.PageContext) -> None:
    """One slide: its title, chart, takeaway and source line, with previous/next."""
    st.html(PRESENTATION_CSS)
    story, problems = current_story(ctx)
    if story is None:
        st.error(t("present.story_problems", ctx.lang, n=len(problems)))
        for problem in problems:
            st.text(problem.format(ctx.lang))
        st.button(t("present.exit", ctx.lang), key="present_exit", on_click=_go_to,
                  kwargs={"present": False, "slide": 1})  # fmt: skip
        st.stop()
    total = len(story.slides)
    number = min(ctx.state.slide, total)
    slide = story.slides[number - 1]
    st.title(slide.title(ctx.lang))
    # With the QR code, the chart gives it a quarter of the width (on a phone the columns
    # stack, the code under the chart).
    chart, code = st.columns([3, 1]) if ctx.state.qr else (st.container(), None)
    with chart:
        if slide.chart in registry.CHARTS:
            view = slides.slide_view(slide, ctx.data, ctx.lang, ctx.state)
            view = replace(view, style=context.PHONE_STYLE if ctx.width else context.PRESENT_STYLE)
            result = registry.build(slide.chart, ctx.data, view)
            widgets.chart_alt(result, ctx.lang, "present_chart")
            widgets.plotly_chart(result, ctx, "present_chart")
            markdown.source_line(result.rows, ctx.lang)
        else:
            st.info(t("present.chart_pending", ctx.lang), icon=":material/hourglass_empty:")
    if code is not None:
        with code:
            qr_code(ctx)
    st.markdown(f"**{markdown.md_escape(slide.takeaway(ctx.lang))}**")

    # One row that wraps on a phone (columns would stack into a tall list).
    nav = st.container(horizontal=True, vertical_alignment="center", key="present_nav")
    nav.button(
        t("present.previous", ctx.lang), key="present_prev", disabled=number <= 1,
        icon=":material/arrow_back:", width="stretch", on_click=_step, args=(-1,),
    )  # fmt: skip
    nav.markdown(t("present.slide_of", ctx.lang, n=number, total=total))
    nav.button(
        t("present.next", ctx.lang), key="present_next", disabled=number >= total,
        icon=":material/arrow_forward:", width="stretch", on_click=_step, args=(1,),
    )  # fmt: skip
    nav.button(
        t("qr.hide" if ctx.state.qr else "qr.show", ctx.lang), key="present_qr",
        icon=":material/qr_code_2:", width="stretch", on_click=_go_to,
        kwargs={"qr": not ctx.state.qr},
    )  # fmt: skip
    nav.button(
        t("present.exit", ctx.lang), key="present_exit", width="stretch", on_click=_go_to,
        kwargs={"present": False, "slide": 1, "qr": False},
    )  # fmt: skip
    presenter_keys(key="present_keys", height=0)  # draws nothing: below, out of the row
    if number != ctx.state.slide:  # a link past the last slide shows the last one
        context.set_context(replace(ctx, state=replace(ctx.state, slide=number)))
    st.stop()


QR_KEPT = 32  # QR code pictures remembered (per link), across sessions


@cache.recent(QR_KEPT)
def _qr_png(link: str) -> bytes:
    return qr.png(link)


def viewer_link(ctx: context.PageContext) -> str:
    """The absolute link of what the audience should open: this slide of this view, in
    presentation mode, without the QR code."""
    return url.absolute_link(url.current_page(), params.encode(replace(ctx.state, qr=False)))


def qr_code(ctx: context.PageContext) -> None:
    """The QR code of the slide's link, filling its column (at least a fifth of a
    projector's height), the short link under it."""
    link = viewer_link(ctx)
    with st.container(key="present_qr_code"):
        st.image(_qr_png(link), width="stretch")
        st.caption(markdown.md_escape(qr.short(link)))
        st.caption(t("qr.caption", ctx.lang))


def _briefing(ctx: context.PageContext, page: str, fmt: str, base: str) -> bytes:
    """The briefing file of this view, made when the reader clicks its download."""
    return brief.build_brief(ctx.data, ctx.lang, ctx.state, page, fmt, base=base)


def briefing_downloads(ctx: context.PageContext, reason: str) -> None:
    """ "Briefing": the view as an HWPX and a DOCX document, each made when clicked (a
    page run costs nothing until someone asks for one)."""
    st.caption(t("brief.sidebar_caption", ctx.lang))
    page = briefing.briefing_page(url.current_page() or briefing.DEFAULT_PAGE)
    base = url.app_root()
    for fmt in brief.FORMATS:
        st.download_button(
            t(f"brief.download.{fmt}", ctx.lang), partial(_briefing, ctx, page, fmt, base),
            file_name=safe.filename(f"ai-dashboard-brief-{page}-{ctx.lang}", fmt),
            mime=brief.MIME[fmt], key=f"brief_{fmt}", width="stretch", disabled=bool(reason),
            icon=":material/description:", on_click="ignore",
        )  # fmt: skip


def sidebar_export(ctx: context.PageContext) -> None:
    """Start the presentation, and build the slide deck to download."""
    with st.sidebar.expander(t("present.sidebar_title", ctx.lang), icon=":material/slideshow:"):
        st.button(t("present.start", ctx.lang), key="present_start", width="stretch",
                  on_click=_go_to, kwargs={"present": True, "slide": 1})  # fmt: skip
        st.caption(t("present.keys_hint", ctx.lang))
        reason = images.chromium_reason(ctx.lang)
        if reason:
            st.caption(reason)
        if st.button(t("export.button", ctx.lang), key="deck_build", disabled=bool(reason),
                     width="stretch"):  # fmt: skip
            story, problems = current_story(ctx)
            if story is None:
                st.error(t("present.story_problems", ctx.lang, n=len(problems)))
            else:
                bar = st.progress(0.0, text=t("export.building", ctx.lang))

                def slide_drawn(done: int, total: int, title: str) -> None:
                    bar.progress(done / total, text=t("export.progress", ctx.lang, n=done,
                                                      total=total, title=title))  # fmt: skip

                link = export.presenter_link(url.app_root(), ctx.state, ctx.lang,
                                             url.current_page())  # fmt: skip
                try:
                    deck = export.build_deck(ctx.data, story, ctx.lang, ctx.state,
                                             report=lambda _message: None,
                                             progress=slide_drawn, link=link)  # fmt: skip
                except (export.DeckError, images.ImageError) as exc:
                    st.error(str(exc))
                    deck = None
                bar.empty()
                st.session_state["deck"] = (ctx.lang, deck)
        built = st.session_state.get("deck")
        if built and built[0] == ctx.lang and built[1]:
            st.download_button(
                t("present.download_deck", ctx.lang), built[1],
                file_name=safe.filename(f"ai-dashboard-{ctx.lang}", "pptx"),
                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                key="deck_download", width="stretch",
            )  # fmt: skip
        briefing_downloads(ctx, reason)


IMAGE_LABELS = {"png": "export.image_png", "svg": "export.image_svg"}  # strings keys
IMAGE_SIZE = (1920, 1080)  # px: the Image menu's PNG and SVG, and the copied image
COPIES_KEPT = 16  # copied chart images remembered (per chart and view), across sessions


def _draw(result: registry.ChartResult, lang: str, fmt: str) -> bytes:
    """The chart as an image file, the source line drawn in below the plot."""
    source = images.source_line(views.sources_of(result.rows), lang)
    width, height = IMAGE_SIZE
    with images.ImageSession(lang=lang) as session:
        return session.render(
            result.figure.checked(), fmt=fmt, width=width, height=height, source=source
        )


def image_downloads(result: registry.ChartResult, ctx: context.PageContext, chart_id: str) -> None:
    """PNG (1920 px wide) and SVG of one chart, the source line drawn into the image."""
    reason = images.chromium_reason(ctx.lang)
    with st.popover(t("present.image_menu", ctx.lang), icon=":material/image:"):
        if reason:
            st.caption(reason)
            return
        for fmt in ("png", "svg"):
            key = f"{fmt}_{chart_id}"
            if st.button(t(IMAGE_LABELS[fmt], ctx.lang), key=f"make_{key}"):
                with st.spinner(t("present.drawing", ctx.lang)):
                    st.session_state[key] = _draw(result, ctx.lang, fmt)
            if key in st.session_state:
                st.download_button(
                    t("present.save_file", ctx.lang, fmt=fmt.upper()), st.session_state[key],
                    file_name=safe.filename(chart_id, fmt),
                    mime="image/png" if fmt == "png" else "image/svg+xml", key=f"save_{key}",
                )  # fmt: skip


# "Copy chart as image": a button in the app's document (a v2 component, no iframe)
# whose click writes the PNG to the clipboard. Browsers allow a clipboard write only
# within the click itself, and the PNG is drawn only when asked for (a Chromium render
# per chart per page run would slow every page). So a first click writes a promise of
# the image and asks the server for it (the `wanted` trigger); the rerun draws it and
# hands it over as `data.png`, which fulfils the promise. Once drawn for a view, the PNG
# comes with the button and a click writes it at once. Words come from the strings.
COPY_IMAGE_HTML = '<button type="button"></button><p role="status" aria-live="polite"></p>'
COPY_IMAGE_CSS = """
:host { display: block; }
button { font: inherit; color: inherit; background: var(--st-background-color, #fff);
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.25rem 0.75rem;
  min-height: 2.5rem; cursor: pointer; }
button:hover:not(:disabled) {
  border-color: var(--st-primary-color); color: var(--st-primary-color); }
button:disabled { cursor: not-allowed; opacity: 0.6; }
/* The message wraps within the space the button leaves, not widening the row. */
p { margin: 0.25rem 0 0; font-size: 0.875rem; color: #333333; width: 0; min-width: 100%; }
p:empty { display: none; }
"""
COPY_IMAGE_JS = """
const pending = (window.__dashboardImageCopies ??= {});  // chart id -> promise handlers
const shown = (window.__dashboardImageCopyStatus ??= {});  // chart id -> status element

function pngBlob(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: 'image/png' });
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const button = parentElement.querySelector('button');
  const status = parentElement.querySelector('[role="status"]');
  shown[data.id] = status;
  // A message goes to this button's own line and, if a re-run has drawn the button
  // anew since, to the new one's: a click never leaves an earlier message standing.
  const say = (text) => {
    for (const line of new Set([status, shown[data.id]])) line.textContent = text;
  };
  button.textContent = data.label;
  button.disabled = Boolean(data.reason);
  if (data.reason) say(data.reason);
  const waiting = pending[data.id];
  if (waiting && (data.png || data.error)) {
    delete pending[data.id];
    if (data.png) waiting.resolve(pngBlob(data.png));
    else waiting.reject(new Error(data.error));
  }
  button.onclick = () => {
    if (!window.isSecureContext || !navigator.clipboard || !navigator.clipboard.write
        || typeof ClipboardItem === 'undefined') {
      say(data.unavailable);
      return;
    }
    let image;
    if (data.png) {
      image = pngBlob(data.png);
    } else {
      image = new Promise((resolve, reject) => { pending[data.id] = { resolve, reject }; });
      setTriggerValue('wanted', true);
    }
    say(data.preparing);
    navigator.clipboard.write([new ClipboardItem({ 'image/png': image })])
      .then(() => say(data.done))
      .catch((error) => say(data.failed.replace('{error}', error.message || error.name)));
  };
}
"""
copy_image_button = components_v2.component(
    "dashboard_copy_image", html=COPY_IMAGE_HTML, css=COPY_IMAGE_CSS, js=COPY_IMAGE_JS
)


@cache.recent(COPIES_KEPT)
def _copy_png(data: Data, chart_id: str, view: registry.View) -> bytes:
    return _draw(registry.build(chart_id, data, view), view.lang, "png")


def _want_copy(key: str, view: registry.View) -> None:
    st.session_state[key] = view


def copy_image(ctx: context.PageContext, chart_id: str, view: registry.View) -> None:
    """ "Copy chart as image": the Image menu's PNG (source line drawn in), drawn on the
    first click for this view, to the clipboard. Without Chromium the button is off and
    says why, as the Image menu does."""
    wanted = f"copy_view_{chart_id}"
    png, error = "", ""
    reason = images.chromium_reason(ctx.lang)
    if not reason and st.session_state.get(wanted) == view:
        try:
            png = base64.b64encode(_copy_png(ctx.data, chart_id, view)).decode("ascii")
        except images.ImageError as exc:
            error = str(exc)
    copy_image_button(
        key=f"copy_{chart_id}",
        data={
            "id": chart_id,
            "png": png,
            "error": error,
            "reason": reason,
            "label": t("present.copy_image", ctx.lang),
            "preparing": t("present.copy_preparing", ctx.lang),
            "done": t("present.copy_done", ctx.lang),
            "failed": t("present.copy_failed", ctx.lang, error="{error}"),
            "unavailable": t("present.copy_unavailable", ctx.lang),
        },
        on_wanted_change=partial(_want_copy, wanted, view),
    )
