/* pdf_draw.c - drawing primitives for the chart files: every coordinate is checked before it
 * reaches libharu (which silently corrupts a page on NaN and clamps at +/-32767), text is
 * measured and shortened here, and markers, hatching, axes and legends look the same everywhere. */
#include "pdf_draw.h"
#include "strutil.h"
#include "theme.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ELLIPSIS "\xE2\x80\xA6"
#define EN_DASH "\xE2\x80\x93"
#define LINE_CAP 512 /* bytes of one fitted or wrapped line */

/* ---- Guards ------------------------------------------------------------------------------ */

bool pdf_draw_ok(double v)
{
    return isfinite(v) && fabs(v) < 32767.0;
}

static bool ok2(double x, double y)
{
    return pdf_draw_ok(x) && pdf_draw_ok(y);
}

bool pdf_draw_box_ok(pdf_chart_box b, double min_w, double min_h)
{
    return ok2(b.x, b.y) && ok2(b.x + b.w, b.y + b.h) && pdf_draw_ok(b.w) && pdf_draw_ok(b.h) &&
           b.w >= min_w && b.h >= min_h && b.w > 0 && b.h > 0;
}

double pdf_draw_clamp(double v, double lo, double hi)
{
    if (!(v >= lo)) {
        return lo;
    }
    return v > hi ? hi : v;
}

pdf_chart_box pdf_draw_inset(pdf_chart_box b, double left, double bottom, double right, double top)
{
    pdf_chart_box r = {b.x + left, b.y + bottom, b.w - left - right, b.h - bottom - top};
    if (!(r.w > 0)) {
        r.w = 0;
    }
    if (!(r.h > 0)) {
        r.h = 0;
    }
    return r;
}

/* ---- Graphics state ---------------------------------------------------------------------- */

void pdf_draw_save(HPDF_Page page)
{
    HPDF_Page_GSave(page);
}

void pdf_draw_restore(HPDF_Page page)
{
    HPDF_Page_GRestore(page);
}

void pdf_draw_clip(HPDF_Page page, pdf_chart_box b)
{
    if (!pdf_draw_box_ok(b, 0, 0)) {
        b = (pdf_chart_box){0, 0, 0, 0};
    }
    HPDF_Page_Rectangle(page, (HPDF_REAL)b.x, (HPDF_REAL)b.y, (HPDF_REAL)b.w, (HPDF_REAL)b.h);
    HPDF_Page_Clip(page);
    HPDF_Page_EndPath(page);
}

static HPDF_REAL channel(uint32_t rgb, int shift)
{
    return (HPDF_REAL)((rgb >> shift) & 0xFFu) / 255.0f;
}

void pdf_draw_stroke_rgb(HPDF_Page page, uint32_t rgb)
{
    HPDF_Page_SetRGBStroke(page, channel(rgb, 16), channel(rgb, 8), channel(rgb, 0));
}

void pdf_draw_fill_rgb(HPDF_Page page, uint32_t rgb)
{
    HPDF_Page_SetRGBFill(page, channel(rgb, 16), channel(rgb, 8), channel(rgb, 0));
}

void pdf_draw_line_width(HPDF_Page page, double w)
{
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)pdf_draw_clamp(w, 0.1, 20.0));
}

uint32_t pdf_draw_mix(uint32_t a, uint32_t b, double t)
{
    t = pdf_draw_clamp(t, 0.0, 1.0);
    uint32_t out = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        double ca = (double)((a >> shift) & 0xFFu);
        double cb = (double)((b >> shift) & 0xFFu);
        out |= (uint32_t)lround(ca + (cb - ca) * t) << shift;
    }
    return out;
}

double pdf_draw_lightness(uint32_t rgb)
{
    return 0.299 * channel(rgb, 16) + 0.587 * channel(rgb, 8) + 0.114 * channel(rgb, 0);
}

/* The one place that calls HPDF_Page_SetDash: libharu 2.3 takes whole points (HPDF_UINT16)
 * and 2.4 reals; both reject zero lengths and odd counts. */
void pdf_draw_set_dash_pattern(HPDF_Page page, const double *on_off, size_t n, double phase)
{
#if HPDF_MAJOR_VERSION == 2 && HPDF_MINOR_VERSION < 4
    HPDF_UINT16 pat[8];
#else
    HPDF_REAL pat[8];
#endif
    if (on_off == NULL || n == 0) {
        HPDF_Page_SetDash(page, NULL, 0, 0);
        return;
    }
    n = n > 8 ? 8 : n;
    if (n > 1 && n % 2 == 1) {
        n--;
    }
    for (size_t i = 0; i < n; i++) {
#if HPDF_MAJOR_VERSION == 2 && HPDF_MINOR_VERSION < 4
        pat[i] = (HPDF_UINT16)lround(pdf_draw_clamp(on_off[i], 1.0, 100.0));
#else
        pat[i] = (HPDF_REAL)pdf_draw_clamp(on_off[i], 1.0, 100.0);
#endif
    }
    HPDF_Page_SetDash(page, pat, (HPDF_UINT)n, (HPDF_UINT)lround(pdf_draw_clamp(phase, 0, 100)));
}

