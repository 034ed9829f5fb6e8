/* pdf_layout.c - the layout engine of pdf_layout.h over libharu: page furniture, measured text, word
 * wrap, headings with bookmarks, the contents drawn last (its page numbers are known only then),
 * tables that break across pages, and the error handling that makes a failed document inert. */
#include "pdf_layout.h"
#include "pdf_draw.h"
#include "theme.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A4_SHORT 595.276 /* points; what libharu uses for HPDF_PAGE_SIZE_A4 */
#define A4_LONG 841.89
#define MAX_COORD 32767.0 /* libharu clamps beyond this; we refuse instead */

/* Page furniture, in points: from the top of the page for the header, from the bottom for the
 * footer. */
#define MARGIN 56.0
#define CLASS_TOP 26.0
#define CLASS_BOTTOM 20.0
#define BAND_TOP 40.0
#define BAND_RULE 80.0 /* the rule under a one-line header */
#define BAND_GAP 20.0  /* between that rule and the content */
#define PLAIN_TOP 48.0 /* content top of a page without the header */
#define FOOT_RULE 62.0
#define FOOT_GAP 14.0
#define RIGHT_GAP 18.0 /* between the left and right texts of header and footer */

#define UTF8_ELLIPSIS "\xE2\x80\xA6"

const lay_style lay_style_title = {true, 26, 32, LAY_RGB_TEXT};
const lay_style lay_style_h1 = {true, 15, 20, LAY_RGB_TEXT};
const lay_style lay_style_h2 = {true, 11, 16, LAY_RGB_TEXT};
const lay_style lay_style_body = {false, 9.5, 13.5, LAY_RGB_TEXT};
const lay_style lay_style_small = {false, 8.5, 12, LAY_RGB_MUTED};
const lay_style lay_style_caption = {true, 10, 16, LAY_RGB_MUTED};

static const lay_style st_class = {true, 8, 10, LAY_RGB_TEXT};
static const lay_style st_band_left = {true, 10, 13, LAY_RGB_TEXT};
static const lay_style st_band_small = {false, 8.5, 11, LAY_RGB_MUTED};
static const lay_style st_foot = {false, 7.5, 10, LAY_RGB_MUTED};
static const lay_style st_foot_page = {true, 8, 10, LAY_RGB_TEXT};
static const lay_style st_toc1 = {true, 10, 18, LAY_RGB_TEXT};
static const lay_style st_toc2 = {false, 9.5, 15, LAY_RGB_TEXT};
static const lay_style st_leader = {false, 9.5, 15, LAY_RGB_MUTED};

typedef union block {
    union block *next;
    max_align_t align;
} block;

typedef struct {
    HPDF_Page page;
    lay_orientation orient;
    unsigned flags;
} page_rec;

typedef struct {
    const char *text;
    int level;
    size_t page; /* index into pages */
    double y;
} toc_entry;

typedef struct {
    lay_lines left, sub;
    double extra; /* how much lower than a one-line header the rule sits */
    bool ready;
} band;

struct lay_doc {
    HPDF_Doc pdf;
    HPDF_Font fonts[2];
    HPDF_Encoder utf8;
    lay_setup s; /* its strings copied into the arena */
    page_rec *pages;
    size_t npages, pages_cap;
    HPDF_Page page; /* where drawing goes */
    lay_orientation orient;
    double pw, ph;                   /* the current page's size */
    double left, right, top, bottom; /* its content box */
    double y;                        /* the cursor */
    band bands[2];                   /* per orientation */
    toc_entry *toc;
    size_t ntoc, toc_cap;
    HPDF_Outline last_top; /* parent of level-2 bookmarks */
    HPDF_Outline contents_outline; /* the contents' own bookmark, pointed at its page at close */
    bool contents;
    size_t contents_at; /* index of the first page after the contents */
    block *arena;
    jmp_buf jmp;
    int depth; /* public calls in progress; only the outermost sets jmp */
    const char *stage;
    bp_status status;
    char message[768];
};

/* ---- failure ------------------------------------------------------------------------------ */

/* Public entry points catch failures here. Only the outermost sets the jump target, so that a
 * callback calling back into the engine cannot leave it pointing into a finished frame. */
#define ENTER(d, ...)                                                                              \
    do {                                                                                           \
        if (!lay_live(d))                                                                          \
            return __VA_ARGS__;                                                                    \
        if ((d)->depth++ == 0) {                                                                   \
            if (setjmp((d)->jmp) != 0)                                                             \
                return __VA_ARGS__;                                                                \
        }                                                                                          \
    } while (0)
#define LEAVE(d) ((d)->depth--)

static bool lay_live(const lay_doc *d)
{
    return d && d->status == BP_OK;
}

static void record_failure(lay_doc *d, bp_status code, const char *fmt, va_list ap)
{
    if (d->status != BP_OK)
        return;
    vsnprintf(d->message, sizeof(d->message), fmt, ap);
    d->status = code;
}

