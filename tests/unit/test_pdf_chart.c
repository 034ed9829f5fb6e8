/* test_pdf_chart.c - the SPC chart, small multiples, icons and tiles drawn into real PDFs and
 * checked with the real tools: qpdf --check, pdftotext for the words that must be there,
 * pdftotext -bbox for words staying inside their chart box, and no NaN/inf in the page
 * streams. Set BP_CHART_KEEP_DIR to keep the PDFs and 60 dpi PNGs (colour and grey) there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf_chart.h"
#include "pdf_draw.h"
#include "theme.h"

#ifndef FONT_DIR
#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

#define MAX_BOXES 16

/* One test document: fonts, the boxes drawn into per page, and libharu's error count. */
typedef struct {
    HPDF_Doc pdf;
    pdf_chart_fonts fonts;
    HPDF_Page page;
    int pages;
    pdf_chart_box boxes[8][MAX_BOXES];
    size_t nboxes[8];
    char dir[64];
    char path[192];
    unsigned errors;
} doc;

static void on_error(HPDF_STATUS err, HPDF_STATUS detail, void *user)
{
    doc *d = user;
    d->errors++;
    fprintf(stderr, "libharu error 0x%04X (detail %u)\n", (unsigned)err, (unsigned)detail);
}

static HPDF_Font load_font(doc *d, const char *file)
{
    char path[512];
    const char *dir = getenv("FONT_DIR") ? getenv("FONT_DIR") : FONT_DIR;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    const char *name = HPDF_LoadTTFontFromFile(d->pdf, path, HPDF_TRUE);
    assert_non_null(name);
    return HPDF_GetFont(d->pdf, name, "UTF-8");
}

static doc *doc_new(void)
{
    doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    snprintf(d->dir, sizeof d->dir, "/tmp/bp-test-chart-XXXXXX");
    assert_non_null(mkdtemp(d->dir));
    d->pdf = HPDF_New(on_error, d);
    assert_non_null(d->pdf);
    HPDF_UseUTFEncodings(d->pdf);
    HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
    d->fonts.regular = load_font(d, "DejaVuSans.ttf");
    d->fonts.bold = load_font(d, "DejaVuSans-Bold.ttf");
    return d;
}

static HPDF_Page doc_page(doc *d)
{
    assert_true(d->pages < 8);
    d->page = HPDF_AddPage(d->pdf);
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d->pages++;
    return d->page;
}

/* Remember a box on the current page: every word on that page must fall inside one of them. */
static pdf_chart_box doc_box(doc *d, double x, double y, double w, double h)
{
    pdf_chart_box b = {x, y, w, h};
    size_t p = (size_t)d->pages - 1;
    assert_true(d->nboxes[p] < MAX_BOXES);
    d->boxes[p][d->nboxes[p]++] = b;
    return b;
}

static char *run(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t got;
    while ((got = fread(out + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 4096) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[len] = '\0';
    pclose(f);
    return out;
}

static int sys(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd);
}

/* Save as name.pdf in the test dir (and the keep dir, with PNGs, when asked). */
static void doc_save(doc *d, const char *name)
{
    snprintf(d->path, sizeof d->path, "%s/%s.pdf", d->dir, name);
    assert_int_equal(HPDF_SaveToFile(d->pdf, d->path), HPDF_OK);
    assert_int_equal(d->errors, 0);
    const char *keep = getenv("BP_CHART_KEEP_DIR");
    if (keep != NULL && keep[0] != '\0') {
        sys("cp '%s' '%s/%s.pdf' && pdftoppm -png -r 60 '%s' '%s/%s' && "
            "pdftoppm -png -gray -r 60 '%s' '%s/%s-gray'",
            d->path, keep, name, d->path, keep, name, d->path, keep, name);
    }
}

static void doc_free(doc *d)
{
    HPDF_Free(d->pdf);
    sys("rm -rf '%s'", d->dir);
    free(d);
}

static char *doc_text(doc *d)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext '%s' - 2>/dev/null", d->path);
    return run(cmd);
}

static void assert_has(const char *text, const char *want)
{
    if (strstr(text, want) == NULL) {
        fail_msg("expected \"%s\" in the text of the PDF; got:\n%s", want, text);
    }
}