void pdf_draw_set_dash(HPDF_Page page, pdf_draw_dash dash)
{
    static const double dashed[] = {4, 2};
    static const double dotted[] = {1, 2};
    static const double dash_dot[] = {6, 2, 1, 2};
    static const double long_dash[] = {9, 3};
    switch (dash) {
    case PDF_DRAW_DASHED:
        pdf_draw_set_dash_pattern(page, dashed, 2, 0);
        break;
    case PDF_DRAW_DOTTED:
        pdf_draw_set_dash_pattern(page, dotted, 2, 0);
        break;
    case PDF_DRAW_DASH_DOT:
        pdf_draw_set_dash_pattern(page, dash_dot, 4, 0);
        break;
    case PDF_DRAW_LONG_DASH:
        pdf_draw_set_dash_pattern(page, long_dash, 2, 0);
        break;
    default:
        pdf_draw_set_dash_pattern(page, NULL, 0, 0);
        break;
    }
}

/* ---- Shapes ------------------------------------------------------------------------------ */

void pdf_draw_line(HPDF_Page page, double x0, double y0, double x1, double y1)
{
    if (!ok2(x0, y0) || !ok2(x1, y1)) {
        return;
    }
    HPDF_Page_MoveTo(page, (HPDF_REAL)x0, (HPDF_REAL)y0);
    HPDF_Page_LineTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
    HPDF_Page_Stroke(page);
}

void pdf_draw_polyline(HPDF_Page page, const double *xs, const double *ys, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i <= n; i++) {
        bool good = i < n && ok2(xs[i], ys[i]);
        if (good && run == 0) {
            HPDF_Page_MoveTo(page, (HPDF_REAL)xs[i], (HPDF_REAL)ys[i]);
            run = 1;
        } else if (good) {
            HPDF_Page_LineTo(page, (HPDF_REAL)xs[i], (HPDF_REAL)ys[i]);
            run++;
        } else if (run > 0) {
            /* A lone point is a path with no length: end it unpainted. */
            if (run > 1) {
                HPDF_Page_Stroke(page);
            } else {
                HPDF_Page_EndPath(page);
            }
            run = 0;
        }
    }
}

void pdf_draw_rect_fill(HPDF_Page page, pdf_chart_box b, uint32_t rgb)
{
    if (!pdf_draw_box_ok(b, 0, 0)) {
        return;
    }
    pdf_draw_fill_rgb(page, rgb);
    HPDF_Page_Rectangle(page, (HPDF_REAL)b.x, (HPDF_REAL)b.y, (HPDF_REAL)b.w, (HPDF_REAL)b.h);
    HPDF_Page_Fill(page);
}

void pdf_draw_rect_stroke(HPDF_Page page, pdf_chart_box b, uint32_t rgb, double width)
{
    if (!pdf_draw_box_ok(b, 0, 0)) {
        return;
    }
    pdf_draw_stroke_rgb(page, rgb);
    pdf_draw_line_width(page, width);
    HPDF_Page_Rectangle(page, (HPDF_REAL)b.x, (HPDF_REAL)b.y, (HPDF_REAL)b.w, (HPDF_REAL)b.h);
    HPDF_Page_Stroke(page);
}

void pdf_draw_circle_fill(HPDF_Page page, double cx, double cy, double r, uint32_t rgb)
{
    if (!ok2(cx, cy) || !pdf_draw_ok(r) || r <= 0) {
        return;
    }
    pdf_draw_fill_rgb(page, rgb);
    HPDF_Page_Circle(page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r);
    HPDF_Page_Fill(page);
}

static void poly_path(HPDF_Page page, double cx, double cy, const double *dx, const double *dy,
                      size_t n)
{
    HPDF_Page_MoveTo(page, (HPDF_REAL)(cx + dx[0]), (HPDF_REAL)(cy + dy[0]));
    for (size_t i = 1; i < n; i++) {
        HPDF_Page_LineTo(page, (HPDF_REAL)(cx + dx[i]), (HPDF_REAL)(cy + dy[i]));
    }
    HPDF_Page_ClosePath(page);
}

/* Shapes are scaled so they look about equally heavy at the same size. */
static void mark_path(HPDF_Page page, pdf_draw_marker shape, double cx, double cy, double r)
{
    switch (shape) {
    case PDF_DRAW_MARK_DIAMOND: {
        double d = r * 1.2, dx[] = {0, d, 0, -d}, dy[] = {d, 0, -d, 0};
        poly_path(page, cx, cy, dx, dy, 4);
        break;
    }
    case PDF_DRAW_MARK_SQUARE: {
        double s = r * 0.88, dx[] = {-s, s, s, -s}, dy[] = {-s, -s, s, s};
        poly_path(page, cx, cy, dx, dy, 4);
        break;
    }
    case PDF_DRAW_MARK_TRIANGLE:
    case PDF_DRAW_MARK_TRIANGLE_DOWN: {
        double k = shape == PDF_DRAW_MARK_TRIANGLE ? 1.0 : -1.0;
        double t = r * 1.2, dx[] = {0, t * 0.95, -t * 0.95},
               dy[] = {k * t, -k * t * 0.7, -k * t * 0.7};
        poly_path(page, cx, cy, dx, dy, 3);
        break;
    }
    default:
        HPDF_Page_Circle(page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r);
        break;
    }
}

