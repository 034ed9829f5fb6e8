/* test_pdf_plot.c - draws grouped bars, heat maps, funnel plots and stacked distributions into a
 * real libharu document and reads it back with qpdf and poppler: labels present, every word and
 * inked pixel inside its chart box, no NaN in a content stream, bad input drawing nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf_chart.h"
#include "strutil.h"

#ifndef FONT_DIR
#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

#define A4_H 841.89
#define MAX_BOXES 4

/* One document under test: the boxes drawn on each page, so the words can be checked against
 * them after pdftotext -bbox. */
typedef struct {
    HPDF_Doc pdf;
    pdf_chart_fonts fonts;
    HPDF_STATUS last_error;
    char dir[64];
    char path[128];
    pdf_chart_box boxes[16][MAX_BOXES];
    size_t nboxes[16];
    size_t npages;
} doc;

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    (void)detail_no;
    ((doc *)user)->last_error = error_no;
}

static doc *doc_new(const char *name)
{
    doc *d = calloc(1, sizeof *d);
    assert_non_null(d);
    strcpy(d->dir, "/tmp/bp-test-plot-XXXXXX");
    assert_non_null(mkdtemp(d->dir));
    snprintf(d->path, sizeof d->path, "%s/%s.pdf", d->dir, name);
    d->pdf = HPDF_New(on_hpdf_error, d);
    assert_non_null(d->pdf);
    assert_int_equal(HPDF_UseUTFEncodings(d->pdf), HPDF_OK);
    assert_int_equal(HPDF_SetCurrentEncoder(d->pdf, "UTF-8"), HPDF_OK);
    HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    const char *faces[2] = {FONT_DIR "/DejaVuSans.ttf", FONT_DIR "/DejaVuSans-Bold.ttf"};
    HPDF_Font *slots[2] = {&d->fonts.regular, &d->fonts.bold};
    for (int i = 0; i < 2; i++) {
        const char *fname = HPDF_LoadTTFontFromFile(d->pdf, faces[i], HPDF_TRUE);
        assert_non_null(fname);
        *slots[i] = HPDF_GetFont(d->pdf, fname, "UTF-8");
        assert_non_null(*slots[i]);
    }
    return d;
}

static HPDF_Page doc_page(doc *d)
{
    assert_true(d->npages < 16);
    HPDF_Page page = HPDF_AddPage(d->pdf);
    assert_non_null(page);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d->npages++;
    return page;
}

/* Remember box as one the words of the current page must fall in. */
static pdf_chart_box doc_box(doc *d, double x, double y, double w, double h)
{
    pdf_chart_box b = {x, y, w, h};
    size_t p = d->npages - 1;
    assert_true(d->nboxes[p] < MAX_BOXES);
    d->boxes[p][d->nboxes[p]++] = b;
    return b;
}

/* Save, keep a copy and PNGs (colour and grey) under /tmp/helper-charts-b for people to look
 * at when BP_PLOT_KEEP is set. */
static void doc_save(doc *d)
{
    assert_int_equal(d->last_error, HPDF_OK);
    assert_int_equal(HPDF_SaveToFile(d->pdf, d->path), HPDF_OK);
    const char *keep = getenv("BP_PLOT_KEEP");
    if (keep && *keep) {
        const char *base = strrchr(d->path, '/') + 1;
        char *cmd =
            bp_asprintf("mkdir -p %s && cp %s %s/ && pdftoppm -png -r 60 %s %s/%.*s 2>/dev/null && "
                        "pdftoppm -png -gray -r 60 %s %s/%.*s-gray 2>/dev/null",
                        keep, d->path, keep, d->path, keep, (int)(strlen(base) - 4), base, d->path,
                        keep, (int)(strlen(base) - 4), base);
        assert_non_null(cmd);
        assert_int_equal(system(cmd), 0);
        free(cmd);
    }
}

static void doc_free(doc *d)
{
    HPDF_Free(d->pdf);
    char *cmd = bp_asprintf("rm -rf '%s'", d->dir);
    assert_non_null(cmd);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(d);
}

/* The whole standard output of a shell command; its exit status in *status. */
static char *run(const char *cmd, int *status)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    bp_buf b;
    bp_buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        assert_true(bp_buf_append(&b, chunk, n));
    int st = pclose(f);
    if (status)
        *status = st;
    if (!b.data)
        assert_true(bp_buf_puts(&b, ""));
    return b.data;
}

static char *pdf_text(const doc *d, int page)
{
    char *cmd = bp_asprintf("pdftotext -f %d -l %d -raw '%s' - 2>/dev/null", page, page, d->path);
    assert_non_null(cmd);
    char *out = run(cmd, NULL);
    free(cmd);
    return out;
}