static void assert_qpdf_ok(doc *d)
{
    assert_int_equal(sys("qpdf --check '%s' >/dev/null 2>&1", d->path), 0);
}

static bool inside(pdf_chart_box b, double x0, double y0, double x1, double y1)
{
    const double tol = 1.0;
    return x0 >= b.x - tol && x1 <= b.x + b.w + tol && y0 >= b.y - tol && y1 <= b.y + b.h + tol;
}

static double attr(const char *s, const char *name)
{
    const char *p = strstr(s, name);
    assert_non_null(p);
    return strtod(p + strlen(name) + 2, NULL);
}

typedef struct {
    double x0, y0, x1, y1;
    char text[80];
} word_box;

/* No two words on a page overlap (by more than a hair). */
static void assert_no_overlap(const word_box *w, size_t n, int page)
{
    const double hair = 0.3;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            double ox = fmin(w[i].x1, w[j].x1) - fmax(w[i].x0, w[j].x0);
            double oy = fmin(w[i].y1, w[j].y1) - fmax(w[i].y0, w[j].y0);
            if (ox > hair && oy > hair) {
                fail_msg("on page %d \"%s\" overlaps \"%s\"", page, w[i].text, w[j].text);
            }
        }
    }
}

/* Every word pdftotext finds lies inside one of its page's boxes and overlaps no other word;
 * returns the words seen. */
static size_t assert_words_inside_boxes(doc *d)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' - 2>/dev/null", d->path);
    char *html = run(cmd), *p = html;
    int page = -1;
    double ph = 0;
    size_t words = 0, on_page = 0, cap = 4096;
    word_box *wb = malloc(cap * sizeof *wb);
    assert_non_null(wb);
    while ((p = strchr(p, '<')) != NULL) {
        if (strncmp(p, "<page ", 6) == 0 || strncmp(p, "</doc>", 6) == 0) {
            assert_no_overlap(wb, on_page, page + 1);
            on_page = 0;
            page++;
            ph = strncmp(p, "<page ", 6) == 0 ? attr(p, "height") : 0;
        } else if (strncmp(p, "<word ", 6) == 0 && on_page < cap) {
            word_box *w = &wb[on_page++];
            w->x0 = attr(p, "xMin");
            w->x1 = attr(p, "xMax");
            w->y0 = ph - attr(p, "yMax");
            w->y1 = ph - attr(p, "yMin");
            w->text[0] = '\0';
            sscanf(strchr(p, '>') + 1, "%79[^<]", w->text);
            bool ok = false;
            for (size_t i = 0; i < d->nboxes[page]; i++) {
                ok |= inside(d->boxes[page][i], w->x0, w->y0, w->x1, w->y1);
            }
            if (!ok) {
                fail_msg("word \"%s\" on page %d at x %.1f..%.1f y %.1f..%.1f is outside its box",
                         w->text, page + 1, w->x0, w->x1, w->y0, w->y1);
            }
            words++;
        }
        p++;
    }
    free(wb);
    free(html);
    return words;
}

/* No "nan" or "inf" in any page content stream (uncompressed by qpdf --qdf). */
static void assert_streams_finite(doc *d)
{
    char qdf[256], cmd[1024];
    snprintf(qdf, sizeof qdf, "%s/qdf.pdf", d->dir);
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s' 2>/dev/null; cat '%s'",
             d->path, qdf, qdf);
    char *all = run(cmd);
    size_t streams = 0;
    for (char *p = strstr(all, "%% Contents for page"); p != NULL;
         p = strstr(p + 1, "%% Contents for page")) {
        char *s = strstr(p, "stream\n"), *e = s ? strstr(s, "endstream") : NULL;
        assert_non_null(e);
        for (char *c = s + 7; c < e; c++) {
            if (strncasecmp(c, "nan", 3) == 0 || strncasecmp(c, "inf", 3) == 0) {
                fail_msg("a page stream holds \"%.12s\"", c);
            }
        }
        streams++;
    }
    assert_true(streams >= (size_t)d->pages);
    free(all);
}