void pdf_draw_mark(HPDF_Page page, pdf_draw_marker shape, double cx, double cy, double size,
                   uint32_t rgb, bool hollow)
{
    double r = size / 2.0;
    if (!ok2(cx, cy) || !pdf_draw_ok(size) || size <= 0) {
        return;
    }
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    if (shape == PDF_DRAW_MARK_CROSS) {
        pdf_draw_stroke_rgb(page, rgb);
        pdf_draw_line_width(page, size / 4.0);
        pdf_draw_line(page, cx - r, cy - r, cx + r, cy + r);
        pdf_draw_line(page, cx - r, cy + r, cx + r, cy - r);
        return;
    }
    pdf_draw_fill_rgb(page, hollow ? THEME_HEX_WHITE : rgb);
    /* Darkened edges keep light colours (orange, grey) visible in greyscale print. */
    pdf_draw_stroke_rgb(page, pdf_draw_mix(rgb, THEME_HEX_BLACK, hollow ? 0.3 : 0.35));
    pdf_draw_line_width(page, hollow ? pdf_draw_clamp(size / 6.0, 0.7, 1.5) : 0.5);
    mark_path(page, shape, cx, cy, r);
    HPDF_Page_FillStroke(page);
}

pdf_draw_marker pdf_draw_kind_marker(chart_point_kind k)
{
    switch (k) {
    case CHART_POINT_IMPROVEMENT:
        return PDF_DRAW_MARK_DIAMOND;
    case CHART_POINT_CONCERN:
        return PDF_DRAW_MARK_SQUARE;
    case CHART_POINT_NEUTRAL:
        return PDF_DRAW_MARK_TRIANGLE;
    default:
        return PDF_DRAW_MARK_CIRCLE;
    }
}

uint32_t pdf_draw_kind_rgb(chart_point_kind k)
{
    switch (k) {
    case CHART_POINT_IMPROVEMENT:
        return THEME_HEX_IMPROVEMENT;
    case CHART_POINT_CONCERN:
        return THEME_HEX_CONCERN;
    case CHART_POINT_NEUTRAL:
        return THEME_HEX_NEUTRAL;
    default:
        return THEME_HEX_COMMON_POINT;
    }
}

const char *pdf_draw_kind_label(chart_point_kind k)
{
    switch (k) {
    case CHART_POINT_IMPROVEMENT:
        return "Special cause - improvement";
    case CHART_POINT_CONCERN:
        return "Special cause - concern";
    case CHART_POINT_NEUTRAL:
        return "Special cause - neither";
    default:
        return "Common cause";
    }
}

void pdf_draw_kind_mark(HPDF_Page page, chart_point_kind k, double cx, double cy, double size,
                        bool hollow)
{
    bool special = k == CHART_POINT_IMPROVEMENT || k == CHART_POINT_CONCERN ||
                   k == CHART_POINT_NEUTRAL;
    pdf_draw_mark(page, pdf_draw_kind_marker(k), cx, cy, special ? size * 1.3 : size,
                  pdf_draw_kind_rgb(k), hollow);
}

static void hatch_lines(HPDF_Page page, pdf_chart_box b, double sp, int dir)
{
    if (dir == 0 || dir == 2) { /* horizontal, vertical */
        double len = dir == 0 ? b.h : b.w;
        for (double t = sp / 2; t < len; t += sp) {
            if (dir == 0) {
                pdf_draw_line(page, b.x, b.y + t, b.x + b.w, b.y + t);
            } else {
                pdf_draw_line(page, b.x + t, b.y, b.x + t, b.y + b.h);
            }
        }
        return;
    }
    for (double t = -b.h; t < b.w + sp; t += sp) {
        if (dir == 1) {
            pdf_draw_line(page, b.x + t, b.y, b.x + t + b.h, b.y + b.h);
        } else {
            pdf_draw_line(page, b.x + t, b.y + b.h, b.x + t + b.h, b.y);
        }
    }
}

static void hatch_dots(HPDF_Page page, pdf_chart_box b, double sp, double width, uint32_t rgb)
{
    int row = 0;
    for (double y = b.y + sp / 2; y < b.y + b.h; y += sp, row++) {
        for (double x = b.x + (row % 2 ? sp : sp / 2); x < b.x + b.w; x += sp) {
            pdf_draw_circle_fill(page, x, y, width, rgb);
        }
    }
}

void pdf_draw_hatch_rect(HPDF_Page page, pdf_chart_box b, pdf_draw_hatch hatch, uint32_t rgb,
                         double spacing, double width)
{
    if (hatch == PDF_DRAW_HATCH_NONE || !pdf_draw_box_ok(b, 0.5, 0.5)) {
        return;
    }
    spacing = pdf_draw_clamp(spacing, 1.5, 50.0);
    width = width > 0 ? width : 0.6;
    /* Bound the work for a huge box with a tiny spacing. */
    if ((b.w + b.h) / spacing > 2000) {
        spacing = (b.w + b.h) / 2000;
    }
    pdf_draw_save(page);
    pdf_draw_clip(page, b);
    pdf_draw_stroke_rgb(page, rgb);
    pdf_draw_line_width(page, width);
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    switch (hatch) {
    case PDF_DRAW_HATCH_DIAG:
        hatch_lines(page, b, spacing, 1);
        break;
    case PDF_DRAW_HATCH_BACKDIAG:
        hatch_lines(page, b, spacing, 3);
        break;
    case PDF_DRAW_HATCH_CROSS:
        hatch_lines(page, b, spacing, 1);
        hatch_lines(page, b, spacing, 3);
        break;
    case PDF_DRAW_HATCH_HORIZ:
        hatch_lines(page, b, spacing, 0);
        break;
    case PDF_DRAW_HATCH_VERT:
        hatch_lines(page, b, spacing, 2);
        break;
    default:
        if (b.w * b.h / (spacing * spacing) < 40000) {
            hatch_dots(page, b, spacing, width, rgb);
        }
        break;
    }
    pdf_draw_restore(page);
}