static _Noreturn void fail(lay_doc *d, bp_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static _Noreturn void fail(lay_doc *d, bp_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_failure(d, code, fmt, ap);
    va_end(ap);
    d->depth = 0;
    longjmp(d->jmp, 1);
}

static void note_failure(lay_doc *d, bp_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note_failure(lay_doc *d, bp_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record_failure(d, code, fmt, ap);
    va_end(ap);
}

/* Outside any engine call (a caller drawing with libharu itself) there is nowhere to jump:
 * the failure is recorded and libharu returns its error code to that caller. */
static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
#define HPDF_ERROR_FMT "libharu error 0x%04lX (detail %lu) while %s"
    lay_doc *d = user;
    if (d->depth == 0) {
        note_failure(d, BP_EINTERNAL, HPDF_ERROR_FMT, (unsigned long)error_no,
                     (unsigned long)detail_no, d->stage);
        return;
    }
    fail(d, BP_EINTERNAL, HPDF_ERROR_FMT, (unsigned long)error_no, (unsigned long)detail_no,
         d->stage);
}

/* NaN, infinities and huge values would silently corrupt the page: stop instead. */
static double coord(lay_doc *d, double v)
{
    if (!lay_coord_ok(v))
        fail(d, BP_EINTERNAL, "internal layout error: coordinate %g while %s", v, d->stage);
    return v;
}

/* ---- memory ------------------------------------------------------------------------------- */

static void *alloc(lay_doc *d, size_t n)
{
    block *b = n < SIZE_MAX - sizeof(*b) ? malloc(sizeof(*b) + n) : NULL;
    if (!b)
        fail(d, BP_EINTERNAL, "out of memory while %s", d->stage);
    b->next = d->arena;
    d->arena = b;
    return b + 1;
}

static char *strndup_arena(lay_doc *d, const char *s, size_t n)
{
    char *c = alloc(d, n + 1);
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static const char *strdup_arena(lay_doc *d, const char *s)
{
    return s ? strndup_arena(d, s, strlen(s)) : NULL;
}

static char *vprintf_arena(lay_doc *d, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0) {
        va_end(again);
        fail(d, BP_EINTERNAL, "cannot format text while %s", d->stage);
    }
    char *s = alloc(d, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

static char *printf_arena(lay_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *printf_arena(lay_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vprintf_arena(d, fmt, ap);
    va_end(ap);
    return s;
}

/* Make room in *items (of size each) for at least want of them. */
static void *ensure(lay_doc *d, void *items, size_t *cap, size_t want, size_t size)
{
    if (want <= *cap)
        return items;
    size_t c = *cap ? *cap * 2 : 16;
    c = c > want ? c : want;
    void *more = realloc(items, c * size);
    if (!more)
        fail(d, BP_EINTERNAL, "out of memory while %s", d->stage);
    *cap = c;
    return more;
}

static void free_doc(lay_doc *d)
{
    if (d->pdf)
        HPDF_Free(d->pdf);
    while (d->arena) {
        block *next = d->arena->next;
        free(d->arena);
        d->arena = next;
    }
    free(d->pages);
    free(d->toc);
    free(d);
}

/* ---- drawing ------------------------------------------------------------------------------ */

static void split_rgb(unsigned rgb, HPDF_REAL *r, HPDF_REAL *g, HPDF_REAL *b)
{
    *r = (HPDF_REAL)((rgb >> 16) & 0xFF) / 255.0f;
    *g = (HPDF_REAL)((rgb >> 8) & 0xFF) / 255.0f;
    *b = (HPDF_REAL)(rgb & 0xFF) / 255.0f;
}

static void fill_colour(lay_doc *d, unsigned rgb)
{
    HPDF_REAL r, g, b;
    split_rgb(rgb, &r, &g, &b);
    HPDF_Page_SetRGBFill(d->page, r, g, b);
}

static void draw_rect(lay_doc *d, double x, double y, double w, double h, unsigned rgb)
{
    fill_colour(d, rgb);
    HPDF_Page_Rectangle(d->page, (HPDF_REAL)coord(d, x), (HPDF_REAL)coord(d, y),
                        (HPDF_REAL)coord(d, w), (HPDF_REAL)coord(d, h));
    HPDF_Page_Fill(d->page);
}

/* A thin rectangle: no line caps or dash state to manage. */
static void draw_hrule(lay_doc *d, double x0, double x1, double y, double weight, unsigned rgb)
{
    draw_rect(d, x0, y - weight / 2, x1 - x0, weight, rgb);
}

/* Dashes through pdf_draw, the one place that calls HPDF_Page_SetDash (its argument types
 * changed between libharu 2.3 and 2.4). */
static void set_dash(lay_doc *d, double dash, double gap)
{
    const double pattern[2] = {dash, gap};
    bool on = dash > 0 && gap > 0;
    pdf_draw_set_dash_pattern(d->page, on ? pattern : NULL, on ? 2 : 0, 0);
}

static void draw_line(lay_doc *d, const double *xy, double weight, unsigned rgb, double dash,
                      double gap)
{
    HPDF_REAL r, g, b;
    split_rgb(rgb, &r, &g, &b);
    if (!(weight > 0 && weight < 100) || !(dash >= 0 && dash < 1000) || !(gap >= 0 && gap < 1000))
        fail(d, BP_EINTERNAL, "internal layout error: line weight %g, dash %g, gap %g", weight,
             dash, gap);
    HPDF_Page_SetRGBStroke(d->page, r, g, b);
    HPDF_Page_SetLineWidth(d->page, (HPDF_REAL)weight);
    set_dash(d, dash, gap);
    HPDF_Page_MoveTo(d->page, (HPDF_REAL)coord(d, xy[0]), (HPDF_REAL)coord(d, xy[1]));
    HPDF_Page_LineTo(d->page, (HPDF_REAL)coord(d, xy[2]), (HPDF_REAL)coord(d, xy[3]));
    HPDF_Page_Stroke(d->page);
    set_dash(d, 0, 0);
}

static void require_page(lay_doc *d)
{
    if (!d->page)
        fail(d, BP_EINTERNAL, "internal layout error: drawing before the first page");
}

/* ---- text --------------------------------------------------------------------------------- */

static HPDF_Font font_of(const lay_doc *d, const lay_style *st)
{
    return d->fonts[st->bold ? 1 : 0];
}

static double width_n(lay_doc *d, const lay_style *st, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    HPDF_TextWidth w = HPDF_Font_TextWidth(font_of(d, st), (const HPDF_BYTE *)s, (HPDF_UINT)n);
    return (double)w.width * st->size / 1000.0;
}

static double width_of(lay_doc *d, const lay_style *st, const char *s)
{
    return s ? width_n(d, st, s, strlen(s)) : 0;
}

static void draw_text(lay_doc *d, const lay_style *st, double x, double baseline, lay_align a,
                      const char *s)
{
    if (!s || !*s)
        return;
    double w = width_of(d, st, s);
    if (a == LAY_RIGHT)
        x -= w;
    else if (a == LAY_CENTRE)
        x -= w / 2;
    if (!(st->size > 0 && st->size < 1000))
        fail(d, BP_EINTERNAL, "internal layout error: font size %g", st->size);
    HPDF_Page_BeginText(d->page);
    HPDF_Page_SetFontAndSize(d->page, font_of(d, st), (HPDF_REAL)st->size);
    fill_colour(d, st->rgb);
    HPDF_Page_TextOut(d->page, (HPDF_REAL)coord(d, x), (HPDF_REAL)coord(d, baseline), s);
    HPDF_Page_EndText(d->page);
}

/* Start of the UTF-8 character before s + n. */
static size_t utf8_prev(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[--n] & 0xC0) == 0x80)
        ;
    return n;
}

static size_t utf8_next(const char *s, size_t i)
{
    if (!s[i])
        return i;
    while (s[++i] && ((unsigned char)s[i] & 0xC0) == 0x80)
        ;
    return i;
}

static void check_width(lay_doc *d, double width)
{
    if (!lay_coord_ok(width))
        fail(d, BP_EINTERNAL, "internal layout error: text width %g while %s", width, d->stage);
}

static const char *fit(lay_doc *d, const lay_style *st, const char *s, double width)
{
    check_width(d, width);
    size_t n = strlen(s);
    if (width_n(d, st, s, n) <= width)
        return s;
    double ell = width_of(d, st, UTF8_ELLIPSIS);
    while (n > 0 && width_n(d, st, s, n) + ell > width)
        n = utf8_prev(s, n);
    return printf_arena(d, "%.*s%s", (int)n, s, UTF8_ELLIPSIS);
}

/* End of the longest run of whole words from s that fits width; s itself if not even one does. */
static const char *words_that_fit(lay_doc *d, const lay_style *st, const char *s, double width)
{
    const char *fits = s, *e = s;
    while (*e && *e != '\n') {
        while (*e == ' ')
            e++;
        while (*e && *e != ' ' && *e != '\n')
            e++;
        if (width_n(d, st, s, (size_t)(e - s)) > width)
            break;
        fits = e;
    }
    return fits;
}

/* A word wider than the line is cut between characters (at least one per line). */
static const char *chars_that_fit(lay_doc *d, const lay_style *st, const char *s, double width)
{
    size_t n = utf8_next(s, 0);
    for (size_t next = utf8_next(s, n); next > n && s[n] != ' ' && s[n] != '\n';
         next = utf8_next(s, next)) {
        if (width_n(d, st, s, next) > width)
            break;
        n = next;
    }
    return s + n;
}

/* Greedy word wrap measured with the font's own widths (HPDF_Page_TextRect wraps wrongly). */
static lay_lines wrap(lay_doc *d, const lay_style *st, const char *text, double width)
{
    check_width(d, width);
    text = text ? text : "";
    lay_lines out = {alloc(d, (strlen(text) + 1) * sizeof(char *)), 0};
    const char *s = text;
    while (*s) {
        while (*s == ' ')
            s++;
        const char *e = words_that_fit(d, st, s, width);
        if (e == s && *s && *s != '\n')
            e = chars_that_fit(d, st, s, width);
        size_t len = (size_t)(e - s);
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len > 0 || *e == '\n')
            out.line[out.n++] = strndup_arena(d, s, len);
        s = *e == '\n' ? e + 1 : e;
    }
    return out;
}

static void clamp(lay_doc *d, const lay_style *st, lay_lines *l, size_t max, double width)
{
    if (l->n <= max || max == 0)
        return;
    const char *last = printf_arena(d, "%s " UTF8_ELLIPSIS, l->line[max - 1]);
    l->line[max - 1] = fit(d, st, last, width);
    l->n = max;
}

static void draw_lines(lay_doc *d, const lay_style *st, const lay_lines *l, double x0, double x1,
                       double top, lay_align a)
{
    double x = a == LAY_LEFT ? x0 : a == LAY_RIGHT ? x1 : (x0 + x1) / 2;
    for (size_t i = 0; i < l->n; i++)
        draw_text(d, st, x, lay_baseline(st, top - (double)i * st->leading), a, l->line[i]);
}

static double longest_word(lay_doc *d, const lay_style *st, const char *s)
{
    double best = 0;
    while (s && *s) {
        size_t n = strcspn(s, " \n");
        double w = width_n(d, st, s, n);
        best = w > best ? w : best;
        s += n + (s[n] != '\0');
    }
    return best;
}

/* ---- page furniture ----------------------------------------------------------------------- */

static void page_size(lay_orientation o, double *w, double *h)
{
    *w = o == LAY_LANDSCAPE ? A4_LONG : A4_SHORT;
    *h = o == LAY_LANDSCAPE ? A4_SHORT : A4_LONG;
}

/* One line cut with an ellipsis, or up to max wrapped lines. */
static lay_lines band_lines(lay_doc *d, const lay_style *st, const char *text, double room,
                            size_t max)
{
    if (max <= 1) {
        lay_lines one = {alloc(d, sizeof(char *)), 1};
        one.line[0] = fit(d, st, text ? text : "", room);
        return one;
    }
    lay_lines l = wrap(d, st, text, room);
    clamp(d, st, &l, max, room);
    return l;
}

static size_t at_least_one(size_t n)
{
    return n ? n : 1;
}

static const band *band_for(lay_doc *d, lay_orientation o)
{
    band *b = &d->bands[o];
    if (b->ready)
        return b;
    double pw, ph;
    page_size(o, &pw, &ph);
    double left = MARGIN, right = pw - MARGIN;
    double rw = width_of(d, &st_band_small, d->s.header_right);
    double room = right - left - rw - RIGHT_GAP;
    size_t max = d->s.header_lines > 1 ? (size_t)d->s.header_lines : 1;
    b->left = band_lines(d, &st_band_left, d->s.header_left, room, max);
    b->sub = band_lines(d, &st_band_small, d->s.header_sub, room, max);
    b->extra = (double)(at_least_one(b->left.n) - 1) * st_band_left.leading +
               (double)(at_least_one(b->sub.n) - 1) * st_band_small.leading;
    b->ready = true;
    return b;
}

/* Set the content box for a page of orientation o. */
static void set_geometry(lay_doc *d, lay_orientation o, unsigned flags)
{
    d->orient = o;
    page_size(o, &d->pw, &d->ph);
    d->left = MARGIN;
    d->right = d->pw - MARGIN;
    if (flags & LAY_NO_HEADER)
        d->top = d->ph - PLAIN_TOP;
    else
        d->top = d->ph - (BAND_RULE + band_for(d, o)->extra) - BAND_GAP;
    d->bottom = FOOT_RULE + FOOT_GAP;
}

/* Classification top and bottom of every page: whoever prints one page sees it. */
static void draw_classification(lay_doc *d)
{
    const char *cls = d->s.classification;
    draw_text(d, &st_class, d->pw / 2, d->ph - CLASS_TOP, LAY_CENTRE, cls);
    draw_text(d, &st_class, d->pw / 2, CLASS_BOTTOM, LAY_CENTRE, cls);
}

static void draw_band(lay_doc *d)
{
    const band *b = band_for(d, d->orient);
    double top = d->ph - BAND_TOP;
    size_t nleft = at_least_one(b->left.n);
    for (size_t i = 0; i < b->left.n; i++)
        draw_text(d, &st_band_left, d->left, top - (14 + (double)i * st_band_left.leading),
                  LAY_LEFT, b->left.line[i]);
    double sub = 28 + (double)(nleft - 1) * st_band_left.leading;
    for (size_t i = 0; i < b->sub.n; i++)
        draw_text(d, &st_band_small, d->left, top - (sub + (double)i * st_band_small.leading),
                  LAY_LEFT, b->sub.line[i]);
    draw_text(d, &st_band_small, d->right, top - 14, LAY_RIGHT, d->s.header_right);
    draw_hrule(d, d->left, d->right, d->ph - (BAND_RULE + b->extra), 1.5, LAY_RGB_ACCENT);
}

static void draw_furniture(lay_doc *d, unsigned flags)
{
    draw_classification(d);
    if (!(flags & LAY_NO_HEADER))
        draw_band(d);
}

static void draw_footer(lay_doc *d, size_t index, size_t count)
{
    char num[64];
    snprintf(num, sizeof(num), "Page %zu of %zu", index + 1, count);
    double room = d->right - d->left - width_of(d, &st_foot_page, num) - RIGHT_GAP;
    draw_hrule(d, d->left, d->right, FOOT_RULE, 0.6, LAY_RGB_RULE);
    for (size_t i = 0; i < LAY_FOOTER_LINES; i++) {
        const char *line = d->s.footer[i] ? d->s.footer[i] : "";
        double w = i == 0 ? room : d->right - d->left;
        draw_text(d, &st_foot, d->left, FOOT_RULE - (12 + 10 * (double)i), LAY_LEFT,
                  fit(d, &st_foot, line, w));
    }
    draw_text(d, &st_foot_page, d->right, FOOT_RULE - 12, LAY_RIGHT, num);
}

/* ---- pages -------------------------------------------------------------------------------- */

static void select_page(lay_doc *d, size_t i)
{
    d->page = d->pages[i].page;
    set_geometry(d, d->pages[i].orient, d->pages[i].flags);
}

static void insert_page_rec(lay_doc *d, size_t at, page_rec rec)
{
    d->pages = ensure(d, d->pages, &d->pages_cap, d->npages + 1, sizeof(*d->pages));
    memmove(d->pages + at + 1, d->pages + at, (d->npages - at) * sizeof(*d->pages));
    d->pages[at] = rec;
    d->npages++;
}

/* A page before pages[at] (or at the end), with its furniture drawn. */
static void add_page_at(lay_doc *d, size_t at, lay_orientation o, unsigned flags)
{
    HPDF_Page p =
        at < d->npages ? HPDF_InsertPage(d->pdf, d->pages[at].page) : HPDF_AddPage(d->pdf);
    HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4,
                      o == LAY_LANDSCAPE ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
    insert_page_rec(d, at, (page_rec){p, o, flags});
    select_page(d, at);
    d->y = d->top;
    draw_furniture(d, flags);
}

static void new_page(lay_doc *d, lay_orientation o, unsigned flags)
{
    if (o != LAY_PORTRAIT && o != LAY_LANDSCAPE)
        fail(d, BP_EINTERNAL, "internal layout error: page orientation %d", (int)o);
    add_page_at(d, d->npages, o, flags);
}

static bool at_top(const lay_doc *d)
{
    return d->y >= d->top;
}

/* Break the page unless height still fits above the bottom margin. */
static void need(lay_doc *d, double height)
{
    coord(d, height);
    require_page(d);
    if (d->y - height < d->bottom && !at_top(d))
        new_page(d, d->orient, 0);
}

static void paragraph(lay_doc *d, const lay_style *st, const char *text, double indent, lay_align a)
{
    require_page(d);
    double x0 = d->left + coord(d, indent);
    lay_lines l = wrap(d, st, text, d->right - d->left - indent);
    for (size_t i = 0; i < l.n; i++) {
        need(d, st->leading);
        double x = a == LAY_LEFT ? x0 : a == LAY_RIGHT ? d->right : (x0 + d->right) / 2;
        draw_text(d, st, x, lay_baseline(st, d->y), a, l.line[i]);
        d->y -= st->leading;
    }
}

static HPDF_Page reserve(lay_doc *d, double height, lay_box *box)
{
    if (!(height >= 0) || !lay_coord_ok(height))
        fail(d, BP_EINTERNAL, "internal layout error: box height %g", height);
    need(d, height);
    double h = fmin(height, fmax(d->y - d->bottom, 0));
    *box = (lay_box){d->left, d->y - h, d->right - d->left, h};
    d->y -= h;
    return d->page;
}

/* ---- bookmarks and contents --------------------------------------------------------------- */

static HPDF_Destination destination(lay_doc *d, HPDF_Page page, double y)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    HPDF_Destination_SetFitH(dst, (HPDF_REAL)coord(d, y));
    return dst;
}