static void check_doc(doc *d, const char *name)
{
    doc_save(d, name);
    assert_qpdf_ok(d);
    assert_streams_finite(d);
    assert_true(assert_words_inside_boxes(d) > 0);
}

/* ---- Nice ticks -------------------------------------------------------------------------- */

static void assert_ticks(double lo, double hi, int most, const double *want, size_t n,
                         double want_step)
{
    double t[32], step = 0;
    assert_int_equal(pdf_draw_nice_ticks(lo, hi, most, t, 32, &step), n);
    for (size_t i = 0; i < n; i++) {
        assert_float_equal(t[i], want[i], 1e-12);
    }
    assert_float_equal(step, want_step, 1e-12);
}

static void test_nice_ticks_cover_range_with_1_2_5_steps(void **state)
{
    (void)state;
    assert_ticks(0, 13.35, 8, (double[]){0, 2, 4, 6, 8, 10, 12, 14}, 8, 2);
    assert_ticks(0, 100, 6, (double[]){0, 20, 40, 60, 80, 100}, 6, 20);
    assert_ticks(0, 100, 5, (double[]){0, 50, 100}, 3, 50);
    assert_ticks(0.1, 0.37, 6, (double[]){0.1, 0.2, 0.3, 0.4}, 4, 0.1);
    assert_ticks(87.3, 96.1, 8, (double[]){86, 88, 90, 92, 94, 96, 98}, 7, 2);
    assert_ticks(-4.2, 3.1, 6, (double[]){-6, -4, -2, 0, 2, 4}, 6, 2);
    assert_ticks(-4.2, 3.1, 4, (double[]){-5, 0, 5}, 3, 5);
    assert_ticks(1200, 48000, 6, (double[]){0, 10000, 20000, 30000, 40000, 50000}, 6, 10000);
    /* swapped ends, one value, fewer than two ticks asked for */
    assert_ticks(14, 0, 8, (double[]){0, 2, 4, 6, 8, 10, 12, 14}, 8, 2);
    assert_ticks(5, 5, 5, (double[]){4.5, 5, 5.5}, 3, 0.5);
    assert_ticks(0, 0, 5, (double[]){-1, -0.5, 0, 0.5, 1}, 5, 0.5);
    assert_ticks(0, 13.35, 0, (double[]){0, 20}, 2, 20);
    double t[4];
    assert_int_equal(pdf_draw_nice_ticks(NAN, 3, 5, t, 4, NULL), 0);
    assert_int_equal(pdf_draw_nice_ticks(0, INFINITY, 5, t, 4, NULL), 0);
    assert_int_equal(pdf_draw_nice_ticks(0, 1, 5, t, 1, NULL), 0);
    /* cap bounds the count: 0..13.35 in at most 4 ticks is 0, 5, 10, 15 */
    assert_int_equal(pdf_draw_nice_ticks(0, 13.35, 8, t, 4, NULL), 4);
    assert_float_equal(t[3], 15, 1e-12);
}

static void test_draw_format_and_fit_text(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(pdf_draw_format(b, sizeof b, 1234567.26, 1, NULL), "1,234,567.3");
    assert_string_equal(pdf_draw_format(b, sizeof b, -0.04, 1, "%"), "0.0%");
    assert_string_equal(pdf_draw_format(b, sizeof b, -1500, 0, NULL), "-1,500");
    assert_string_equal(pdf_draw_format(b, sizeof b, 999, 0, NULL), "999");
    assert_string_equal(pdf_draw_format(b, sizeof b, NAN, 2, "%"), "\xE2\x80\x93");
    assert_int_equal(pdf_draw_step_decimals(2), 0);
    assert_int_equal(pdf_draw_step_decimals(0.5), 1);
    assert_int_equal(pdf_draw_step_decimals(0.02), 2);
    doc *d = doc_new();
    double w = pdf_draw_text_width(d->fonts.regular, 10, "Registered nurse fill rate");
    assert_true(w > 100 && w < 140);
    pdf_draw_fit(d->fonts.regular, 10, "Registered nurse fill rate", 60, b, sizeof b);
    assert_string_equal(b, "Registere\xE2\x80\xA6");
    assert_true(pdf_draw_text_width(d->fonts.regular, 10, b) <= 60);
    /* cut at a character boundary, never inside a two-byte letter */
    pdf_draw_fit(d->fonts.regular, 10, "\xC3\x9C\xC3\x9C\xC3\x9C\xC3\x9C\xC3\x9C\xC3\x9C", 35, b,
                 sizeof b);
    assert_string_equal(b, "\xC3\x9C\xC3\x9C\xC3\x9C\xE2\x80\xA6");
    assert_int_equal(pdf_draw_wrap_count(d->fonts.regular, 10, "one two three four", 1000, 3), 1);
    assert_int_equal(pdf_draw_wrap_count(d->fonts.regular, 10, "one two three four", 38, 9), 4);
    assert_int_equal(pdf_draw_wrap_count(d->fonts.regular, 10, "one two three four", 38, 2), 2);
    assert_int_equal(pdf_draw_wrap_count(d->fonts.regular, 10, "a\nb", 1000, 5), 2);
    doc_free(d);
}