/* ---- Text -------------------------------------------------------------------------------- */

static double width_n(HPDF_Font font, double size, const char *s, size_t len)
{
    if (font == NULL || s == NULL || len == 0) {
        return 0;
    }
    HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s, (HPDF_UINT)len);
    return (double)tw.width * size / 1000.0;
}

double pdf_draw_text_width(HPDF_Font font, double size, const char *s)
{
    return s == NULL ? 0 : width_n(font, size, s, strlen(s));
}

double pdf_draw_cap_height(double size)
{
    return size * 0.72;
}

static bool text_drawable(HPDF_Font font, double size, double x, double y, const char *s)
{
    return font != NULL && s != NULL && s[0] != '\0' && ok2(x, y) && pdf_draw_ok(size) && size > 0;
}

void pdf_draw_text(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x, double y,
                   pdf_draw_align align, const char *s)
{
    pdf_draw_text_rotated(page, font, size, rgb, x, y, 0, align, s);
}

void pdf_draw_text_rotated(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x,
                           double y, double deg, pdf_draw_align align, const char *s)
{
    if (!text_drawable(font, size, x, y, s) || !pdf_draw_ok(deg)) {
        return;
    }
    double w = pdf_draw_text_width(font, size, s);
    double off = align == PDF_DRAW_CENTRE ? w / 2 : align == PDF_DRAW_RIGHT ? w : 0;
    double c = cos(deg * M_PI / 180.0), sn = sin(deg * M_PI / 180.0);
    double x0 = x - off * c, y0 = y - off * sn;
    if (!ok2(x0, y0)) {
        return;
    }
    pdf_draw_fill_rgb(page, rgb);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
    HPDF_Page_SetTextMatrix(page, (HPDF_REAL)c, (HPDF_REAL)sn, (HPDF_REAL)-sn, (HPDF_REAL)c,
                            (HPDF_REAL)x0, (HPDF_REAL)y0);
    HPDF_Page_ShowText(page, s);
    HPDF_Page_EndText(page);
}

/* Length of the longest prefix of s[0..len) that, with tail appended, is at most max_w wide;
 * cut at a UTF-8 character boundary. */
static size_t fit_prefix(HPDF_Font font, double size, const char *s, size_t len, double max_w,
                         double tail_w)
{
    size_t lo = 0, hi = len;
    /* Binary search on bytes, then step back to a character boundary. */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (width_n(font, size, s, mid) + tail_w <= max_w) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    while (lo > 0 && lo < len && ((unsigned char)s[lo] & 0xC0u) == 0x80u) {
        lo--;
    }
    return lo;
}

/* s[0..len) fitted to max_w into out, with an ellipsis when shortened. */
static const char *fit_n(HPDF_Font font, double size, const char *s, size_t len, double max_w,
                         char *out, size_t cap)
{
    if (cap == 0) {
        return out;
    }
    out[0] = '\0';
    if (s == NULL || !(max_w > 0)) {
        return out;
    }
    if (len < cap && width_n(font, size, s, len) <= max_w) {
        memcpy(out, s, len);
        out[len] = '\0';
        return out;
    }
    double ell = pdf_draw_text_width(font, size, ELLIPSIS);
    if (ell > max_w || cap < sizeof ELLIPSIS) {
        return out;
    }
    size_t keep = fit_prefix(font, size, s, len < cap ? len : cap - 1, max_w, ell);
    if (keep + sizeof ELLIPSIS > cap) {
        keep = fit_prefix(font, size, s, cap - sizeof ELLIPSIS, max_w, ell);
    }
    while (keep > 0 && s[keep - 1] == ' ') {
        keep--;
    }
    memcpy(out, s, keep);
    memcpy(out + keep, ELLIPSIS, sizeof ELLIPSIS);
    return out;
}

const char *pdf_draw_fit(HPDF_Font font, double size, const char *s, double max_w, char *out,
                         size_t cap)
{
    return fit_n(font, size, s, s == NULL ? 0 : strlen(s), max_w, out, cap);
}

double pdf_draw_text_fit(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x,
                         double y, pdf_draw_align align, double max_w, const char *s)
{
    char buf[LINE_CAP];
    pdf_draw_fit(font, size, s, max_w, buf, sizeof buf);
    pdf_draw_text(page, font, size, rgb, x, y, align, buf);
    return pdf_draw_text_width(font, size, buf);
}

double pdf_draw_fit_size(HPDF_Font font, const char *s, double max_w, double max_size,
                         double min_size)
{
    for (double sz = max_size; sz > min_size; sz -= 0.5) {
        if (pdf_draw_text_width(font, sz, s) <= max_w) {
            return sz;
        }
    }
    return min_size;
}

/* Bytes of s that make the next line: whole words while they fit within max_w, stopping at a
 * newline; at least one word, however wide. */