static void assert_qpdf_clean(const doc *d)
{
    int st;
    char *cmd = bp_asprintf("qpdf --check '%s' 2>&1", d->path);
    assert_non_null(cmd);
    char *out = run(cmd, &st);
    if (st != 0)
        print_error("qpdf --check: %s\n", out);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "No syntax or stream encoding errors"));
    free(out);
    free(cmd);
}

/* The page content streams (uncompressed by qpdf --qdf) hold no "nan" or "inf" operand. */
static void assert_streams_finite(const doc *d)
{
    char *cmd = bp_asprintf("qpdf --qdf --object-streams=disable '%s' - 2>/dev/null | "
                            "awk '/^%%%% Contents for page/{on=1} on&&/endstream/{on=0} on'",
                            d->path);
    assert_non_null(cmd);
    char *out = run(cmd, NULL);
    assert_true(strlen(out) > 100);
    for (char *p = out; *p; p++)
        *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    /* Operands are separated by spaces; text inside strings is hex in Identity-H fonts. */
    assert_null(strstr(out, " nan"));
    assert_null(strstr(out, " inf"));
    assert_null(strstr(out, "-nan"));
    assert_null(strstr(out, "-inf"));
    free(out);
    free(cmd);
}

static double attr(const char *s, const char *name)
{
    const char *p = strstr(s, name);
    assert_non_null(p);
    return strtod(p + strlen(name) + 2, NULL);
}

/* A word as pdftotext -bbox sees it, in PDF coordinates (origin bottom-left). */
typedef struct {
    int page; /* from 1 */
    char text[64];
    double x0, y0, x1, y1;
} word;

typedef struct {
    word *w;
    size_t n;
} word_list;

static word_list words_of(const doc *d)
{
    char *cmd = bp_asprintf("pdftotext -bbox '%s' - 2>/dev/null", d->path);
    assert_non_null(cmd);
    char *out = run(cmd, NULL);
    word_list wl = {NULL, 0};
    int page = 0;
    double page_h = A4_H;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (strstr(line, "<page ")) {
            page++;
            page_h = attr(line, "height");
            continue;
        }
        char *open = strstr(line, "<word ");
        if (!open)
            continue;
        wl.w = realloc(wl.w, sizeof *wl.w * (wl.n + 1));
        assert_non_null(wl.w);
        word *w = &wl.w[wl.n++];
        w->page = page;
        w->x0 = attr(line, "xMin");
        w->x1 = attr(line, "xMax");
        w->y0 = page_h - attr(line, "yMax");
        w->y1 = page_h - attr(line, "yMin");
        char *t = strchr(open, '>') + 1, *e = strstr(t, "</word>");
        assert_non_null(e);
        size_t len = (size_t)(e - t) < sizeof w->text - 1 ? (size_t)(e - t) : sizeof w->text - 1;
        memcpy(w->text, t, len);
        w->text[len] = '\0';
    }
    free(out);
    free(cmd);
    return wl;
}

/* Every word of every page lies inside one of the boxes drawn on that page (to 0.5 pt). */
static void assert_words_inside_boxes(const doc *d, const word_list *wl)
{
    for (size_t k = 0; k < wl->n; k++) {
        const word *w = &wl->w[k];
        size_t p = (size_t)w->page - 1;
        assert_true(p < d->npages);
        bool inside = false;
        for (size_t i = 0; i < d->nboxes[p] && !inside; i++) {
            const pdf_chart_box *b = &d->boxes[p][i];
            inside = w->x0 >= b->x - 0.5 && w->x1 <= b->x + b->w + 0.5 && w->y0 >= b->y - 0.5 &&
                     w->y1 <= b->y + b->h + 0.5;
        }
        if (!inside)
            print_error("page %d: \"%s\" [%.1f %.1f %.1f %.1f] is outside its box\n", w->page,
                        w->text, w->x0, w->y0, w->x1, w->y1);
        assert_true(inside);
    }
}

/* Every inked pixel of every page, rendered at 36 dpi (2 pt a pixel), lies inside one of the
 * page's boxes, give or take a pixel of anti-aliasing: lines and fills stay in their box too. */