/* ---- SPC chart --------------------------------------------------------------------------- */

static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* 36 months from Apr 2022 of a p chart in percent: phase 2 from Apr 2024 with a lower centre,
 * a missing month, an excluded one and a point of each special-cause kind. */
static void p_chart_points(chart_spc_point *pts, char labels[][16], size_t n)
{
    static const double vals[36] = {8.1, 7.4, 8.9, 7.8, 8.4,  9.0, 7.1, 8.3, 7.9, 8.6, 7.7, 8.2,
                                    8.8, 7.5, 8.0, 8.4, 13.1, 7.6, 8.1, 7.9, 8.5, 7.2, 8.0, 8.3,
                                    6.1, 5.8, 6.4, 5.5, 6.0,  5.9, 6.2, 2.1, 5.7, 6.3, 5.6, 6.0};
    for (size_t i = 0; i < n; i++) {
        int m = (int)(i + 3) % 12, y = 22 + (int)(i + 3) / 12;
        snprintf(labels[i], 16, "%s %02d", MONTHS[m], y);
        bool p2 = i >= 24;
        double c = p2 ? 5.95 : 8.05, sd = p2 ? 1.1 : 1.5 + 0.1 * (double)(i % 3);
        pts[i] = (chart_spc_point){.label = labels[i],
                                       .year_start = m == 0,
                                       .has_value = true,
                                       .value = vals[i],
                                       .kind = CHART_POINT_COMMON,
                                       .phase = p2 ? 2 : 1,
                                       .has_centre = true,
                                       .centre = c,
                                       .has_lcl = true,
                                       .lcl = c - 3 * sd,
                                       .has_ucl = true,
                                       .ucl = c + 3 * sd,
                                       .has_sigma2 = true,
                                       .lcl2 = c - 2 * sd,
                                       .ucl2 = c + 2 * sd};
    }
    pts[10].has_value = false; /* a missing month */
    pts[16].kind = CHART_POINT_CONCERN;
    pts[16].excluded = true;
    for (size_t i = 24; i < 30; i++) {
        pts[i].kind = CHART_POINT_IMPROVEMENT; /* a shift below the old centre */
    }
    pts[31].kind = CHART_POINT_NEUTRAL;
}

