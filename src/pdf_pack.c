/* pdf_pack.c - renders a pack as a PDF, section by section as its template orders them, on the
 * layout engine (pdf_layout.h) with the vector charts of pdf_chart.h: the cover, contents, summary
 * grid, tiles, indicator pages, small multiples and funnel here, the programme sections in
 * pdf_sections.c. It prints and draws what the pack content holds and computes nothing. */
#include "pdf_pack.h"
#include "content_build.h"
#include "disclosure.h"
#include "pdf_layout.h"
#include "narrative.h"
#include "pack_sections.h"
#include "pdf_blocks.h"
#include "pdf_chart.h"
#include "pdf_sections.h"
#include "period.h"
#include "strutil.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH PDF_SECTIONS_EN_DASH

#define PP_COVER_TOP 40.0 /* from the top of the page to the cover's band */
#define PP_PANEL_KEEP 184.0 /* one row of small multiples and their key */
#define PP_TILE_ROW 122.0   /* a row of headline tiles and the gap under it */
#define PP_COVER_LIST 16 /* sections listed on a cover (without a contents page) */

static const lay_style st_cover_org = {true, 14, 19, LAY_RGB_WHITE};
static const lay_style st_cover_title = {true, 26, 32, LAY_RGB_TEXT};
static const lay_style st_cover_period = {false, 13, 19, LAY_RGB_TEXT};
static const lay_style st_cover_meta = {false, 10, 15, LAY_RGB_MUTED};
static const lay_style st_cover_text = {false, 11, 16, LAY_RGB_TEXT};

/* The renderer's state across sections. */
typedef struct {
    pdf_sections_ctx sc;
    lay_doc *d;
    const pack_content *p;
    bool started;    /* a page exists */
    bool fresh_page; /* the next section must start a page (after the cover or contents) */
    bool contents;   /* the contents are reserved */
    lay_orientation orient;
    cm_doc *cm; /* the blocks of the sections built from the content model */
} pp_ctx;

static const char *pp_text(const char *s)
{
    return s ? s : "";
}

static lay_orientation pp_orient(tpl_orientation o)
{
    return o == TPL_LANDSCAPE ? LAY_LANDSCAPE : LAY_PORTRAIT;
}

static void pp_page(pp_ctx *c, lay_orientation o)
{
    lay_new_page(c->d, o, 0);
    c->orient = o;
    c->started = true;
    c->fresh_page = false;
}

static bool pp_at_top(const pp_ctx *c)
{
    return c->started && lay_at_top(c->d);
}

/* ---- the document ------------------------------------------------------------------------ */

static const char *pp_contents_title(const pack_content *p)
{
    for (size_t i = 0; i < p->nsections; i++)
        if (p->sections[i].type == SEC_CONTENTS && *pp_text(p->sections[i].title))
            return p->sections[i].title;
    return NULL;
}

static char *pp_generated(const pack_content *p)
{
    char stamp[64];
    if (p->generated_label)
        return bp_asprintf("Generated %s", p->generated_label);
    period_format_timestamp(p->generated_at, stamp, sizeof(stamp));
    return bp_asprintf("Generated %s", stamp);
}

static char *pp_period(const pack_content *p)
{
    char buf[32];
    if (p->period_label)
        return bp_strdup(p->period_label);
    period_format_long(p->period, buf, sizeof(buf));
    return bp_strdup(buf);
}

/* The footer's type (pdf_layout.c) and its two lines on a portrait page, the narrowest: the first
 * shares its line with "Page N of M". */
static const lay_style st_footer = {false, 7.5, 10, LAY_RGB_MUTED};
#define PP_FOOT_FIRST 395.0
#define PP_FOOT_SECOND 483.0

/* Where to break note so that "generated. note[0, k)" fits the first footer line and the rest
 * the second; 0 when the note fits the second line whole (or no break helps). */
static size_t pp_footer_break(lay_doc *d, const char *generated, const char *note)
{
    if (lay_text_width(d, &st_footer, note) <= PP_FOOT_SECOND)
        return 0;
    size_t best = 0;
    for (size_t k = 1; note[k]; k++) {
        if (note[k] != ' ')
            continue;
        const char *first = lay_printf(d, "%s. %.*s", generated, (int)k, note);
        if (!first || lay_text_width(d, &st_footer, first) > PP_FOOT_FIRST)
            break;
        best = k;
    }
    return best;
}