/* The outline entry alone (no contents line); returns the y it points at. */
static double outline(lay_doc *d, int level, const char *text)
{
    require_page(d);
    double y = fmin(d->y + 6, d->ph);
    HPDF_Outline parent = level == 2 ? d->last_top : NULL;
    HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    HPDF_Outline o = HPDF_CreateOutline(d->pdf, parent, text, d->utf8);
    HPDF_Outline_SetDestination(o, destination(d, d->page, y));
    if (level == 1) {
        HPDF_Outline_SetOpened(o, HPDF_TRUE);
        d->last_top = o;
    }
    return y;
}

static void bookmark(lay_doc *d, int level, const char *text)
{
    level = level <= 1 ? 1 : 2;
    text = text ? text : "";
    double y = outline(d, level, text);
    d->toc = ensure(d, d->toc, &d->toc_cap, d->ntoc + 1, sizeof(*d->toc));
    d->toc[d->ntoc++] = (toc_entry){strdup_arena(d, text), level, d->npages - 1, y};
}

static void heading(lay_doc *d, int level, const char *text, double keep)
{
    require_page(d);
    const lay_style *st = level <= 1 ? &lay_style_h1 : &lay_style_h2;
    lay_lines l = wrap(d, st, text, d->right - d->left);
    double h = (double)l.n * st->leading;
    double gap = at_top(d) ? 0 : level <= 1 ? 14 : 10;
    if (d->y - (gap + h + coord(d, keep)) < d->bottom && !at_top(d)) {
        new_page(d, d->orient, 0);
        gap = 0;
    }
    d->y -= gap;
    bookmark(d, level, text);
    draw_lines(d, st, &l, d->left, d->right, d->y, LAY_LEFT);
    d->y -= h + (level <= 1 ? 6 : 4);
}