static void test_spc_p_chart_shows_labels_legend_and_notes_inside_box(void **state)
{
    (void)state;
    chart_spc_point pts[36];
    char labels[36][16];
    p_chart_points(pts, labels, 36);
    chart_note notes[] = {{24, "New pathway"}, {27, "PDSA cycle 2: discharge checklist"}};
    chart_spc_data d = {.title = "Readmissions within 30 days",
                            .y_title = "% of discharges",
                            .tick_suffix = "%",
                            .value_name = "Readmission rate",
                            .pts = pts,
                            .n = 36,
                            .show_sigma2 = true,
                            .has_target = true,
                            .target = 6.5,
                            .target_label = "Target 6.5%",
                            .notes = notes,
                            .nnotes = 2};
    doc *w = doc_new();
    HPDF_Page page = doc_page(w);
    pdf_chart_spc(page, &w->fonts, doc_box(w, 40, 440, 515, 340), &d);
    /* the same chart in a half-width box: labels thin out, nothing leaves the box */
    pdf_chart_spc(page, &w->fonts, doc_box(w, 40, 60, 260, 330), &d);
    check_doc(w, "spc_p_chart");
    char *t = doc_text(w);
    const char *want[] = {"Readmissions within 30 days",
                          "% of discharges",
                          "Target 6.5%",
                          "Readmission rate",
                          "Mean",
                          "Control limits",
                          "2-sigma limits",
                          "Phase change",
                          "Special cause - improvement",
                          "Special cause - concern",
                          "Special cause - neither",
                          "Excluded from calculations",
                          "New pathway (Apr 24)",
                          "PDSA cycle 2: discharge checklist (Jul 24)",
                          "Jan 23",
                          "Jan 24",
                          "14%",
                          "0%"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_has(t, want[i]);
    }
    free(t);
    doc_free(w);
}

/* Words on page (1-based) exactly equal to w, from pdftotext -bbox. */
static size_t count_words(doc *d, int page, const char *w)
{
    char cmd[512], want[128];
    snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d -bbox '%s' - 2>/dev/null", page, page,
             d->path);
    snprintf(want, sizeof want, ">%s</word>", w);
    char *html = run(cmd);
    size_t n = 0;
    for (char *p = strstr(html, want); p != NULL; p = strstr(p + 1, want)) {
        n++;
    }
    free(html);
    return n;
}

/* A trust-wide measure over six wards: 24 months from Apr 2023, ward k running higher with k. */
static void ward_panels(chart_spc_data *panels, chart_spc_point pts[6][24],
                        char labels[24][16])
{
    static const char *const wards[] = {
        "Ward 1 (Acute medicine)",           "Ward 2", "Ward 3", "Ward 4",
        "Ward 5 (Surgical assessment unit)", "Ward 6"};
    for (size_t k = 0; k < 6; k++) {
        double c = 4 + 3 * (double)k;
        for (size_t i = 0; i < 24; i++) {
            int m = (int)(i + 3) % 12;
            snprintf(labels[i], 16, "%s %02d", MONTHS[m], 23 + (int)(i + 3) / 12);
            double wobble = sin((double)(i * (k + 2))) * (1 + 0.3 * (double)k);
            pts[k][i] = (chart_spc_point){.label = labels[i],
                                              .year_start = m == 0,
                                              .has_value = true,
                                              .value = c + wobble,
                                              .kind = CHART_POINT_COMMON,
                                              .has_centre = true,
                                              .centre = c,
                                              .has_lcl = true,
                                              .lcl = c - 2.5 - 0.5 * (double)k,
                                              .has_ucl = true,
                                              .ucl = c + 2.5 + 0.5 * (double)k};
        }
        panels[k] = (chart_spc_data){.title = wards[k],
                                         .tick_suffix = "%",
                                         .pts = pts[k],
                                         .n = 24,
                                         .has_target = k == 2,
                                         .target = 9,
                                         .target_label = "Target 9%"};
    }
    pts[4][20].kind = CHART_POINT_CONCERN;
    pts[4][20].value = 25.5;
    pts[1][7].has_value = false;
}

/* Five years of monthly attendances in thousands (an i chart), target and aim close together
 * and notes on neighbouring months: labels must still keep apart. */