static size_t line_end(HPDF_Font font, double size, const char *s, double max_w)
{
    size_t end = 0, i = 0;
    for (;;) {
        while (s[i] == ' ') {
            i++;
        }
        size_t w = i;
        while (s[w] != '\0' && s[w] != ' ' && s[w] != '\n') {
            w++;
        }
        if (end > 0 && width_n(font, size, s, w) > max_w) {
            return end;
        }
        end = i = w;
        if (s[i] == '\0' || s[i] == '\n' || width_n(font, size, s, end) > max_w) {
            return end;
        }
    }
}

/* The next wrapped line of *p into out (fitted when a single word is too wide); advances *p.
 * When last and text remains, the line ends with an ellipsis. */
static bool wrap_next(HPDF_Font font, double size, const char **p, double max_w, bool last,
                      char *out, size_t cap)
{
    const char *s = *p;
    while (*s == ' ') {
        s++;
    }
    if (*s == '\0') {
        *p = s;
        return false;
    }
    size_t end = line_end(font, size, s, max_w);
    const char *rest = s + end;
    while (*rest == ' ' || *rest == '\n') {
        rest++;
    }
    if (last && *rest != '\0') {
        char tmp[LINE_CAP];
        fit_n(font, size, s, end, max_w, tmp, sizeof tmp);
        if (strstr(tmp, ELLIPSIS) == NULL && strlen(tmp) + sizeof ELLIPSIS <= sizeof tmp) {
            strcat(tmp, ELLIPSIS);
        }
        pdf_draw_fit(font, size, tmp, max_w, out, cap);
        *p = s + strlen(s);
        return true;
    }
    fit_n(font, size, s, end, max_w, out, cap);
    *p = s[end] == '\n' ? s + end + 1 : s + end;
    return true;
}

size_t pdf_draw_wrap_count(HPDF_Font font, double size, const char *s, double max_w,
                           size_t max_lines)
{
    char line[LINE_CAP];
    size_t n = 0;
    if (s == NULL || font == NULL || !(max_w > 0)) {
        return 0;
    }
    while (n < max_lines &&
           wrap_next(font, size, &s, max_w, n + 1 == max_lines, line, sizeof line)) {
        n++;
    }
    return n;
}

size_t pdf_draw_text_wrapped(HPDF_Page page, HPDF_Font font, double size, uint32_t rgb, double x,
                             double y, double max_w, size_t max_lines, double leading,
                             pdf_draw_align align, const char *s)
{
    char line[LINE_CAP];
    size_t n = 0;
    if (s == NULL || font == NULL || !(max_w > 0)) {
        return 0;
    }
    double ax = align == PDF_DRAW_CENTRE ? x + max_w / 2 : align == PDF_DRAW_RIGHT ? x + max_w : x;
    while (n < max_lines &&
           wrap_next(font, size, &s, max_w, n + 1 == max_lines, line, sizeof line)) {
        pdf_draw_text(page, font, size, rgb, ax, y - (double)n * leading, align, line);
        n++;
    }
    return n;
}

const char *pdf_draw_format(char *out, size_t cap, double v, int decimals, const char *suffix)
{
    char num[64];
    if (cap == 0) {
        return out;
    }
    if (!isfinite(v)) {
        snprintf(out, cap, "%s", EN_DASH);
        return out;
    }
    decimals = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    if (fabs(v) >= 1e15) {
        snprintf(num, sizeof num, "%.3g", v);
    } else {
        bp_format_grouped(v, decimals, num, sizeof num);
    }
    snprintf(out, cap, "%s%s", num, suffix == NULL ? "" : suffix);
    return out;
}

int pdf_draw_step_decimals(double step)
{
    step = fabs(step);
    if (!isfinite(step) || step == 0) {
        return 0;
    }
    double scaled = step;
    for (int k = 0; k < 6; k++) {
        if (fabs(scaled - round(scaled)) < 1e-6 * (scaled > 1 ? scaled : 1)) {
            return k;
        }
        scaled *= 10;
    }
    return 6;
}

/* ---- Axes -------------------------------------------------------------------------------- */

/* idx x step, computed so that e.g. 3 x 0.1 prints as 0.3 and not 0.30000000000000004. */
static double tick_value(double idx, double mult, int exp10)
{
    return exp10 >= 0 ? idx * mult * pow(10, exp10) : idx * mult / pow(10, -exp10);
}