/* Where each contents entry goes: the contents page (counted from the first) and the top. */
typedef struct {
    lay_lines lines;
    const lay_style *st;
    double indent;
    size_t page;
    double top;
} toc_slot;

#define TOC_INDENT 14.0
#define TOC_NUMBER 40.0 /* room at the right for the page number and a gap */

static const char *contents_title(const lay_doc *d)
{
    return d->s.contents_title ? d->s.contents_title : "Contents";
}

/* Lay the entries out on portrait pages with the running header; returns the page count. */
static size_t contents_plan(lay_doc *d, const lay_lines *title, toc_slot *slots)
{
    set_geometry(d, LAY_PORTRAIT, 0);
    double y = d->top - (double)title->n * lay_style_h1.leading - 10;
    size_t page = 0;
    for (size_t i = 0; i < d->ntoc; i++) {
        toc_slot *s = &slots[i];
        s->st = d->toc[i].level == 1 ? &st_toc1 : &st_toc2;
        s->indent = d->toc[i].level == 1 ? 0 : TOC_INDENT;
        s->lines = wrap(d, s->st, d->toc[i].text, d->right - d->left - s->indent - TOC_NUMBER);
        double h = (double)at_least_one(s->lines.n) * s->st->leading;
        if (y - h < d->bottom && y < d->top - 1) {
            page++;
            y = d->top;
        }
        s->page = page;
        s->top = y;
        y -= h;
    }
    return page + 1;
}