static void assert_ink_inside_boxes(const doc *d)
{
    for (size_t p = 0; p < d->npages; p++) {
        char *cmd = bp_asprintf("pdftoppm -gray -r 36 -f %zu -l %zu '%s' 2>/dev/null", p + 1, p + 1,
                                d->path);
        assert_non_null(cmd);
        char *pgm = run(cmd, NULL);
        int w, h, hdr;
        assert_int_equal(sscanf(pgm, "P5 %d %d 255%n", &w, &h, &hdr), 2);
        const unsigned char *px = (const unsigned char *)pgm + hdr + 1;
        size_t outside = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (px[(size_t)y * (size_t)w + (size_t)x] >= 245)
                    continue;
                double xp = 2.0 * (x + 0.5), yp = A4_H - 2.0 * (y + 0.5);
                bool in = false;
                for (size_t i = 0; i < d->nboxes[p] && !in; i++) {
                    const pdf_chart_box *b = &d->boxes[p][i];
                    in = xp >= b->x - 2.5 && xp <= b->x + b->w + 2.5 && yp >= b->y - 2.5 &&
                         yp <= b->y + b->h + 2.5;
                }
                if (!in && outside++ == 0)
                    print_error("page %zu: ink at (%.0f, %.0f) pt outside every box\n", p + 1, xp,
                                yp);
            }
        assert_int_equal(outside, 0);
        free(pgm);
        free(cmd);
    }
}

/* How many words on page are exactly text. */
static size_t word_count(const word_list *wl, int page, const char *text)
{
    size_t n = 0;
    for (size_t k = 0; k < wl->n; k++)
        n += wl->w[k].page == page && strcmp(wl->w[k].text, text) == 0;
    return n;
}

static const word *word_find(const word_list *wl, int page, const char *text)
{
    for (size_t k = 0; k < wl->n; k++)
        if (wl->w[k].page == page && strcmp(wl->w[k].text, text) == 0)
            return &wl->w[k];
    print_error("no word \"%s\" on page %d\n", text, page);
    fail();
    return NULL;
}