size_t pdf_draw_nice_ticks(double lo, double hi, int max_ticks, double *ticks, size_t cap,
                           double *step)
{
    static const double mults[] = {1, 2, 5};
    if (!isfinite(lo) || !isfinite(hi) || ticks == NULL || cap < 2) {
        return 0;
    }
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (lo == hi) {
        double pad = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    size_t most = max_ticks < 2 ? 2 : (size_t)max_ticks;
    most = most > cap ? cap : most;
    double range = hi - lo;
    if (!isfinite(range) || range <= 0) {
        return 0;
    }
    int e = (int)floor(log10(range / (double)(most - 1))) - 1;
    for (int tries = 0; tries < 8; tries++, e++) {
        for (size_t m = 0; m < 3; m++) {
            double st = tick_value(1, mults[m], e);
            double first = floor(lo / st + 1e-9), last = ceil(hi / st - 1e-9);
            if (last - first + 1 > (double)most) {
                continue;
            }
            size_t n = (size_t)(last - first) + 1;
            for (size_t i = 0; i < n; i++) {
                ticks[i] = tick_value(first + (double)i, mults[m], e);
                ticks[i] = ticks[i] == 0 ? 0 : ticks[i]; /* no "-0" */
            }
            if (step != NULL) {
                *step = st;
            }
            return n;
        }
    }
    return 0;
}

void pdf_draw_scale_make(pdf_draw_scale *s, double lo, double hi, int max_ticks, bool fixed)
{
    double t[PDF_DRAW_MAX_TICKS];
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (lo > hi) {
        double tmp = lo;
        lo = hi;
        hi = tmp;
    }
    if (max_ticks > PDF_DRAW_MAX_TICKS) {
        max_ticks = PDF_DRAW_MAX_TICKS;
    }
    size_t n = pdf_draw_nice_ticks(lo, hi, max_ticks, t, PDF_DRAW_MAX_TICKS, &s->step);
    if (n < 2) {
        t[0] = lo;
        t[1] = hi > lo ? hi : lo + 1;
        n = 2;
        s->step = t[1] - t[0];
    }
    s->nticks = 0;
    s->lo = fixed && hi > lo ? lo : t[0];
    s->hi = fixed && hi > lo ? hi : t[n - 1];
    double eps = s->step * 1e-6;
    for (size_t i = 0; i < n; i++) {
        if (t[i] >= s->lo - eps && t[i] <= s->hi + eps) {
            s->ticks[s->nticks++] = t[i];
        }
    }
    s->decimals = pdf_draw_step_decimals(s->step);
}

double pdf_draw_scale_map(const pdf_draw_scale *s, double v, double p0, double len)
{
    if (!isfinite(v) || !(s->hi > s->lo)) {
        return NAN;
    }
    return p0 + (v - s->lo) / (s->hi - s->lo) * len;
}

int pdf_draw_ticks_for(double len, double gap)
{
    if (!(len > 0) || !(gap > 0)) {
        return 2;
    }
    double n = floor(len / gap) + 1;
    return n < 2 ? 2 : n > PDF_DRAW_MAX_TICKS ? PDF_DRAW_MAX_TICKS : (int)n;
}

double pdf_draw_yaxis_label_width(HPDF_Font font, double size, const pdf_draw_scale *s,
                                  const char *suffix)
{
    char buf[80];
    double w = 0;
    for (size_t i = 0; i < s->nticks; i++) {
        double tw = pdf_draw_text_width(
            font, size, pdf_draw_format(buf, sizeof buf, s->ticks[i], s->decimals, suffix));
        w = tw > w ? tw : w;
    }
    return w;
}

void pdf_draw_yaxis(HPDF_Page page, HPDF_Font font, double size, pdf_chart_box plot,
                    const pdf_draw_scale *s, const char *suffix, bool grid)
{
    char buf[80];
    if (!pdf_draw_box_ok(plot, 1, 1)) {
        return;
    }
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    for (size_t i = 0; i < s->nticks; i++) {
        double y = pdf_draw_scale_map(s, s->ticks[i], plot.y, plot.h);
        if (!(y >= plot.y - 0.5 && y <= plot.y + plot.h + 0.5)) {
            continue;
        }
        if (grid) {
            pdf_draw_stroke_rgb(page, THEME_HEX_GRID);
            pdf_draw_line_width(page, 0.5);
            pdf_draw_line(page, plot.x, y, plot.x + plot.w, y);
        }
        pdf_draw_format(buf, sizeof buf, s->ticks[i], s->decimals, suffix);
        pdf_draw_text(page, font, size, THEME_HEX_TEXT, plot.x - 3,
                      y - pdf_draw_cap_height(size) / 2, PDF_DRAW_RIGHT, buf);
    }
    pdf_draw_stroke_rgb(page, THEME_HEX_AXIS);
    pdf_draw_line_width(page, 0.6);
    pdf_draw_line(page, plot.x, plot.y, plot.x, plot.y + plot.h);
}

void pdf_draw_xaxis(HPDF_Page page, HPDF_Font font, double size, pdf_chart_box plot,
                    const pdf_draw_scale *s, const char *suffix, bool grid)
{
    char buf[80];
    if (!pdf_draw_box_ok(plot, 1, 1)) {
        return;
    }
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    for (size_t i = 0; i < s->nticks; i++) {
        double x = pdf_draw_scale_map(s, s->ticks[i], plot.x, plot.w);
        if (!(x >= plot.x - 0.5 && x <= plot.x + plot.w + 0.5)) {
            continue;
        }
        if (grid) {
            pdf_draw_stroke_rgb(page, THEME_HEX_GRID);
            pdf_draw_line_width(page, 0.5);
            pdf_draw_line(page, x, plot.y, x, plot.y + plot.h);
        }
        pdf_draw_stroke_rgb(page, THEME_HEX_AXIS);
        pdf_draw_line_width(page, 0.6);
        pdf_draw_line(page, x, plot.y, x, plot.y - 2.5);
        pdf_draw_format(buf, sizeof buf, s->ticks[i], s->decimals, suffix);
        pdf_draw_text(page, font, size, THEME_HEX_TEXT, x, plot.y - 3.5 - size, PDF_DRAW_CENTRE,
                      buf);
    }
    pdf_draw_stroke_rgb(page, THEME_HEX_AXIS);
    pdf_draw_line_width(page, 0.6);
    pdf_draw_line(page, plot.x, plot.y, plot.x + plot.w, plot.y);
}

void pdf_draw_axis_title_y(HPDF_Page page, HPDF_Font font, double size, double x, double y_mid,
                           double max_len, const char *s)
{
    char buf[LINE_CAP];
    pdf_draw_fit(font, size, s, max_len, buf, sizeof buf);
    pdf_draw_text_rotated(page, font, size, THEME_HEX_MUTED, x, y_mid, 90, PDF_DRAW_CENTRE, buf);
}

static double month_label_width(const pdf_chart_fonts *fonts, double size,
                                const char *const *labels, size_t n)
{
    double w = 0;
    for (size_t i = 0; i < n; i++) {
        double tw = pdf_draw_text_width(fonts->bold, size, labels[i]);
        w = tw > w ? tw : w;
    }
    return w;
}

size_t pdf_draw_month_stride(const pdf_chart_fonts *fonts, double size, double plot_w,
                             const char *const *labels, const bool *year_start, size_t n)
{
    static const size_t strides[] = {1, 2, 3, 4, 6, 12};
    (void)year_start;
    if (n == 0 || labels == NULL || !(plot_w > 0)) {
        return 1;
    }
    double need = month_label_width(fonts, size, labels, n) + size * 0.8;
    double dx = plot_w / (double)n;
    for (size_t k = 0; k < sizeof strides / sizeof strides[0]; k++) {
        if ((double)strides[k] * dx >= need) {
            return strides[k];
        }
    }
    /* Beyond a year: whole years, so year starts stay labelled. */
    size_t years = (size_t)ceil(need / (12.0 * dx));
    return 12 * (years < 1 ? 1 : years);
}

static void year_line(HPDF_Page page, pdf_chart_box plot, const double *xs, size_t i)
{
    double x = xs[i];
    if (i > 0 && pdf_draw_ok(xs[i - 1])) {
        x = (xs[i - 1] + xs[i]) / 2;
    }
    pdf_draw_stroke_rgb(page, THEME_HEX_GRID);
    pdf_draw_line_width(page, 0.5);
    pdf_draw_set_dash(page, PDF_DRAW_SOLID);
    pdf_draw_line(page, x, plot.y, x, plot.y + plot.h);
}

/* The month labels to draw and where they go. */
typedef struct {
    const pdf_chart_fonts *fonts;
    double size, lo, hi; /* labels stay within [lo, hi] */
    const char *const *labels;
    const bool *year_start;
    const double *xs;
    size_t n, stride, anchor;
} month_axis;

static bool is_year_start(const month_axis *a, size_t i)
{
    return a->year_start != NULL && a->year_start[i];
}

/* Whether month i is labelled, and its label's left edge and width. */
static bool month_label_at(const month_axis *a, size_t i, double *x, double *w)
{
    if ((i + a->stride - a->anchor) % a->stride != 0 || a->labels[i] == NULL ||
        !pdf_draw_ok(a->xs[i])) {
        return false;
    }
    HPDF_Font f = is_year_start(a, i) ? a->fonts->bold : a->fonts->regular;
    *w = pdf_draw_text_width(f, a->size, a->labels[i]);
    *x = pdf_draw_clamp(a->xs[i] - *w / 2, a->lo, a->hi - *w);
    return true;
}

/* The first label when pushing it in from the left edge makes it meet the second (which is
 * then kept instead, as it is more likely a year start); n when there is no such clash. */
static size_t month_first_clash(const month_axis *a)
{
    double x0 = 0, w0 = 0, x1 = 0, w1 = 0;
    size_t i = 0, j;
    while (i < a->n && !month_label_at(a, i, &x0, &w0)) {
        i++;
    }
    for (j = i + 1; j < a->n && !month_label_at(a, j, &x1, &w1); j++) {
    }
    return j < a->n && x0 + w0 + a->size * 0.5 > x1 ? i : a->n;
}

size_t pdf_draw_month_axis(HPDF_Page page, const pdf_chart_fonts *fonts, double size,
                           pdf_chart_box plot, double overhang, const char *const *labels,
                           const bool *year_start, const double *xs, size_t n)
{
    month_axis a = {fonts,
                    size,
                    plot.x - overhang,
                    plot.x + plot.w + overhang,
                    labels,
                    year_start,
                    xs,
                    n,
                    pdf_draw_month_stride(fonts, size, plot.w, labels, year_start, n),
                    0};
    if (n == 0 || labels == NULL || xs == NULL || !pdf_draw_box_ok(plot, 1, 1)) {
        return a.stride;
    }
    while (year_start != NULL && a.anchor < n && !year_start[a.anchor]) {
        a.anchor++;
    }
    a.anchor = a.anchor < n ? a.anchor % a.stride : 0;
    size_t skip = month_first_clash(&a);
    double prev = -INFINITY, x, w;
    for (size_t i = 0; i < n; i++) {
        bool ys = is_year_start(&a, i);
        if (ys && i > 0 && pdf_draw_ok(xs[i])) {
            year_line(page, plot, xs, i);
        }
        /* A label pushed in from the right end may meet its neighbour: leave it out. */
        if (i == skip || !month_label_at(&a, i, &x, &w) || x < prev + size * 0.5) {
            continue;
        }
        pdf_draw_text(page, ys ? fonts->bold : fonts->regular, size,
                      ys ? THEME_HEX_TEXT : THEME_HEX_MUTED, x, plot.y - 3.5 - size,
                      PDF_DRAW_LEFT, labels[i]);
        prev = x + w;
    }
    return a.stride;
}

/* ---- Legend ------------------------------------------------------------------------------ */

static double key_sample_width(HPDF_Font bold, double size, const pdf_draw_key *k)
{
    switch (k->kind) {
    case PDF_DRAW_KEY_LINE:
        return size * 2.4;
    case PDF_DRAW_KEY_TEXT:
        return pdf_draw_text_width(bold, size, k->tag);
    case PDF_DRAW_KEY_VLINE:
        return size * 0.5;
    default:
        return size;
    }
}

static void key_sample(HPDF_Page page, const pdf_chart_fonts *fonts, double size, double x,
                       double base, const pdf_draw_key *k)
{
    double mid = base + pdf_draw_cap_height(size) / 2, sw = key_sample_width(fonts->bold, size, k);
    pdf_chart_box sq = {x, mid - size * 0.45, size * 0.9, size * 0.9};
    switch (k->kind) {
    case PDF_DRAW_KEY_SWATCH:
        pdf_draw_rect_fill(page, sq, k->rgb);
        pdf_draw_hatch_rect(page, sq, k->hatch, k->hatch_rgb, 2.5, 0.5);
        pdf_draw_rect_stroke(page, sq, pdf_draw_mix(k->rgb, THEME_HEX_BLACK, 0.3), 0.4);
        break;
    case PDF_DRAW_KEY_MARKER:
        pdf_draw_mark(page, k->marker, x + sw / 2, mid, size * 0.75, k->rgb, k->hollow);
        break;
    case PDF_DRAW_KEY_LINE:
        pdf_draw_stroke_rgb(page, k->rgb);
        pdf_draw_line_width(page, k->line_width > 0 ? k->line_width : 1.0);
        pdf_draw_set_dash(page, k->dash);
        pdf_draw_line(page, x, mid, x + sw, mid);
        pdf_draw_set_dash(page, PDF_DRAW_SOLID);
        if (k->with_marker) {
            pdf_draw_mark(page, k->marker, x + sw / 2, mid, size * 0.6, k->rgb, k->hollow);
        }
        break;
    case PDF_DRAW_KEY_VLINE:
        pdf_draw_stroke_rgb(page, k->rgb);
        pdf_draw_line_width(page, k->line_width > 0 ? k->line_width : 1.0);
        pdf_draw_set_dash(page, k->dash);
        pdf_draw_line(page, x + sw / 2, mid - size * 0.6, x + sw / 2, mid + size * 0.6);
        pdf_draw_set_dash(page, PDF_DRAW_SOLID);
        break;
    case PDF_DRAW_KEY_DISC:
        pdf_draw_circle_fill(page, x + sw / 2, mid, size * 0.62, k->rgb);
        pdf_draw_text(page, fonts->bold, size * 0.8, THEME_HEX_WHITE, x + sw / 2,
                      mid - pdf_draw_cap_height(size * 0.8) / 2, PDF_DRAW_CENTRE, k->tag);
        break;
    default:
        pdf_draw_text(page, fonts->bold, size, k->rgb, x, base, PDF_DRAW_LEFT, k->tag);
        break;
    }
}

/* Lays the keys out in rows (drawing them when page is set); returns the height used. */
static double legend_layout(HPDF_Page page, const pdf_chart_fonts *fonts, HPDF_Font regular,
                            double size, double x0, double y_top, double width,
                            const pdf_draw_key *keys, size_t n)
{
    double row_h = size * 1.45, x = x0, rows = n > 0 ? 1 : 0;
    HPDF_Font bold = fonts != NULL ? fonts->bold : regular;
    char buf[LINE_CAP];
    for (size_t i = 0; i < n; i++) {
        double sw = key_sample_width(bold, size, &keys[i]) + size * 0.35;
        double lw = pdf_draw_text_width(regular, size, keys[i].label);
        double item = sw + lw;
        if (x > x0 && x + item > x0 + width) {
            x = x0;
            rows++;
        }
        double avail = x0 + width - x - sw;
        double base = y_top - (rows - 1) * row_h - size;
        if (page != NULL) {
            key_sample(page, fonts, size, x, base, &keys[i]);
            pdf_draw_fit(regular, size, keys[i].label, avail, buf, sizeof buf);
            pdf_draw_text(page, regular, size, THEME_HEX_TEXT, x + sw, base, PDF_DRAW_LEFT, buf);
        }
        x += (item < sw + avail ? item : sw + avail) + size * 1.2;
    }
    return rows * row_h;
}

double pdf_draw_legend_height(HPDF_Font font, double size, double width, const pdf_draw_key *keys,
                              size_t n)
{
    return legend_layout(NULL, NULL, font, size, 0, 0, width, keys, n);
}

double pdf_draw_legend(HPDF_Page page, const pdf_chart_fonts *fonts, double size, double x,
                       double y_top, double width, const pdf_draw_key *keys, size_t n)
{
    if (!ok2(x, y_top) || !pdf_draw_ok(width) || width <= 0) {
        return 0;
    }
    return legend_layout(page, fonts, fonts->regular, size, x, y_top, width, keys, n);
}