/* Dots from after the text to before the number, right-aligned so they line up down the page. */
static void draw_leaders(lay_doc *d, double from, double to, double baseline)
{
    double unit = width_of(d, &st_leader, " .");
    if (to - from < unit)
        return;
    size_t n = (size_t)((to - from) / unit);
    char *dots = alloc(d, 2 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(dots + 2 * i, " .", 2);
    dots[2 * n] = '\0';
    draw_text(d, &st_leader, to, baseline, LAY_RIGHT, dots);
}

static void draw_entry(lay_doc *d, const toc_slot *s, const toc_entry *e)
{
    double x0 = d->left + s->indent;
    draw_lines(d, s->st, &s->lines, x0, d->right, s->top, LAY_LEFT);
    size_t last = at_least_one(s->lines.n) - 1;
    double baseline = lay_baseline(s->st, s->top - (double)last * s->st->leading);
    const char *num = printf_arena(d, "%zu", e->page + 1);
    double end = x0 + (s->lines.n ? width_of(d, s->st, s->lines.line[last]) : 0);
    double num_w = width_of(d, s->st, num);
    draw_leaders(d, end + 4, d->right - num_w - 4, baseline);
    draw_text(d, s->st, d->right, baseline, LAY_RIGHT, num);
    double h = (double)(last + 1) * s->st->leading;
    HPDF_Rect r = {(HPDF_REAL)coord(d, x0), (HPDF_REAL)coord(d, s->top - h),
                   (HPDF_REAL)coord(d, d->right), (HPDF_REAL)coord(d, s->top)};
    HPDF_Annotation link =
        HPDF_Page_CreateLinkAnnot(d->page, r, destination(d, d->pages[e->page].page, e->y));
    HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
}

static void draw_contents(lay_doc *d)
{
    if (!d->contents || d->ntoc == 0)
        return;
    d->stage = "drawing the contents";
    toc_slot *slots = alloc(d, d->ntoc * sizeof(*slots));
    set_geometry(d, LAY_PORTRAIT, 0);
    lay_lines title = wrap(d, &lay_style_h1, contents_title(d), d->right - d->left);
    size_t n = contents_plan(d, &title, slots);
    for (size_t i = 0; i < n; i++)
        add_page_at(d, d->contents_at + i, LAY_PORTRAIT, 0);
    for (size_t i = 0; i < d->ntoc; i++)
        if (d->toc[i].page >= d->contents_at)
            d->toc[i].page += n;
    select_page(d, d->contents_at);
    if (d->contents_outline)
        HPDF_Outline_SetDestination(d->contents_outline, destination(d, d->page, d->top));
    draw_lines(d, &lay_style_h1, &title, d->left, d->right, d->top, LAY_LEFT);
    for (size_t i = 0; i < d->ntoc; i++) {
        select_page(d, d->contents_at + slots[i].page);
        draw_entry(d, &slots[i], &d->toc[i]);
    }
}

/* ---- tables ------------------------------------------------------------------------------- */

#define TBL_PAD 5.0
#define TBL_ROW_H 17.0
#define TBL_ROW_PAD 3.0 /* above and below the lines of a row that has grown */
#define TBL_HEAD_PAD 4.0
#define TBL_KEEP_WHOLE 15
#define TBL_KEEP_ROWS 3
#define TBL_CELL_MAX 4096 /* a summary row's sentences can run to several hundred bytes */

static const lay_style tbl_body = {false, 8.8, 11, LAY_RGB_TEXT};
static const lay_style tbl_group = {true, 8.4, 10.4, LAY_RGB_TEXT};
static const lay_style tbl_head = {false, 7.4, 9.2, LAY_RGB_MUTED};

typedef struct {
    const lay_table *t;
    double *w;        /* resolved column widths */
    double *minw;     /* narrowest each column may be without breaking a word: its longest
                         word (cells and header), padding and mark included */
    lay_lines *head;  /* wrapped column headers */
    lay_lines *ghead; /* wrapped group headers */
    char *text;       /* a row's cell texts, TBL_CELL_MAX each */
    lay_lines *cells; /* a row's wrapped cells */
    double max_row;   /* the tallest row a page can hold */
} tbl;

static const lay_style *cell_style(const lay_column *c)
{
    return c->style ? c->style : &tbl_body;
}

static double table_avail(const lay_doc *d, const lay_table *t)
{
    return t->width > 0 ? t->width : d->right - d->left;
}

static char *cell_text(const tbl *tb, size_t row, size_t col)
{
    char *buf = tb->text + col * TBL_CELL_MAX;
    buf[0] = '\0';
    tb->t->cell(tb->t->ctx, row, col, buf, TBL_CELL_MAX);
    buf[TBL_CELL_MAX - 1] = '\0';
    return buf;
}

/* The width column col needs so that no word of its header or cells is broken across lines
 * (a whole header that must stay on one line counts as one word). */
static double column_min(lay_doc *d, const tbl *tb, size_t col)
{
    const lay_column *c = &tb->t->cols[col];
    double w = c->header_nowrap ? width_of(d, &tbl_head, c->header)
                                : longest_word(d, &tbl_head, c->header);
    for (size_t r = 0; r < tb->t->nrows; r++) {
        double cw = longest_word(d, cell_style(c), cell_text(tb, r, col));
        w = cw > w ? cw : w;
    }
    return w + 2 * TBL_PAD + c->mark_width;
}

/* Fixed, a fraction of the table, or what its widest cell and header's longest word need;
 * never narrower than its longest word (tb->minw[col], set first), so a fixed or fractional
 * column widens rather than break "before" or "10.0". */
static double column_natural(lay_doc *d, const tbl *tb, size_t col, double avail)
{
    const lay_column *c = &tb->t->cols[col];
    double least = tb->minw[col];
    if (c->width > 0)
        return c->width > least ? c->width : least;
    if (c->fraction > 0)
        return c->fraction * avail > least ? c->fraction * avail : least;
    double w = c->header_nowrap ? width_of(d, &tbl_head, c->header)
                                : longest_word(d, &tbl_head, c->header);
    for (size_t r = 0; r < tb->t->nrows; r++) {
        double cw = width_of(d, cell_style(c), cell_text(tb, r, col));
        w = cw > w ? cw : w;
    }
    w += 2 * TBL_PAD + c->mark_width;
    return w > least ? w : least;
}

static double span_width(const tbl *tb, size_t first, size_t count)
{
    double w = 0;
    for (size_t i = first; i < first + count && i < tb->t->ncols; i++)
        w += tb->w[i];
    return w;
}

static double column_x(const tbl *tb, double left, size_t col)
{
    for (size_t i = 0; i < col; i++)
        left += tb->w[i];
    return left;
}

/* Widen the last column of a group whose header's longest word, or the table's minimum group
 * width, needs more room than its columns give. */
static void widen_groups(lay_doc *d, tbl *tb)
{
    const lay_table *t = tb->t;
    for (size_t g = 0; g < t->ngroups; g++) {
        const lay_column_group *gr = &t->groups[g];
        if (gr->count == 0 || gr->first >= t->ncols)
            continue;
        double need_w = longest_word(d, &tbl_group, gr->text) + 2 * TBL_PAD;
        need_w = need_w > t->min_group ? need_w : t->min_group;
        double have = span_width(tb, gr->first, gr->count);
        size_t last =
            gr->first + gr->count - 1 < t->ncols ? gr->first + gr->count - 1 : t->ncols - 1;
        if (have < need_w)
            tb->w[last] += need_w - have;
    }
}

static void check_table(lay_doc *d, const lay_table *t)
{
    if (!t->cols || t->ncols == 0 || (t->nrows > 0 && !t->cell) || (t->ngroups && !t->groups))
        fail(d, BP_EINTERNAL, "internal layout error: a table needs columns and a cell function");
}

static tbl table_start(lay_doc *d, const lay_table *t)
{
    check_table(d, t);
    tbl tb = {.t = t};
    tb.w = alloc(d, t->ncols * sizeof(*tb.w));
    tb.minw = alloc(d, t->ncols * sizeof(*tb.minw));
    tb.text = alloc(d, t->ncols * TBL_CELL_MAX);
    tb.cells = alloc(d, t->ncols * sizeof(*tb.cells));
    return tb;
}

static double measure(lay_doc *d, tbl *tb)
{
    double avail = table_avail(d, tb->t);
    for (size_t i = 0; i < tb->t->ncols; i++) {
        tb->minw[i] = column_min(d, tb, i);
        tb->w[i] = column_natural(d, tb, i, avail);
    }
    widen_groups(d, tb);
    return span_width(tb, 0, tb->t->ncols);
}

/* The share of spare width column i gets: its grow, or (no column grows) an equal share for
 * columns measured from their content. */
static double grow_share(const lay_table *t, size_t i, bool by_grow)
{
    const lay_column *c = &t->cols[i];
    if (by_grow)
        return c->grow > 0 ? c->grow : 0;
    return c->width > 0 || c->fraction > 0 ? 0 : 1;
}

/* A table too wide for avail: each column gives up room in proportion to what it has beyond
 * its longest word, so text wraps at spaces and no word or number is cut ("Mean befor e",
 * "10. 0" came from scaling every column alike). Only when even the longest words do not fit
 * side by side is every column scaled down, and words must break. */
static void shrink(tbl *tb, double natural, double avail)
{
    const lay_table *t = tb->t;
    double least = 0, slack = 0; /* column_natural keeps w >= minw */
    for (size_t i = 0; i < t->ncols; i++) {
        least += tb->minw[i];
        slack += tb->w[i] - tb->minw[i];
    }
    if (least > avail || slack <= 0) {
        for (size_t i = 0; i < t->ncols; i++)
            tb->w[i] *= avail / natural;
        return;
    }
    double cut = natural - avail;
    for (size_t i = 0; i < t->ncols; i++)
        tb->w[i] = fmax(tb->w[i] - cut * (tb->w[i] - tb->minw[i]) / slack, tb->minw[i]);
}

/* Fill avail: spare room goes by grow; a table that is still too wide is shrunk. */
static void spread(tbl *tb, double natural, double avail)
{
    const lay_table *t = tb->t;
    if (natural > avail) {
        shrink(tb, natural, avail);
        return;
    }
    bool by_grow = false;
    for (size_t i = 0; i < t->ncols; i++)
        by_grow = by_grow || t->cols[i].grow > 0;
    double shares = 0;
    for (size_t i = 0; i < t->ncols; i++)
        shares += grow_share(t, i, by_grow);
    double spare = natural < avail && shares > 0 ? avail - natural : 0;
    for (size_t i = 0; i < t->ncols; i++)
        tb->w[i] += spare > 0 ? spare * grow_share(t, i, by_grow) / shares : 0;
}

static size_t max_lines(const lay_lines *l, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m = l[i].n > m ? l[i].n : m;
    return m;
}

static double group_band(const tbl *tb)
{
    size_t n = max_lines(tb->ghead, tb->t->ngroups);
    return n ? (double)n * tbl_group.leading + TBL_HEAD_PAD : 0;
}

static double header_height(const tbl *tb)
{
    return group_band(tb) + (double)max_lines(tb->head, tb->t->ncols) * tbl_head.leading +
           2 * TBL_HEAD_PAD;
}

/* Wrap the headers once the widths are known, and work out the tallest row a page holds. */
static void wrap_headers(lay_doc *d, tbl *tb)
{
    const lay_table *t = tb->t;
    tb->head = alloc(d, t->ncols * sizeof(*tb->head));
    tb->ghead = alloc(d, (t->ngroups + 1) * sizeof(*tb->ghead));
    for (size_t c = 0; c < t->ncols; c++)
        tb->head[c] = wrap(d, &tbl_head, t->cols[c].header, tb->w[c] - 2 * TBL_PAD);
    for (size_t g = 0; g < t->ngroups; g++) {
        double w = span_width(tb, t->groups[g].first, t->groups[g].count) - 2 * TBL_PAD;
        tb->ghead[g] = wrap(d, &tbl_group, t->groups[g].text, w);
    }
    double caption = t->continued ? lay_style_caption.leading : 0;
    tb->max_row = d->top - d->bottom - header_height(tb) - caption;
}

static void draw_groups(lay_doc *d, const tbl *tb, double top)
{
    for (size_t g = 0; g < tb->t->ngroups; g++) {
        const lay_column_group *gr = &tb->t->groups[g];
        double x0 = column_x(tb, d->left, gr->first);
        double x1 = x0 + span_width(tb, gr->first, gr->count);
        draw_lines(d, &tbl_group, &tb->ghead[g], x0 + TBL_PAD, x1 - TBL_PAD, top, LAY_LEFT);
        double rule_y = top - group_band(tb) + TBL_HEAD_PAD / 2;
        draw_hrule(d, x0 + TBL_PAD, x1 - TBL_PAD, rule_y, 0.5, LAY_RGB_RULE);
    }
}

/* Column headers sit on the bottom of the header band, so short ones line up with the rows. */
static void draw_header(lay_doc *d, const tbl *tb)
{
    const lay_table *t = tb->t;
    draw_groups(d, tb, d->y - TBL_HEAD_PAD);
    double bottom = d->y - header_height(tb);
    for (size_t c = 0; c < t->ncols; c++) {
        double x0 = column_x(tb, d->left, c);
        double top = bottom + TBL_HEAD_PAD + (double)tb->head[c].n * tbl_head.leading;
        draw_lines(d, &tbl_head, &tb->head[c], x0 + TBL_PAD, x0 + tb->w[c] - TBL_PAD, top,
                   t->cols[c].align);
    }
    draw_hrule(d, d->left, column_x(tb, d->left, t->ncols), bottom, 1.2, LAY_RGB_ACCENT);
    d->y = bottom;
}

static double text_room(const tbl *tb, size_t c)
{
    return tb->w[c] - 2 * TBL_PAD - tb->t->cols[c].mark_width;
}

/* Fetch and wrap row r into tb->cells; returns its height. */
static double prepare_row(lay_doc *d, tbl *tb, size_t r)
{
    double h = TBL_ROW_H;
    for (size_t c = 0; c < tb->t->ncols; c++) {
        const lay_column *col = &tb->t->cols[c];
        const lay_style *st = cell_style(col);
        const char *s = cell_text(tb, r, c);
        if (col->one_line) {
            tb->cells[c] = (lay_lines){alloc(d, sizeof(char *)), 1};
            tb->cells[c].line[0] = fit(d, st, s, text_room(tb, c));
        } else {
            tb->cells[c] = wrap(d, st, s, text_room(tb, c));
            size_t fits = (size_t)fmax((tb->max_row - 2 * TBL_ROW_PAD) / st->leading, 1);
            clamp(d, st, &tb->cells[c], fits, text_room(tb, c));
        }
        double ch = (double)tb->cells[c].n * st->leading + 2 * TBL_ROW_PAD;
        h = ch > h ? ch : h;
    }
    return h;
}

static lay_cell_look default_look(const lay_style *st)
{
    return (lay_cell_look){.text_rgb = st->rgb, .bold = st->bold};
}

/* Every line of a row shares its baselines with the body style, centred in the row. */
static void draw_cell_text(lay_doc *d, const tbl *tb, size_t c, double x, double top, double h,
                           const lay_style *st)
{
    const lay_column *col = &tb->t->cols[c];
    const lay_lines *l = &tb->cells[c];
    double x0 = x + TBL_PAD + col->mark_width, x1 = x + tb->w[c] - TBL_PAD;
    double tx = col->align == LAY_RIGHT ? x1 : col->align == LAY_CENTRE ? (x0 + x1) / 2 : x0;
    for (size_t k = 0; k < l->n; k++) {
        double base =
            top - h / 2 - tbl_body.size * 0.36 + ((double)(l->n - 1) / 2 - (double)k) * st->leading;
        draw_text(d, st, tx, base, col->align, l->line[k]);
    }
}

static void draw_row(lay_doc *d, const tbl *tb, size_t r, double h)
{
    const lay_table *t = tb->t;
    double right = column_x(tb, d->left, t->ncols);
    if (t->zebra && r % 2 == 1)
        draw_rect(d, d->left, d->y - h, right - d->left, h, LAY_RGB_ZEBRA);
    double x = d->left;
    for (size_t c = 0; c < t->ncols; c++) {
        lay_style st = *cell_style(&t->cols[c]);
        lay_cell_look look = default_look(&st);
        if (t->look)
            t->look(t->ctx, r, c, &look);
        if (look.has_fill)
            draw_rect(d, x, d->y - h, tb->w[c], h, look.fill_rgb);
        if (t->mark)
            t->mark(d, t->ctx, r, c, (lay_box){x, d->y - h, tb->w[c], h});
        st.rgb = look.text_rgb;
        st.bold = look.bold;
        draw_cell_text(d, tb, c, x, d->y, h, &st);
        x += tb->w[c];
    }
    d->y -= h;
}

static void close_table(lay_doc *d, const tbl *tb)
{
    draw_hrule(d, d->left, column_x(tb, d->left, tb->t->ncols), d->y, 0.6, LAY_RGB_RULE);
}

static void continue_table(lay_doc *d, const tbl *tb)
{
    close_table(d, tb);
    new_page(d, d->orient, 0);
    const char *caption = tb->t->continued;
    if (caption) {
        draw_text(d, &lay_style_caption, d->left, lay_baseline(&lay_style_caption, d->y), LAY_LEFT,
                  fit(d, &lay_style_caption, caption, d->right - d->left));
        d->y -= lay_style_caption.leading;
    }
    draw_header(d, tb);
}

/* A short table moves whole to the next page; a long one keeps a few rows with its header. */
static double opening_height(lay_doc *d, tbl *tb)
{
    size_t keep = tb->t->nrows <= TBL_KEEP_WHOLE ? tb->t->nrows : TBL_KEEP_ROWS;
    double h = 0;
    for (size_t r = 0; r < keep; r++)
        h += prepare_row(d, tb, r);
    return header_height(tb) + h;
}

static void table_draw(lay_doc *d, const lay_table *t)
{
    require_page(d);
    tbl tb = table_start(d, t);
    spread(&tb, measure(d, &tb), table_avail(d, t));
    wrap_headers(d, &tb);
    need(d, opening_height(d, &tb));
    draw_header(d, &tb);
    for (size_t r = 0; r < t->nrows; r++) {
        double h = prepare_row(d, &tb, r);
        if (d->y - h < d->bottom)
            continue_table(d, &tb);
        draw_row(d, &tb, r, h);
    }
    close_table(d, &tb);
}

/* ---- opening and closing ------------------------------------------------------------------ */

static void load_font(lay_doc *d, int face, const char *file)
{
    const char *path = printf_arena(d, "%s/%s", d->s.font_dir ? d->s.font_dir : ".", file);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail(d, BP_EINTERNAL, "cannot read font %s (%s): install fonts-dejavu-core", path,
             strerror(errno));
    fclose(f);
    d->stage = "embedding a font";
    const char *name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    d->fonts[face] = HPDF_GetFont(d->pdf, name, "UTF-8");
}

static void copy_setup(lay_doc *d, const lay_setup *s)
{
    d->s = *s;
    const char **texts[] = {&d->s.font_dir,      &d->s.title,        &d->s.author,
                            &d->s.subject,       &d->s.creator,      &d->s.header_left,
                            &d->s.header_sub,    &d->s.header_right, &d->s.classification,
                            &d->s.contents_title};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        *texts[i] = strdup_arena(d, *texts[i]);
    for (size_t i = 0; i < LAY_FOOTER_LINES; i++)
        d->s.footer[i] = strdup_arena(d, d->s.footer[i]);
}

static void set_info(lay_doc *d, HPDF_InfoType type, const char *value)
{
    if (value)
        HPDF_SetInfoAttr(d->pdf, type, value);
}

static void set_created(lay_doc *d, time_t t)
{
    struct tm tm;
    if (t == 0 || !gmtime_r(&t, &tm))
        return;
    HPDF_Date date = {0};
    date.year = tm.tm_year + 1900;
    date.month = tm.tm_mon + 1;
    date.day = tm.tm_mday;
    date.hour = tm.tm_hour;
    date.minutes = tm.tm_min;
    date.seconds = tm.tm_sec > 59 ? 59 : tm.tm_sec;
    date.ind = 'Z'; /* UTC, with the offset fields left at zero */
    HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
}

/* The encoder must be UTF-8 before any document information or outline is set, or titles
 * turn to mojibake. */
static void open_doc(lay_doc *d, const lay_setup *s)
{
    copy_setup(d, s);
    d->stage = "creating the document";
    d->pdf = HPDF_New(on_hpdf_error, d);
    if (!d->pdf)
        fail(d, BP_EINTERNAL, "out of memory creating the PDF document");
    HPDF_UseUTFEncodings(d->pdf);
    HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
    d->utf8 = HPDF_GetEncoder(d->pdf, "UTF-8");
    if (d->s.compress)
        HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    load_font(d, 0, THEME_FONT_REGULAR_FILE);
    load_font(d, 1, THEME_FONT_BOLD_FILE);
    d->stage = "setting the document information";
    set_info(d, HPDF_INFO_TITLE, d->s.title);
    set_info(d, HPDF_INFO_AUTHOR, d->s.author);
    set_info(d, HPDF_INFO_SUBJECT, d->s.subject);
    set_info(d, HPDF_INFO_CREATOR, d->s.creator);
    set_created(d, d->s.created);
    d->stage = "laying out the pages";
}

static void draw_footers(lay_doc *d)
{
    d->stage = "drawing the footers";
    for (size_t i = 0; i < d->npages; i++) {
        select_page(d, i);
        draw_footer(d, i, d->npages);
    }
}

/* Save through libharu's memory stream and write the bytes ourselves, so that a failed write
 * is reported with the system's reason. */
static void save(lay_doc *d, const char *path)
{
    d->stage = "saving the PDF";
    HPDF_SaveToStream(d->pdf);
    HPDF_UINT32 size = HPDF_GetStreamSize(d->pdf);
    HPDF_BYTE *buf = alloc(d, size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_ReadFromStream(d->pdf, buf, &got);
    FILE *f = fopen(path, "wb");
    if (!f)
        fail(d, BP_EOUTPUT, "cannot create the PDF: %s", strerror(errno));
    errno = 0;
    bool ok = fwrite(buf, 1, got, f) == got;
    int saved = errno;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        fail(d, BP_EOUTPUT, "cannot write the PDF: %s", strerror(saved ? saved : errno));
}

static void finish(lay_doc *d, const char *path)
{
    if (!path)
        return;
    if (!d->page)
        new_page(d, LAY_PORTRAIT, 0); /* a PDF needs a page */
    draw_contents(d);
    draw_footers(d);
    save(d, path);
}

/* ---- the public API ----------------------------------------------------------------------- */

static void open_protected(lay_doc *d, const lay_setup *s)
{
    d->depth = 1;
    if (setjmp(d->jmp) == 0)
        open_doc(d, s);
    d->depth = 0;
}

lay_doc *lay_open(const lay_setup *s, bp_error *err)
{
    lay_doc *d = calloc(1, sizeof(*d));
    if (!d) {
        bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory creating a PDF document");
        return NULL;
    }
    d->stage = "starting";
    open_protected(d, s);
    if (lay_live(d))
        return d;
    bp_error_set(err, d->status, NULL, 0, 0, "%s", d->message);
    free_doc(d);
    return NULL;
}

bp_status lay_close(lay_doc *d, const char *path, int *pages, bp_error *err)
{
    if (!d)
        return bp_error_set(err, BP_EINTERNAL, path, 0, 0, "no document to close");
    if (lay_live(d)) {
        d->depth = 1;
        if (setjmp(d->jmp) == 0)
            finish(d, path);
        d->depth = 0;
    }
    bp_status st = d->status;
    if (st != BP_OK)
        bp_error_set(err, st, path, 0, 0, "%s", d->message);
    else if (pages)
        *pages = (int)d->npages;
    free_doc(d);
    return st;
}

bool lay_failed(const lay_doc *d)
{
    return !lay_live(d);
}

void *lay_alloc(lay_doc *d, size_t n)
{
    ENTER(d, NULL);
    void *p = alloc(d, n);
    LEAVE(d);
    return p;
}

char *lay_printf(lay_doc *d, const char *fmt, ...)
{
    ENTER(d, NULL);
    va_list ap;
    va_start(ap, fmt);
    char *s = vprintf_arena(d, fmt, ap);
    va_end(ap);
    LEAVE(d);
    return s;
}

lay_orientation lay_orientation_now(const lay_doc *d)
{
    return d->npages ? d->orient : LAY_PORTRAIT;
}

void lay_new_page(lay_doc *d, lay_orientation o, unsigned flags)
{
    ENTER(d, );
    new_page(d, o, flags);
    LEAVE(d);
}

HPDF_Page lay_page(const lay_doc *d)
{
    return lay_live(d) ? d->page : NULL;
}

HPDF_Font lay_font(const lay_doc *d, bool bold)
{
    return lay_live(d) ? d->fonts[bold ? 1 : 0] : NULL;
}

size_t lay_page_count(const lay_doc *d)
{
    return d ? d->npages : 0;
}

lay_box lay_page_box(const lay_doc *d)
{
    return lay_live(d) && d->page ? (lay_box){0, 0, d->pw, d->ph} : (lay_box){0, 0, 0, 0};
}

lay_box lay_content_box(const lay_doc *d)
{
    if (!lay_live(d) || !d->page)
        return (lay_box){0, 0, 0, 0};
    return (lay_box){d->left, d->bottom, d->right - d->left, d->top - d->bottom};
}

bool lay_at_top(const lay_doc *d)
{
    /* half a point of slack: a renderer's cursor arithmetic may leave it a hair below */
    return lay_live(d) && d->page && d->y >= d->top - 0.5;
}

double lay_cursor(const lay_doc *d)
{
    return lay_live(d) ? d->y : 0;
}

void lay_set_cursor(lay_doc *d, double y)
{
    ENTER(d, );
    d->y = coord(d, y);
    LEAVE(d);
}

void lay_space(lay_doc *d, double dy)
{
    ENTER(d, );
    d->y = coord(d, d->y - coord(d, dy));
    LEAVE(d);
}

double lay_remaining(const lay_doc *d)
{
    return lay_live(d) && d->page ? fmax(d->y - d->bottom, 0) : 0;
}

void lay_keep(lay_doc *d, double height)
{
    ENTER(d, );
    need(d, height);
    LEAVE(d);
}

HPDF_Page lay_reserve(lay_doc *d, double height, lay_box *box)
{
    *box = (lay_box){0, 0, 0, 0};
    ENTER(d, NULL);
    HPDF_Page p = reserve(d, height, box);
    LEAVE(d);
    return p;
}

bool lay_coord_ok(double v)
{
    return isfinite(v) && fabs(v) <= MAX_COORD;
}

void lay_rect(lay_doc *d, double x, double y, double w, double h, unsigned rgb)
{
    ENTER(d, );
    require_page(d);
    draw_rect(d, x, y, w, h, rgb);
    LEAVE(d);
}

void lay_hrule(lay_doc *d, double x0, double x1, double y, double weight, unsigned rgb)
{
    ENTER(d, );
    require_page(d);
    draw_hrule(d, x0, x1, y, weight, rgb);
    LEAVE(d);
}

void lay_line(lay_doc *d, double x0, double y0, double x1, double y1, double weight, unsigned rgb,
              double dash, double gap)
{
    ENTER(d, );
    require_page(d);
    draw_line(d, (const double[]){x0, y0, x1, y1}, weight, rgb, dash, gap);
    LEAVE(d);
}

double lay_text_width(lay_doc *d, const lay_style *st, const char *s)
{
    ENTER(d, 0);
    double w = width_of(d, st, s);
    LEAVE(d);
    return w;
}

const char *lay_fit(lay_doc *d, const lay_style *st, const char *s, double width)
{
    ENTER(d, "");
    const char *r = fit(d, st, s ? s : "", width);
    LEAVE(d);
    return r;
}

lay_lines lay_wrap(lay_doc *d, const lay_style *st, const char *text, double width)
{
    ENTER(d, ((lay_lines){NULL, 0}));
    lay_lines l = wrap(d, st, text, width);
    LEAVE(d);
    return l;
}

void lay_clamp(lay_doc *d, const lay_style *st, lay_lines *l, size_t max, double width)
{
    ENTER(d, );
    clamp(d, st, l, max, width);
    LEAVE(d);
}

/* The cap height sits inside the line's box. */
double lay_baseline(const lay_style *st, double top)
{
    return top - (st->leading - st->size) / 2 - st->size * 0.8;
}

void lay_text(lay_doc *d, const lay_style *st, double x, double baseline, lay_align a,
              const char *s)
{
    ENTER(d, );
    require_page(d);
    draw_text(d, st, x, baseline, a, s);
    LEAVE(d);
}

void lay_draw_lines(lay_doc *d, const lay_style *st, const lay_lines *l, double x0, double x1,
                    double top, lay_align a)
{
    ENTER(d, );
    require_page(d);
    draw_lines(d, st, l, x0, x1, top, a);
    LEAVE(d);
}

void lay_paragraph(lay_doc *d, const lay_style *st, const char *text, double indent, lay_align a)
{
    ENTER(d, );
    paragraph(d, st, text, indent, a);
    LEAVE(d);
}

void lay_heading(lay_doc *d, int level, const char *text, double keep_height)
{
    ENTER(d, );
    heading(d, level, text, keep_height);
    LEAVE(d);
}

void lay_bookmark(lay_doc *d, int level, const char *text)
{
    ENTER(d, );
    bookmark(d, level, text);
    LEAVE(d);
}

void lay_outline(lay_doc *d, int level, const char *text)
{
    ENTER(d, );
    outline(d, level <= 1 ? 1 : 2, text ? text : "");
    LEAVE(d);
}

void lay_contents_reserve(lay_doc *d, size_t n_entries_estimate)
{
    ENTER(d, );
    if (d->contents)
        fail(d, BP_EINTERNAL, "internal layout error: the contents were reserved twice");
    d->contents = true;
    d->contents_at = d->npages;
    /* Created now so it sits in the outline where the contents sit in the document; its
     * destination is set when the contents pages exist (lay_close). */
    d->contents_outline = HPDF_CreateOutline(d->pdf, NULL, contents_title(d), d->utf8);
    d->toc = ensure(d, d->toc, &d->toc_cap, n_entries_estimate, sizeof(*d->toc));
    LEAVE(d);
}

double lay_table_measure(lay_doc *d, const lay_table *t)
{
    ENTER(d, 0);
    tbl tb = table_start(d, t);
    double w = measure(d, &tb);
    LEAVE(d);
    return w;
}

void lay_table_draw(lay_doc *d, const lay_table *t)
{
    ENTER(d, );
    table_draw(d, t);
    LEAVE(d);
}