static bool words_overlap(const word *a, const word *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* No two words of a page overlap (labels crowding each other). */
static void assert_no_overlaps(const word_list *wl)
{
    for (size_t i = 0; i < wl->n; i++)
        for (size_t j = i + 1; j < wl->n; j++) {
            const word *a = &wl->w[i], *b = &wl->w[j];
            if (a->page != b->page || !words_overlap(a, b))
                continue;
            print_error("page %d: \"%s\" overlaps \"%s\"\n", a->page, a->text, b->text);
            fail();
        }
}

/* The checks every drawn document must pass. */
static word_list assert_sound(const doc *d)
{
    assert_qpdf_clean(d);
    assert_streams_finite(d);
    assert_ink_inside_boxes(d);
    word_list wl = words_of(d);
    assert_words_inside_boxes(d, &wl);
    return wl;
}

static void assert_has(const char *text, const char *want)
{
    if (!strstr(text, want))
        print_error("missing \"%s\" in:\n%s\n", want, text);
    assert_non_null(strstr(text, want));
}

/* ---- Grouped bars ------------------------------------------------------------------------ */

static const char *const ics_names[5] = {"North Central London", "North East London",
                                         "North West London", "South East London",
                                         "South West London"};
static const char *const event_types[2] = {"Learning sessions", "Webinars"};

/* Attendance by ICS (seed 001 figure 6); North East London's 3 webinar attendees suppressed. */
static chart_bars_data attendance(chart_cell *cells)
{
    const double v[10] = {42, 17, 35, 3, 58, 24, 29, 11, 47, 20};
    for (size_t i = 0; i < 10; i++)
        cells[i] = (chart_cell){.has_value = true, .value = v[i]};
    cells[3].suppressed = true;
    return (chart_bars_data){
        .title = "Attendance by ICS and event type, 2024/25",
        .y_title = "Attendees",
        .categories = ics_names,
        .ncategories = 5,
        .groups = event_types,
        .ngroups = 2,
        .cells = cells,
        .decimals = 0,
    };
}

static void test_grouped_bars_print_values_and_a_star_for_the_suppressed_cell(void **state)
{
    (void)state;
    doc *d = doc_new("bars");
    chart_cell cells[10];
    chart_bars_data data = attendance(cells);
    HPDF_Page page = doc_page(d);
    pdf_chart_grouped_bars(page, &d->fonts, doc_box(d, 40, 480, 515, 300), &data);
    pdf_chart_grouped_bars(page, &d->fonts, doc_box(d, 40, 200, 250, 220), &data);
    doc_save(d);
    word_list wl = assert_sound(d);
    char *text = pdf_text(d, 1);
    assert_has(text, "Attendance by ICS and event type, 2024/25");
    assert_has(text, "Attendees");
    assert_has(text, "Learning sessions");
    assert_has(text, "Webinars");
    assert_has(text, "Suppressed (small number)");
    /* Each category name shows in full in the wide chart (wrapped at most). */
    assert_true(word_count(&wl, 1, "Central") >= 1);
    assert_true(word_count(&wl, 1, "London") >= 5);
    /* Values on the wide chart's bars and axis ticks; 0..58 gives ticks 0, 10, ..., 60. */
    assert_int_equal(word_count(&wl, 1, "58"), 2);
    assert_int_equal(word_count(&wl, 1, "42"), 2);
    assert_true(word_count(&wl, 1, "60") >= 1);
    /* The suppressed value never shows; its star does, once per chart plus the legend's. */
    assert_int_equal(word_count(&wl, 1, "3"), 0);
    assert_int_equal(word_count(&wl, 1, "*"), 4);
    assert_no_overlaps(&wl);
    free(text);
    free(wl.w);
    doc_free(d);
}

/* ---- Heat map ------------------------------------------------------------------------------ */

static const char *const teams[10] = {"Barking and Dagenham",
                                      "Havering",
                                      "Redbridge",
                                      "Waltham Forest",
                                      "Newham",
                                      "Tower Hamlets",
                                      "Hackney",
                                      "City of London",
                                      "Islington",
                                      "Camden and Kentish Town"};
static const char *const features[15] = {
    "Co-location",        "Shared records", "Joint training",   "Joint supervision",
    "Shared vision",      "Named lead",     "Governance",       "GP links",
    "Social care",        "Early help",     "Voluntary sector", "Attendance",
    "Documented actions", "Multi-agency",   "Outcome review"};
static const chart_col_group domains[4] = {{"Workforce integration", 0, 4},
                                               {"Leadership", 4, 3},
                                               {"Engagement with other services", 7, 4},
                                               {"Weekly case meetings", 11, 4}};

/* Scores 0..5, team by feature; teams 3 and 7 did not return three features. */
static size_t maturity(chart_cell *cells, size_t *fives)
{
    size_t missing = 0;
    *fives = 0;
    for (size_t r = 0; r < 10; r++)
        for (size_t c = 0; c < 15; c++) {
            chart_cell *cell = &cells[r * 15 + c];
            *cell = (chart_cell){.has_value = true, .value = (double)((r * 7 + c * 3) % 6)};
            if ((r == 3 || r == 7) && c % 5 == 2) {
                cell->has_value = false;
                missing++;
            } else if (cell->value == 5) {
                (*fives)++;
            }
        }
    return missing;
}

static void test_heatmap_prints_every_score_and_dashes_missing_cells(void **state)
{
    (void)state;
    doc *d = doc_new("heatmap");
    chart_cell cells[150];
    size_t fives, missing = maturity(cells, &fives);
    chart_heatmap_data data = {
        .title = "Maturity matrix, Q2 2025/26",
        .rows = teams,
        .nrows = 10,
        .cols = features,
        .ncols = 15,
        .groups = domains,
        .ngroups = 4,
        .cells = cells,
        .scale_min = 0,
        .scale_max = 5,
        .decimals = 0,
        .legend_steps = 6,
        .legend_title = "Score",
    };
    HPDF_Page page = doc_page(d);
    pdf_chart_heatmap(page, &d->fonts, doc_box(d, 40, 420, 515, 380), &data);
    doc_save(d);
    word_list wl = assert_sound(d);
    char *text = pdf_text(d, 1);
    assert_has(text, "Maturity matrix, Q2 2025/26");
    assert_has(text, "Leadership");
    assert_has(text, "Redbridge");
    assert_has(text, "Score");
    assert_has(text, "No data");
    assert_has(text, "Governance");
    assert_int_equal(word_count(&wl, 1, "–"), missing);
    /* Every 5 in a cell, plus the legend's. */
    assert_int_equal(word_count(&wl, 1, "5"), fives + 1);
    assert_no_overlaps(&wl);
    free(text);
    free(wl.w);
    doc_free(d);
}

static void test_heatmap_of_percentages_marks_suppressed_cells(void **state)
{
    (void)state;
    doc *d = doc_new("heatmap_pct");
    static const char *const wards[4] = {"Ward 1", "Ward 2", "Ward 3", "Ward 4"};
    static const char *const months[6] = {"Apr", "May", "Jun", "Jul", "Aug", "Sep"};
    chart_cell cells[24];
    for (size_t i = 0; i < 24; i++)
        cells[i] = (chart_cell){.has_value = true, .value = 55.0 + (double)(i * 13 % 45)};
    cells[5].suppressed = true;
    chart_heatmap_data data = {
        .rows = wards,
        .nrows = 4,
        .cols = months,
        .ncols = 6,
        .cells = cells,
        .scale_min = 0,
        .scale_max = 100,
        .decimals = 1,
        .tick_suffix = "%",
    };
    HPDF_Page page = doc_page(d);
    pdf_chart_heatmap(page, &d->fonts, doc_box(d, 40, 560, 300, 160), &data);
    doc_save(d);
    word_list wl = assert_sound(d);
    char *text = pdf_text(d, 1);
    assert_has(text, "55.0%");
    assert_has(text, "Suppressed (small number)");
    assert_has(text, "100%");
    assert_has(text, "Jun");
    assert_int_equal(word_count(&wl, 1, "*"), 2);
    assert_int_equal(word_count(&wl, 1, "–"), 0);
    assert_no_overlaps(&wl);
    free(text);
    free(wl.w);
    doc_free(d);
}

/* ---- Funnel plot --------------------------------------------------------------------------- */

#define FUNNEL_SAMPLES 100

typedef struct {
    chart_funnel_point pts[12];
    double x[FUNNEL_SAMPLES], lo95[FUNNEL_SAMPLES], hi95[FUNNEL_SAMPLES];
    double lo998[FUNNEL_SAMPLES], hi998[FUNNEL_SAMPLES];
} funnel_fixture;

/* Stillbirths per 1,000 births in 12 trusts around 3.8; two small trusts above the 99.8%
 * limits close to each other, so their labels compete for space. Limits by the normal
 * approximation, sampled from 100 to 10,000 births (far beyond the plot at the small end). */
static chart_funnel_data stillbirths(funnel_fixture *f)
{
    static const char *const names[12] = {
        "Barts Health",         "Homerton",   "King's College",      "Lewisham and Greenwich",
        "Guy's and St Thomas'", "Croydon",    "Epsom and St Helier", "Kingston",
        "North Middlesex",      "Royal Free", "Whittington",         "Chelsea and Westminster"};
    const double births[12] = {9200, 5400, 6100, 7300, 7900, 4200,
                               2100, 4800, 4500, 6800, 2400, 6300};
    const double rate[12] = {4.1, 3.3, 4.6, 3.0, 3.6, 4.9, 9.6, 2.9, 4.4, 3.9, 9.3, 3.2};
    for (size_t i = 0; i < 12; i++) {
        bool out = i == 6 || i == 10;
        f->pts[i] =
            (chart_funnel_point){.label = names[i],
                                     .denominator = births[i],
                                     .has_value = true,
                                     .value = rate[i],
                                     .kind = out ? CHART_POINT_CONCERN : CHART_POINT_COMMON,
                                     .label_it = out};
    }
    double p = 3.8 / 1000;
    for (size_t i = 0; i < FUNNEL_SAMPLES; i++) {
        f->x[i] = 100.0 * (double)(i + 1);
        double se = sqrt(p * (1 - p) / f->x[i]) * 1000;
        f->lo95[i] = fmax(3.8 - 1.96 * se, 0);
        f->hi95[i] = 3.8 + 1.96 * se;
        f->lo998[i] = fmax(3.8 - 3.09 * se, 0);
        f->hi998[i] = 3.8 + 3.09 * se;
    }
    return (chart_funnel_data){
        .title = "Stillbirths per 1,000 births by trust, 2024/25",
        .x_title = "Births",
        .y_title = "Stillbirths per 1,000 births",
        .pts = f->pts,
        .n = 12,
        .has_centre = true,
        .centre = 3.8,
        .limit_x = f->x,
        .nlimits = FUNNEL_SAMPLES,
        .lo95 = f->lo95,
        .hi95 = f->hi95,
        .lo998 = f->lo998,
        .hi998 = f->hi998,
    };
}

static void test_funnel_labels_both_outliers_apart_and_inside_the_plot(void **state)
{
    (void)state;
    doc *d = doc_new("funnel");
    funnel_fixture f;
    chart_funnel_data data = stillbirths(&f);
    HPDF_Page page = doc_page(d);
    pdf_chart_box big = doc_box(d, 40, 440, 515, 360);
    pdf_chart_funnel(page, &d->fonts, big, &data);
    pdf_chart_funnel(page, &d->fonts, doc_box(d, 40, 140, 260, 240), &data);
    doc_save(d);
    word_list wl = assert_sound(d);
    char *text = pdf_text(d, 1);
    assert_has(text, "Stillbirths per 1,000 births by trust, 2024/25");
    assert_has(text, "Births");
    assert_has(text, "Stillbirths per 1,000 births");
    assert_has(text, "95% limits");
    assert_has(text, "99.8% limits");
    assert_has(text, "Centre line");
    assert_has(text, "Special cause - concern");
    assert_has(text, "10,000");
    /* Both outliers are labelled in each chart, and only they are. */
    assert_int_equal(word_count(&wl, 1, "Helier"), 2);
    assert_int_equal(word_count(&wl, 1, "Whittington"), 2);
    assert_int_equal(word_count(&wl, 1, "Homerton"), 0);
    const word *a = word_find(&wl, 1, "Helier"), *b = word_find(&wl, 1, "Whittington");
    assert_true(a->y0 >= big.y && b->y0 >= big.y);
    assert_false(words_overlap(a, b));
    assert_no_overlaps(&wl);
    free(text);
    free(wl.w);
    doc_free(d);
}

/* ---- Stacked distribution ------------------------------------------------------------------ */

static const char *const ihi_levels[9] = {"1.0", "1.5", "2.0", "2.5", "3.0",
                                          "3.5", "4.0", "4.5", "5.0"};

typedef struct {
    char labels[18][16];
    const char *periods[18];
    bool year_start[18];
    bool missing[18];
    double counts[18 * 9];
} stacked_fixture;

/* 15 teams scored monthly from Apr 2024 to Sep 2025, drifting up the scale; Aug 2024 not
 * scored. */
static chart_stacked_data ihi_scores(stacked_fixture *f)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    memset(f, 0, sizeof *f);
    for (size_t m = 0; m < 18; m++) {
        size_t month = (3 + m) % 12, year = 24 + (3 + m) / 12;
        snprintf(f->labels[m], sizeof f->labels[m], "%s %zu", mon[month], year);
        f->periods[m] = f->labels[m];
        f->year_start[m] = month == 0;
        f->missing[m] = m == 4;
        for (size_t t = 0; t < 15 && !f->missing[m]; t++) {
            size_t level = t % 4 + m * (1 + t % 3) / 10;
            f->counts[m * 9 + (level > 8 ? 8 : level)] += 1;
        }
    }
    return (chart_stacked_data){
        .title = "IHI Assessment Scale scores by month",
        .y_title = "Teams",
        .periods = f->periods,
        .year_start = f->year_start,
        .nperiods = 18,
        .levels = ihi_levels,
        .nlevels = 9,
        .counts = f->counts,
        .missing = f->missing,
        .legend_title = "IHI score",
    };
}