static void test_spc_long_series_keeps_crowded_labels_apart(void **state)
{
    (void)state;
    chart_spc_point pts[60];
    char labels[60][16];
    for (size_t i = 0; i < 60; i++) {
        int m = (int)i % 12;
        snprintf(labels[i], 16, "%s %02d", MONTHS[m], 20 + (int)i / 12);
        pts[i] =
            (chart_spc_point){.label = labels[i],
                                  .year_start = m == 0,
                                  .has_value = true,
                                  .value = 11800 + 900 * sin((double)i * 0.7) + (i > 40 ? 1500 : 0),
                                  .phase = i > 40,
                                  .has_centre = true,
                                  .centre = i > 40 ? 13300 : 11800,
                                  .has_lcl = true,
                                  .lcl = i > 40 ? 11000 : 9500,
                                  .has_ucl = true,
                                  .ucl = i > 40 ? 15600 : 14100};
    }
    chart_note notes[] = {
        {41, "Extended hours"}, {42, "Second team"}, {43, "Triage nurse"}, {59, "Winter plan"}};
    chart_spc_data d = {.title = "Emergency attendances",
                            .y_title = "Attendances",
                            .pts = pts,
                            .n = 60,
                            .has_target = true,
                            .target = 12500,
                            .target_label = "Target 12,500",
                            .has_aim = true,
                            .aim = 12800,
                            .aim_label = "Aim 12,800 by Mar 25",
                            .notes = notes,
                            .nnotes = 4};
    doc *w = doc_new();
    HPDF_Page page = doc_page(w);
    pdf_chart_spc(page, &w->fonts, doc_box(w, 40, 520, 515, 280), &d);
    pdf_chart_spc(page, &w->fonts, doc_box(w, 40, 300, 200, 200), &d);
    pdf_chart_spc(page, &w->fonts, doc_box(w, 260, 300, 295, 140), &d);
    check_doc(w, "spc_long");
    char *t = doc_text(w);
    assert_has(t, "14,000");
    assert_has(t, "Target 12,500");
    assert_has(t, "Aim 12,800 by Mar 25");
    assert_has(t, "Triage nurse (Aug 23)");
    free(t);
    /* year starts are labelled in preference: every January from 2021 on the wide chart */
    assert_int_equal(count_words(w, 1, "Jan") >= 4, 1);
    doc_free(w);
}

static void test_small_multiples_share_one_scale_and_title_each_panel(void **state)
{
    (void)state;
    chart_spc_data panels[6];
    chart_spc_point pts[6][24];
    char labels[24][16];
    ward_panels(panels, pts, labels);
    doc *w = doc_new();
    HPDF_Page p1 = doc_page(w);
    pdf_chart_small_multiples(p1, &w->fonts, doc_box(w, 40, 420, 515, 380), panels, 6, 0, true);
    HPDF_Page p2 = doc_page(w);
    pdf_chart_small_multiples(p2, &w->fonts, doc_box(w, 40, 320, 515, 480), panels, 6, 2, false);
    check_doc(w, "small_multiples");
    char *t = doc_text(w);
    assert_has(t, "Ward 1 (Acute medicine)");
    assert_has(t, "Ward 6");
    assert_has(t, "Target");
    assert_has(t, "Special cause - concern");
    assert_has(t, "Control limits");
    free(t);
    /* shared: every panel runs 0%..30% (ward 5's concern point is 25.5%) */
    assert_int_equal(count_words(w, 1, "30%"), 6);
    assert_int_equal(count_words(w, 1, "0%"), 6);
    /* own scales: only ward 5 reaches 30% */
    assert_int_equal(count_words(w, 2, "30%"), 1);
    /* every panel is titled */
    assert_int_equal(count_words(w, 1, "Ward"), 6);
    doc_free(w);
}