/* The two footer lines: the generation time, then the pack's note; a note too long for one line
 * starts on the first line after the time. */
static void pp_footer_lines(const char *generated, const char *note, size_t k, char **l0, char **l1)
{
    *l0 = k ? bp_asprintf("%s. %.*s", generated, (int)k, note) : bp_strdup(generated);
    *l1 = bp_strdup(note + k + (k ? 1 : 0));
}

static lay_doc *pp_open_with(const pack_content *p, const char *font_dir, const char *period,
                             const char *subject, char *const foot[2], bp_error *e)
{
    lay_setup s = {.font_dir = font_dir,
                   .title = pp_text(p->title),
                   .author = pp_text(p->author),
                   .subject = subject,
                   .creator = "boardpack",
                   .created = p->generated_at,
                   .compress = true,
                   .header_left = pp_text(p->title),
                   .header_sub = pp_text(p->organisation),
                   .header_right = period,
                   .header_lines = 2,
                   .classification = pp_text(p->classification),
                   .footer = {foot[0], foot[1]},
                   .contents_title = pp_contents_title(p)};
    bp_error_clear(e);
    return lay_open(&s, e);
}

/* The document, its information, and the running header and footer of every page. A note too
 * long for its footer line is measured in a first document, which is then discarded. */
static lay_doc *pp_open(const pack_content *p, const char *font_dir, const char *path,
                        bp_error *err)
{
    char *period = pp_period(p), *generated = pp_generated(p);
    char *subject =
        period ? bp_asprintf("%s, reporting period %s", pp_text(p->organisation), period) : NULL;
    const char *note = p->footer && *p->footer ? p->footer : pp_text(p->source_note);
    char *foot[2] = {NULL, NULL};
    bp_error e;
    lay_doc *d = NULL;
    if (period && generated && subject) {
        pp_footer_lines(generated, note, 0, &foot[0], &foot[1]);
        d = foot[0] && foot[1] ? pp_open_with(p, font_dir, period, subject, foot, &e) : NULL;
    }
    size_t k = d ? pp_footer_break(d, generated, note) : 0;
    if (k > 0) {
        lay_close(d, NULL, NULL, &e);
        free(foot[0]);
        free(foot[1]);
        pp_footer_lines(generated, note, k, &foot[0], &foot[1]);
        d = foot[0] && foot[1] ? pp_open_with(p, font_dir, period, subject, foot, &e) : NULL;
    }
    free(period);
    free(generated);
    free(subject);
    free(foot[0]);
    free(foot[1]);
    if (!d)
        bp_error_set(err, BP_EINTERNAL, path, 0, 0, "%s",
                     e.message[0] ? e.message : "out of memory");
    return d;
}

/* ---- cover ------------------------------------------------------------------------------- */

/* The organisation, white on an accent band across the top of the cover; a unit named after a
 * dash ("Trust — Tile Hill team") goes on a line of its own. */
static double pp_cover_band(pp_ctx *c)
{
    const double pad = 24;
    lay_box page = lay_page_box(c->d), box = lay_content_box(c->d);
    char *name = lay_printf(c->d, "%s", pp_text(c->p->organisation));
    char *dash = name ? strstr(name, " \xE2\x80\x94 ") : NULL;
    if (dash) { /* " — " is five bytes: a line break takes their place */
        *dash = '\n';
        memmove(dash + 1, dash + 5, strlen(dash + 5) + 1);
    }
    lay_lines org = lay_wrap(c->d, &st_cover_org, name ? name : "", box.w);
    lay_clamp(c->d, &st_cover_org, &org, 4, box.w);
    double h = (double)org.n * st_cover_org.leading + 2 * pad;
    double top = page.h - PP_COVER_TOP;
    lay_rect(c->d, 0, top - h, page.w, h, LAY_RGB_ACCENT);
    lay_draw_lines(c->d, &st_cover_org, &org, box.x, box.x + box.w, top - pad, LAY_LEFT);
    return top - h;
}