static void test_stacked_shows_every_level_in_the_legend_and_thins_months(void **state)
{
    (void)state;
    doc *d = doc_new("stacked");
    stacked_fixture f;
    chart_stacked_data data = ihi_scores(&f);
    HPDF_Page page = doc_page(d);
    pdf_chart_stacked(page, &d->fonts, doc_box(d, 40, 480, 515, 300), &data);
    pdf_chart_stacked(page, &d->fonts, doc_box(d, 40, 180, 260, 220), &data);
    doc_save(d);
    word_list wl = assert_sound(d);
    char *text = pdf_text(d, 1);
    assert_has(text, "IHI Assessment Scale scores by month");
    assert_has(text, "Teams");
    assert_has(text, "IHI score");
    assert_has(text, "No data");
    assert_has(text, "Jan 25");
    for (size_t k = 0; k < 9; k++)
        assert_true(word_count(&wl, 1, ihi_levels[k]) >= 2);
    /* 15 teams: ticks up to 15 or 16. */
    assert_true(word_count(&wl, 1, "15") + word_count(&wl, 1, "16") >= 1);
    /* The narrow chart cannot label all 18 months. */
    size_t months = 0;
    for (size_t k = 0; k < wl.n; k++)
        months += wl.w[k].x1 < 300 && wl.w[k].y1 < 400 && strlen(wl.w[k].text) == 2 &&
                  (strcmp(wl.w[k].text, "24") == 0 || strcmp(wl.w[k].text, "25") == 0);
    assert_true(months >= 3 && months < 18);
    assert_int_equal(word_count(&wl, 1, "–"), 2 + 2);
    assert_no_overlaps(&wl);
    free(text);
    free(wl.w);
    doc_free(d);
}