static void test_icons_carry_letters_and_labels(void **state)
{
    (void)state;
    static const chart_variation vars[] = {
        CHART_VAR_COMMON,       CHART_VAR_IMPROVEMENT_HIGH, CHART_VAR_IMPROVEMENT_LOW,
        CHART_VAR_CONCERN_HIGH, CHART_VAR_CONCERN_LOW,      CHART_VAR_NEITHER_HIGH,
        CHART_VAR_NEITHER_LOW};
    static const chart_assurance assure[] = {CHART_ASSURE_PASS, CHART_ASSURE_FAIL,
                                                 CHART_ASSURE_HIT_AND_MISS};
    doc *w = doc_new();
    HPDF_Page page = doc_page(w);
    doc_box(w, 40, 300, 515, 500);
    for (size_t i = 0; i < 10; i++) {
        double y = 770 - 40 * (double)i;
        const char *label;
        if (i < 7) {
            pdf_chart_variation_icon(page, &w->fonts, 70, y, 28, vars[i]);
            pdf_chart_variation_icon(page, &w->fonts, 110, y, 14, vars[i]);
            label = chart_variation_label(vars[i]);
        } else {
            pdf_chart_assurance_icon(page, &w->fonts, 70, y, 28, assure[i - 7]);
            pdf_chart_assurance_icon(page, &w->fonts, 110, y, 14, assure[i - 7]);
            label = chart_assurance_label(assure[i - 7]);
        }
        pdf_draw_text(page, w->fonts.regular, 9, THEME_HEX_TEXT, 130, y - 3, PDF_DRAW_LEFT,
                      label);
    }
    /* NONE draws nothing */
    pdf_chart_variation_icon(page, &w->fonts, 300, 200, 28, CHART_VAR_NONE);
    pdf_chart_assurance_icon(page, &w->fonts, 300, 200, 28, CHART_ASSURE_NONE);
    check_doc(w, "icons");
    assert_int_equal(count_words(w, 1, "H"), 6);
    assert_int_equal(count_words(w, 1, "L"), 6);
    assert_int_equal(count_words(w, 1, "P"), 2);
    assert_int_equal(count_words(w, 1, "F"), 2);
    assert_int_equal(count_words(w, 1, "?"), 2);
    assert_string_equal(chart_variation_label(CHART_VAR_IMPROVEMENT_HIGH),
                        "Special cause improvement (high)");
    assert_string_equal(chart_variation_label(CHART_VAR_COMMON), "Common cause variation");
    assert_string_equal(chart_assurance_label(CHART_ASSURE_FAIL),
                        "Consistently failing the target");
    assert_string_equal(chart_variation_label(CHART_VAR_NONE), "");
    assert_string_equal(chart_assurance_label(CHART_ASSURE_NONE), "");
    doc_free(w);
}

static void test_tiles_shrink_value_and_wrap_label_inside_tile(void **state)
{
    (void)state;
    chart_tile_data tiles[] = {
        {.value = "90.2%",
         .label = "Registered nurse fill rate, Oct 2025",
         .change = CHART_CHANGE_UP,
         .change_text = "0.4 on Sep 2025",
         .change_kind = CHART_POINT_IMPROVEMENT,
         .variation = CHART_VAR_IMPROVEMENT_HIGH,
         .assurance = CHART_ASSURE_PASS},
        {.value = "1,234,567,890",
         .label = "Attendances at every event of the collaborative "
                  "across all integrated care systems since launch",
         .change = CHART_CHANGE_DOWN,
         .change_text = "12 on last quarter",
         .change_kind = CHART_POINT_CONCERN,
         .variation = CHART_VAR_CONCERN_LOW},
        {.value = "*",
         .label = "Stillbirths, Oct 2025 (suppressed: small number)",
         .change = CHART_CHANGE_SAME,
         .change_text = "no change"},
        {.value = NULL, .label = NULL, .assurance = CHART_ASSURE_HIT_AND_MISS},
    };
    doc *w = doc_new();
    HPDF_Page page = doc_page(w);
    for (size_t i = 0; i < 4; i++) {
        pdf_chart_tile(page, &w->fonts, doc_box(w, 40 + 130 * (double)i, 700, 120, 90), &tiles[i]);
    }
    /* small tiles: icons give way, label lines are dropped, nothing spills */
    pdf_chart_tile(page, &w->fonts, doc_box(w, 40, 600, 80, 50), &tiles[0]);
    pdf_chart_tile(page, &w->fonts, doc_box(w, 140, 600, 60, 40), &tiles[1]);
    pdf_chart_tile(page, &w->fonts, doc_box(w, 220, 560, 200, 90), &tiles[1]);
    check_doc(w, "tiles");
    char *t = doc_text(w);
    assert_has(t, "90.2%");
    assert_has(t, "Registered nurse fill");
    assert_has(t, "\xE2\x96\xB2 0.4 on Sep 2025");
    assert_has(t, "\xE2\x96\xBC 12 on last quarter");
    assert_has(t, "= no change");
    assert_has(t, "1,234,567,890");
    free(t);
    assert_int_equal(count_words(w, 1, "P"), 2);
    assert_int_equal(count_words(w, 1, "?"), 1);
    /* a number is never shortened: smaller type, icons dropped, but every digit */
    assert_int_equal(count_words(w, 1, "1,234,567,890"), 3);
    doc_free(w);
}