static bool pp_listed(const pack_section *s)
{
    return *pp_text(s->title) && s->type != SEC_COVER && s->type != SEC_CONTENTS &&
           s->type != SEC_PAGE_BREAK;
}

/* Without a contents page, the cover says what the pack holds. */
static void pp_cover_list(pp_ctx *c)
{
    if (pp_contents_title(c->p))
        return;
    size_t shown = 0;
    for (size_t i = 0; i < c->p->nsections && shown < PP_COVER_LIST; i++) {
        const pack_section *s = &c->p->sections[i];
        if (!pp_listed(s))
            continue;
        if (shown++ == 0) {
            lay_space(c->d, 22);
            lay_paragraph(c->d, &lay_style_h2, "In this pack", 0, LAY_LEFT);
            lay_space(c->d, 3);
        }
        lay_paragraph(c->d, &lay_style_body, lay_printf(c->d, "\xE2\x80\xA2  %s", s->title), 4,
                      LAY_LEFT);
    }
}

static void pp_cover_source(pp_ctx *c)
{
    const char *note =
        c->p->suppressed ? lay_printf(c->d,
                                      "%s. Small numbers are suppressed and shown as *; a "
                                      "dash (" EN_DASH ") marks a month with no data.",
                                      pp_text(c->p->source_note))
                         : lay_printf(c->d, "%s. A dash (" EN_DASH ") marks a month with no data.",
                                      pp_text(c->p->source_note));
    lay_box box = lay_content_box(c->d);
    lay_lines l = lay_wrap(c->d, &lay_style_small, note, box.w);
    double top = box.y + (double)l.n * lay_style_small.leading;
    if (top > lay_cursor(c->d) - 12)
        return; /* a very long title filled the cover: the footer still names the source */
    lay_hrule(c->d, box.x, box.x + 48, top + 10, 0.6, LAY_RGB_RULE);
    lay_draw_lines(c->d, &lay_style_small, &l, box.x, box.x + box.w, top, LAY_LEFT);
}

static void pp_cover(pp_ctx *c, const pack_section *s)
{
    lay_new_page(c->d, LAY_PORTRAIT, LAY_NO_HEADER);
    c->started = true;
    c->orient = LAY_PORTRAIT;
    lay_box box = lay_content_box(c->d);
    double y = pp_cover_band(c) - 64;
    const char *title = s && *pp_text(s->title) ? s->title : pp_text(c->p->title);
    lay_outline(c->d, 1, title);
    lay_lines tl = lay_wrap(c->d, &st_cover_title, title, box.w);
    lay_clamp(c->d, &st_cover_title, &tl, 6, box.w);
    lay_draw_lines(c->d, &st_cover_title, &tl, box.x, box.x + box.w, y, LAY_LEFT);
    y -= (double)tl.n * st_cover_title.leading + 10;
    lay_hrule(c->d, box.x, box.x + 56, y, 4, LAY_RGB_ACCENT);
    lay_set_cursor(c->d, y - 18);
    char *period = pp_period(c->p), *generated = pp_generated(c->p);
    lay_paragraph(c->d, &st_cover_period, lay_printf(c->d, "Reporting period: %s", pp_text(period)),
                  0, LAY_LEFT);
    lay_paragraph(c->d, &st_cover_meta, pp_text(generated), 0, LAY_LEFT);
    free(period);
    free(generated);
    if (s && *pp_text(s->text)) {
        lay_space(c->d, 18);
        pdf_sections_paragraphs(&c->sc, &st_cover_text, s->text);
    }
    pp_cover_list(c);
    pp_cover_source(c);
    c->fresh_page = true;
}

/* ---- contents, text, page breaks and the sections in order ------------------------------- */

static size_t pp_contents_estimate(const pack_content *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nsections; i++)
        n += 1 + p->sections[i].npages;
    return n;
}

static void pp_contents(pp_ctx *c)
{
    if (!c->contents)
        lay_contents_reserve(c->d, pp_contents_estimate(c->p));
    c->contents = true;
    c->fresh_page = true;
}