/* ---- Crowding ------------------------------------------------------------------------------ */

/* Twelve categories of four groups, forty teams, six flagged units crowded at the right edge
 * and three years of months, each squeezed into a quarter page. */
static void test_crowded_charts_stay_in_their_boxes_without_overlaps(void **state)
{
    (void)state;
    doc *d = doc_new("crowded");
    static const char *const cats[12] = {"Cheshire and Merseyside",
                                         "Greater Manchester",
                                         "Lancashire and South Cumbria",
                                         "Humber and North Yorkshire",
                                         "West Yorkshire",
                                         "South Yorkshire",
                                         "Black Country",
                                         "Birmingham and Solihull",
                                         "Coventry and Warwickshire",
                                         "Norfolk and Waveney",
                                         "Suffolk and North East Essex",
                                         "Mid and South Essex"};
    static const char *const grps[4] = {"Learning sessions", "Webinars", "Site visits",
                                        "Coaching calls"};
    chart_cell cells[48];
    for (size_t i = 0; i < 48; i++)
        cells[i] = (chart_cell){.has_value = i % 11 != 5, .value = (double)(i * 37 % 950)};
    cells[7].suppressed = true;
    chart_bars_data bars = {.title = "Attendance by ICS",
                                .y_title = "Attendees",
                                .categories = cats,
                                .ncategories = 12,
                                .groups = grps,
                                .ngroups = 4,
                                .cells = cells};
    char names[40][24];
    const char *rows[40];
    chart_cell hcells[40 * 15];
    for (size_t r = 0; r < 40; r++) {
        snprintf(names[r], sizeof names[r], "Locality team %zu", r + 1);
        rows[r] = names[r];
        for (size_t c = 0; c < 15; c++)
            hcells[r * 15 + c] =
                (chart_cell){.has_value = true, .value = (double)((r + c) % 6)};
    }
    chart_heatmap_data heat = {.title = "Maturity, 40 teams",
                                   .rows = rows,
                                   .nrows = 40,
                                   .cols = features,
                                   .ncols = 15,
                                   .groups = domains,
                                   .ngroups = 4,
                                   .cells = hcells,
                                   .scale_min = 0,
                                   .scale_max = 5,
                                   .legend_steps = 6};
    funnel_fixture f;
    chart_funnel_data fun = stillbirths(&f);
    static const char *const crowd[6] = {"Alder Hospital",  "Birch Hospital", "Cedar Hospital",
                                         "Damson Hospital", "Elm Hospital",   "Fir Hospital"};
    for (size_t i = 0; i < 6; i++) {
        f.pts[i].label = crowd[i];
        f.pts[i].denominator = 9000 + 150.0 * (double)i;
        f.pts[i].value = 4.6 + 0.1 * (double)i;
        f.pts[i].label_it = true;
    }
    char mlabels[36][8];
    const char *months[36];
    double counts[36 * 9];
    for (size_t m = 0; m < 36; m++) {
        snprintf(mlabels[m], sizeof mlabels[m], "M%02zu", m + 1);
        months[m] = mlabels[m];
        for (size_t k = 0; k < 9; k++)
            counts[m * 9 + k] = (double)((m + k) % 4);
    }
    chart_stacked_data st = {.title = "Scores",
                                 .periods = months,
                                 .nperiods = 36,
                                 .levels = ihi_levels,
                                 .nlevels = 9,
                                 .counts = counts};
    HPDF_Page page = doc_page(d);
    pdf_chart_grouped_bars(page, &d->fonts, doc_box(d, 30, 440, 260, 360), &bars);
    pdf_chart_heatmap(page, &d->fonts, doc_box(d, 305, 440, 260, 360), &heat);
    pdf_chart_funnel(page, &d->fonts, doc_box(d, 30, 40, 260, 360), &fun);
    pdf_chart_stacked(page, &d->fonts, doc_box(d, 305, 40, 260, 360), &st);
    doc_save(d);
    word_list wl = assert_sound(d);
    assert_no_overlaps(&wl);
    /* All six crowded labels found a place. */
    for (size_t i = 0; i < 6; i++) {
        char first[32];
        sscanf(crowd[i], "%31s", first);
        assert_int_equal(word_count(&wl, 1, first), 1);
    }
    free(wl.w);
    doc_free(d);
}