/* NaN values, limits and targets, an all-missing series, notes past the end and degenerate
 * boxes: nothing crashes, libharu sees no error and no stream holds nan or inf. */
static void test_nan_data_and_degenerate_boxes_draw_safely(void **state)
{
    (void)state;
    chart_spc_point pts[36];
    char labels[36][16];
    p_chart_points(pts, labels, 36);
    for (size_t i = 0; i < 36; i += 5) {
        pts[i].value = NAN;
        pts[i].ucl = INFINITY;
        pts[i].centre = NAN;
        pts[i].lcl2 = -INFINITY;
    }
    chart_note notes[] = {{99, "Past the end"}, {3, NULL}, {3, "Same month"}};
    chart_spc_data d = {.title = "NaN-riddled",
                            .pts = pts,
                            .n = 36,
                            .show_sigma2 = true,
                            .has_target = true,
                            .target = NAN,
                            .has_aim = true,
                            .aim = 1e300,
                            .notes = notes,
                            .nnotes = 3};
    chart_spc_point empty[12];
    for (size_t i = 0; i < 12; i++) {
        empty[i] = (chart_spc_point){.label = labels[i], .value = NAN};
    }
    chart_spc_data none = {.title = "No data yet", .pts = empty, .n = 12};
    chart_spc_data forced = d;
    forced.has_y_range = true;
    forced.y_min = 5;
    forced.y_max = 9;
    doc *w = doc_new();
    HPDF_Page page = doc_page(w);
    pdf_chart_spc(page, &w->fonts, doc_box(w, 40, 560, 515, 240), &d);
    pdf_chart_spc(page, &w->fonts, doc_box(w, 40, 330, 250, 200), &none);
    pdf_chart_spc(page, &w->fonts, doc_box(w, 300, 330, 255, 200), &forced);
    const pdf_chart_box bad[] = {{0, 0, 0, 0},      {100, 100, -50, 80}, {NAN, 10, 100, 100},
                                 {10, 10, 1e9, 50}, {40, 40, 20, 10},    {10, 10, INFINITY, 5}};
    chart_tile_data tile = {.value = "1", .label = "x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pdf_chart_spc(page, &w->fonts, bad[i], &d);
        pdf_chart_small_multiples(page, &w->fonts, bad[i], &d, 1, 0, true);
        pdf_chart_tile(page, &w->fonts, bad[i], &tile);
    }
    pdf_chart_spc(page, &w->fonts, (pdf_chart_box){40, 40, 200, 200}, NULL);
    pdf_chart_small_multiples(page, &w->fonts, (pdf_chart_box){40, 40, 200, 200}, &d, 0, 0, 1);
    pdf_chart_variation_icon(page, &w->fonts, NAN, 50, 20, CHART_VAR_COMMON);
    pdf_chart_assurance_icon(page, &w->fonts, 50, 50, INFINITY, CHART_ASSURE_PASS);
    /* six panels squeezed into a box too small for them */
    pdf_chart_small_multiples(page, &w->fonts, (pdf_chart_box){40, 40, 120, 80}, &d, 1, 6, true);
    check_doc(w, "nan_and_tiny");
    char *t = doc_text(w);
    assert_has(t, "No data");
    assert_has(t, "Same month (Jul 22)");
    assert_has(t, "Past the end");
    free(t);
    doc_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_ticks_cover_range_with_1_2_5_steps),
        cmocka_unit_test(test_draw_format_and_fit_text),
        cmocka_unit_test(test_spc_p_chart_shows_labels_legend_and_notes_inside_box),
        cmocka_unit_test(test_spc_long_series_keeps_crowded_labels_apart),
        cmocka_unit_test(test_small_multiples_share_one_scale_and_title_each_panel),
        cmocka_unit_test(test_icons_carry_letters_and_labels),
        cmocka_unit_test(test_tiles_shrink_value_and_wrap_label_inside_tile),
        cmocka_unit_test(test_nan_data_and_degenerate_boxes_draw_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