/* A new page when the section asks for one, turns the page, or follows the cover. */
static void pp_section_start(pp_ctx *c, const pack_section *s)
{
    lay_orientation o = pp_orient(s->orientation);
    if (!c->started || c->fresh_page || o != c->orient || (s->new_page && !pp_at_top(c)))
        pp_page(c, o);
}

/* The section's blocks, built from the pack by its builder (content_build.h). */
static const cm_section *pp_blocks(pp_ctx *c, const pack_section *s)
{
    cm_section *sec = cm_section_add(c->cm, (int)s->type, s->title);
    if (sec && !s->unavailable)
        content_build_section(c->cm, sec, c->p, s, c->sc.m);
    return sec;
}

/* What a section's heading keeps with it: its introduction and the start of its content (all
 * the tiles, when they fit a page). */
static double pp_keep(pp_ctx *c, const pack_section *s)
{
    double first;
    switch (s->type) {
    case SEC_HEADLINE_TILES: {
        size_t cols = (size_t)(s->columns > 0 ? s->columns : 3);
        first = (double)((s->nrows + cols - 1) / cols) * PP_TILE_ROW;
        break;
    }
    case SEC_SMALL_MULTIPLES:
        first = PP_PANEL_KEEP;
        break;
    case SEC_FUNNEL:
    case SEC_HEATMAP:
    case SEC_ASSESSMENT_SCALE:
    case SEC_ATTENDANCE:
        first = 240;
        break;
    default:
        first = 110;
        break;
    }
    if (s->unavailable)
        first = 20;
    double text = pdf_sections_paragraphs_height(&c->sc, &lay_style_body, s->text);
    return fmin(text + 8 + first, lay_content_box(c->d).h - 40);
}

static void pp_section(pp_ctx *c, const pack_section *s)
{
    if (s->type == SEC_COVER) {
        pp_cover(c, s);
        return;
    }
    if (s->type == SEC_CONTENTS) {
        pp_contents(c);
        return;
    }
    if (s->type == SEC_PAGE_BREAK) {
        pp_page(c, pp_orient(s->orientation));
        return;
    }
    pp_section_start(c, s);
    const cm_section *sec = pp_blocks(c, s);
    if (!sec)
        return;
    if (!sec->own_headings && *pp_text(s->title))
        lay_heading(c->d, 1, s->title, pp_keep(c, s));
    if (*pp_text(s->text)) {
        pdf_sections_paragraphs(&c->sc, &lay_style_body, s->text);
        lay_space(c->d, 8);
    }
    if (s->unavailable)
        pdf_blocks_caption(&c->sc, lay_printf(c->d, "Not available: %s.", s->unavailable));
    else
        pdf_blocks_draw(&c->sc, sec);
}

/* A pack built without sections (by hand): the cover and each indicator's months. */
static void pp_plain(pp_ctx *c)
{
    pp_cover(c, NULL);
    pp_page(c, LAY_PORTRAIT);
    cm_section *sec = cm_section_add(c->cm, SEC_TEXT, "");
    content_build_plain(c->cm, sec, c->p);
    pdf_blocks_draw(&c->sc, sec);
}

bp_status pdf_pack_write(const pack_content *p, const char *path, const char *font_dir, int *pages,
                         bp_error *err)
{
    return pdf_pack_write_ex(p, NULL, path, font_dir, pages, err);
}

bp_status pdf_pack_write_ex(const pack_content *p, const model *m, const char *path,
                            const char *font_dir, int *pages, bp_error *err)
{
    lay_doc *d = pp_open(p, font_dir, path, err);
    if (!d)
        return BP_EINTERNAL;
    pp_ctx c = {.sc = {d, p, {lay_font(d, false), lay_font(d, true)}, m},
                .d = d,
                .p = p,
                .cm = cm_doc_new()};
    if (!c.cm) {
        lay_close(d, NULL, NULL, err);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    if (p->nsections == 0)
        pp_plain(&c);
    for (size_t i = 0; i < p->nsections && !lay_failed(d); i++)
        pp_section(&c, &p->sections[i]);
    if (!c.started)
        pp_page(&c, LAY_PORTRAIT);
    bool failed = cm_doc_failed(c.cm);
    cm_doc_free(c.cm);
    if (failed) {
        lay_close(d, NULL, NULL, err);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    return lay_close(d, path, pages, err);
}