/* ---- Bad input ----------------------------------------------------------------------------- */

static void test_nan_data_draws_no_nan_and_no_stray_marks(void **state)
{
    (void)state;
    doc *d = doc_new("nan");
    chart_cell cells[10];
    chart_bars_data bars = attendance(cells);
    for (size_t i = 0; i < 10; i++)
        cells[i].value = i % 2 ? NAN : INFINITY;
    funnel_fixture f;
    chart_funnel_data fun = stillbirths(&f);
    for (size_t i = 0; i < 12; i++)
        f.pts[i].denominator = i % 3 == 0 ? NAN : f.pts[i].denominator;
    f.pts[6].value = -INFINITY;
    for (size_t i = 0; i < FUNNEL_SAMPLES; i += 7)
        f.hi998[i] = f.lo95[i] = NAN;
    stacked_fixture sf;
    chart_stacked_data st = ihi_scores(&sf);
    for (size_t i = 0; i < 18 * 9; i += 2)
        sf.counts[i] = i % 4 ? NAN : -INFINITY;
    chart_cell hcells[150];
    size_t fives;
    maturity(hcells, &fives);
    for (size_t i = 0; i < 150; i++)
        hcells[i].value = NAN;
    chart_heatmap_data heat = {.rows = teams,
                                   .nrows = 10,
                                   .cols = features,
                                   .ncols = 15,
                                   .cells = hcells,
                                   .scale_min = NAN,
                                   .scale_max = 5};
    HPDF_Page page = doc_page(d);
    pdf_chart_grouped_bars(page, &d->fonts, doc_box(d, 30, 440, 260, 360), &bars);
    pdf_chart_funnel(page, &d->fonts, doc_box(d, 305, 440, 260, 360), &fun);
    pdf_chart_stacked(page, &d->fonts, doc_box(d, 30, 40, 260, 360), &st);
    pdf_chart_heatmap(page, &d->fonts, doc_box(d, 305, 40, 260, 360), &heat);
    doc_save(d);
    word_list wl = assert_sound(d);
    /* All bars are missing: ten dashes on the axis and the legend's. */
    char *text = pdf_text(d, 1);
    assert_has(text, "No data");
    const char *bad[4] = {"nan", "-nan", "inf", "-inf"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(word_count(&wl, 1, bad[i]), 0);
    /* Every heat-map cell is missing: 150 dashes. */
    size_t dashes = word_count(&wl, 1, "–");
    assert_true(dashes >= 150 + 10);
    free(text);
    free(wl.w);
    doc_free(d);
}

static void test_tiny_zero_and_nan_boxes_draw_nothing(void **state)
{
    (void)state;
    doc *d = doc_new("boxes");
    chart_cell cells[10];
    chart_bars_data bars = attendance(cells);
    funnel_fixture f;
    chart_funnel_data fun = stillbirths(&f);
    stacked_fixture sf;
    chart_stacked_data st = ihi_scores(&sf);
    chart_cell hcells[150];
    size_t fives;
    maturity(hcells, &fives);
    chart_heatmap_data heat = {.rows = teams,
                                   .nrows = 10,
                                   .cols = features,
                                   .ncols = 15,
                                   .cells = hcells,
                                   .scale_min = 0,
                                   .scale_max = 5};
    /* 130 x 95 passes the size check but leaves no room for a plot under title and legend. */
    const pdf_chart_box bad[6] = {{100, 100, 0, 0},          {100, 100, 30, 20},
                                  {100, 100, 130, 95},       {NAN, 100, 300, 200},
                                  {100, 100, INFINITY, 200}, {40000, 100, 300, 200}};
    HPDF_Page page = doc_page(d);
    doc_box(d, 0, 0, 0, 0);
    for (size_t i = 0; i < 6; i++) {
        pdf_chart_grouped_bars(page, &d->fonts, bad[i], &bars);
        pdf_chart_funnel(page, &d->fonts, bad[i], &fun);
        pdf_chart_stacked(page, &d->fonts, bad[i], &st);
        pdf_chart_heatmap(page, &d->fonts, bad[i], &heat);
    }
    /* NULL data and empty data draw nothing either. */
    pdf_chart_box ok = {40, 400, 500, 300};
    pdf_chart_grouped_bars(page, &d->fonts, ok, NULL);
    bars.ncategories = 0;
    pdf_chart_grouped_bars(page, &d->fonts, ok, &bars);
    heat.nrows = 0;
    pdf_chart_heatmap(page, &d->fonts, ok, &heat);
    st.nperiods = 0;
    pdf_chart_stacked(page, &d->fonts, ok, &st);
    pdf_chart_funnel(page, &d->fonts, ok, NULL);
    doc_save(d);
    assert_qpdf_clean(d);
    assert_ink_inside_boxes(d);
    word_list wl = words_of(d);
    assert_int_equal(wl.n, 0);
    free(wl.w);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grouped_bars_print_values_and_a_star_for_the_suppressed_cell),
        cmocka_unit_test(test_heatmap_prints_every_score_and_dashes_missing_cells),
        cmocka_unit_test(test_heatmap_of_percentages_marks_suppressed_cells),
        cmocka_unit_test(test_funnel_labels_both_outliers_apart_and_inside_the_plot),
        cmocka_unit_test(test_stacked_shows_every_level_in_the_legend_and_thins_months),
        cmocka_unit_test(test_crowded_charts_stay_in_their_boxes_without_overlaps),
        cmocka_unit_test(test_nan_data_draws_no_nan_and_no_stray_marks),
        cmocka_unit_test(test_tiny_zero_and_nan_boxes_draw_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
