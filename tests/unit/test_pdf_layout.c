/* test_layout.c - builds documents with the layout engine and reads them back with independent
 * tools (qpdf, pdffonts, pdfinfo, pdftotext, and python3 over qpdf --json): structure, fonts,
 * page numbers, contents, outline, links, orientation, tables across pages, kept headings,
 * text inside the margins, and failures that leave nothing behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "pdf_layout.h"

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FONT_DIR
#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

#define GE "\xE2\x89\xA5"       /* ≥ */
#define ELLIPSIS "\xE2\x80\xA6" /* … */
#define ORG                                                                                        \
    "Barking, Havering and Redbridge University Hospitals NHS Trust with the North East London "   \
    "Local Maternity and Neonatal System"
#define CREATED 1795394700 /* 23 November 2026 00:45:00 UTC */
#define LONG_WORD                                                                                  \
    "Pneumonoultramicroscopicsilicovolcanoconiosis-Pneumonoultramicroscopicsilicovolcanoconiosis-" \
    "Pneumonoultramicroscopicsilicovolcanoconiosis-Pneumonoultramicroscopicsilicovolcanoconiosis"
#define LOREM                                                                                      \
    "Board members read this paragraph to check that text wraps at word boundaries within the "    \
    "margins and flows onto the next page when the page is full."
#define MARGIN 56.0
#define A4_W 595.276
#define A4_H 841.89

/* The outline and the links of a PDF, one per line: "outline|LEVEL|TITLE|PAGE" and
 * "link|PAGE|SUBTYPE|TARGET_PAGE" (TARGET_PAGE 0 when the link has no /Dest). */
static const char summary_py[] =
    "import json, subprocess, sys\n"
    "sys.stdout.reconfigure(encoding='utf-8')\n"
    "out = subprocess.run(['qpdf', '--json', sys.argv[1]], stdout=subprocess.PIPE).stdout\n"
    "j = json.loads(out)\n"
    "objs = j['qpdf'][1]\n"
    "pages = [p['object'] for p in j['pages']]\n"
    "def val(x):\n"
    "    return objs['obj:' + x]['value'] if isinstance(x, str) and x.endswith(' R') else x\n"
    "def walk(items, level):\n"
    "    for o in items:\n"
    "        print('outline|%d|%s|%d' % (level, o['title'], o['destpageposfrom1']))\n"
    "        walk(o['kids'], level + 1)\n"
    "walk(j['outlines'], 1)\n"
    "for n, ref in enumerate(pages, 1):\n"
    "    for a in val(ref).get('/Annots', []):\n"
    "        annot = val(a)\n"
    "        dest = val(annot.get('/Dest'))\n"
    "        target = pages.index(dest[0]) + 1 if dest else 0\n"
    "        print('link|%d|%s|%d' % (n, annot.get('/Subtype'), target))\n";

/* The text of every page of a PDF, from one pdftotext run split at its form feeds. */
typedef struct {
    char *buf;
    char *page[256]; /* page[1] is the first page */
    int n;
} pdf_texts;

typedef struct {
    char dir[64];
    char script[128];
    char doc[128]; /* the main document, built once */
    int pages;
    pdf_texts *text; /* its pages' text */
} lay_state;

static lay_state *g_state;

/* ---- running the tools -------------------------------------------------------------------- */

/* Run cmd through the shell; its exit status, with stdout in *out (caller frees). */
static int run_capture(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 65536, len = 0, got;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    int status = pclose(p);
    *out = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *tool(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The output of a command that must succeed. */
static char *tool(const char *fmt, ...)
{
    char cmd[1024], *out;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int rc = run_capture(cmd, &out);
    if (rc != 0)
        fail_msg("'%s' exited with %d: %s", cmd, rc, out);
    return out;
}

static int pdf_pages(const char *path)
{
    char *info = tool("pdfinfo '%s' 2>/dev/null", path);
    const char *at = strstr(info, "\nPages:");
    assert_non_null(at);
    int n = atoi(at + strlen("\nPages:"));
    free(info);
    return n;
}

/* s with every run of white space made one space. */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    assert_non_null(out);
    bool space = false;
    for (; *s; s++) {
        bool ws = *s == ' ' || *s == '\n' || *s == '\t' || *s == '\f' || *s == '\r';
        if (ws && !space && o > out)
            *o++ = ' ';
        else if (!ws)
            *o++ = *s;
        space = ws;
    }
    *o = '\0';
    return out;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

static pdf_texts *read_texts(const char *path)
{
    pdf_texts *t = calloc(1, sizeof(*t));
    assert_non_null(t);
    t->buf = tool("pdftotext -layout '%s' - 2>/dev/null", path);
    for (char *s = t->buf; *s && t->n < 255;) {
        char *ff = strchr(s, '\f');
        t->page[++t->n] = s;
        if (!ff)
            break;
        *ff = '\0';
        s = ff + 1;
    }
    return t;
}

static void free_texts(pdf_texts *t)
{
    free(t->buf);
    free(t);
}

/* The first page from first on whose text contains needle; 0 if none. */
static int page_with(const pdf_texts *t, int first, const char *needle)
{
    for (int p = first; p <= t->n; p++)
        if (strstr(t->page[p], needle))
            return p;
    return 0;
}

/* The copy of the text line containing needle (caller frees), or NULL. */
static char *line_with(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    if (!at)
        return NULL;
    const char *start = at;
    while (start > text && start[-1] != '\n')
        start--;
    size_t n = strcspn(start, "\n");
    char *line = malloc(n + 1);
    assert_non_null(line);
    memcpy(line, start, n);
    line[n] = '\0';
    return line;
}

/* The number at the end of a contents line ("Title . . . . 7"). */
static int trailing_number(const char *line)
{
    size_t n = strlen(line);
    while (n > 0 && line[n - 1] == ' ')
        n--;
    size_t end = n;
    while (n > 0 && line[n - 1] >= '0' && line[n - 1] <= '9')
        n--;
    assert_true(n < end);
    return atoi(line + n);
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static const char *scratch(const char *name)
{
    static char path[256];
    snprintf(path, sizeof(path), "%s/%s", g_state->dir, name);
    return path;
}

/* ---- building documents ------------------------------------------------------------------- */

static lay_setup test_setup(void)
{
    return (lay_setup){.font_dir = FONT_DIR,
                       .title = "Layout test " GE " report",
                       .author = "Test Author",
                       .subject = "Engine tests",
                       .creator = "boardpack",
                       .created = CREATED,
                       .compress = true,
                       .header_left = "Layout test report",
                       .header_sub = ORG,
                       .header_right = "Reporting period: October 2026",
                       .header_lines = 2,
                       .classification = "OFFICIAL-SENSITIVE",
                       .footer = {"Source: generated test data", "Generated 23 November 2026"}};
}

static lay_doc *open_test_doc(void)
{
    lay_setup s = test_setup();
    bp_error err;
    bp_error_clear(&err);
    lay_doc *d = lay_open(&s, &err);
    if (!d)
        fail_msg("lay_open: %s", err.message);
    return d;
}

static int close_ok(lay_doc *d, const char *path)
{
    bp_error err;
    bp_error_clear(&err);
    int pages = 0;
    bp_status st = lay_close(d, path, &pages, &err);
    if (st != BP_OK)
        fail_msg("lay_close(%s): %s", path, err.message);
    return pages;
}

static void table_cell(void *ctx, size_t row, size_t col, char *buf, size_t n)
{
    (void)ctx;
    if (col == 0)
        snprintf(buf, n, "Row %zu", row + 1);
    else if (col == 1)
        snprintf(buf, n, "%zu.5", row * 7);
    else
        snprintf(buf, n, "%s",
                 row % 7 == 3 ? "A longer note that wraps onto a second line in its column"
                              : "Short note");
}

/* Every tenth value red on pink, as a RAG table would show it. */
static void table_look(void *ctx, size_t row, size_t col, lay_cell_look *look)
{
    (void)ctx;
    if (col == 1 && row % 10 == 9) {
        look->has_fill = true;
        look->fill_rgb = 0xF8D7DAu;
        look->text_rgb = 0xA4000Du;
        look->bold = true;
    }
}

static void table_mark(lay_doc *d, void *ctx, size_t row, size_t col, lay_box cell)
{
    (void)ctx;
    if (col == 0 && row % 10 == 9)
        lay_rect(d, cell.x + 5, cell.y + cell.h / 2 - 2.5, 5, 5, 0xA4000Du);
}

static const lay_column table_cols[] = {
    {.header = "Row", .one_line = true, .mark_width = 9},
    {.header = "Value", .align = LAY_RIGHT},
    {.header = "Note with a longer header", .fraction = 0.5},
};
static const lay_column_group table_groups[] = {{"Group over value and note", 1, 2}};

static void draw_test_table(lay_doc *d, size_t rows)
{
    lay_table t = {.cols = table_cols,
                   .ncols = 3,
                   .groups = table_groups,
                   .ngroups = 1,
                   .nrows = rows,
                   .cell = table_cell,
                   .look = table_look,
                   .mark = table_mark,
                   .zebra = true,
                   .continued = "Beta table (continued)"};
    lay_table_draw(d, &t);
}

/* Cover; contents; two pages of text under a heading and a sub-heading; a table of 120 rows;
 * a landscape page with a drawing in a reserved box. */
static int build_main(const char *path)
{
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, LAY_NO_HEADER);
    lay_set_cursor(d, lay_content_box(d).y + lay_content_box(d).h - 200);
    lay_paragraph(d, &lay_style_title, "Cover of the test document", 0, LAY_LEFT);
    lay_contents_reserve(d, 4);
    lay_new_page(d, LAY_PORTRAIT, 0);
    lay_heading(d, 1, "Alpha section", 40);
    for (int i = 0; i < 45; i++)
        lay_paragraph(d, &lay_style_body, LOREM, 0, LAY_LEFT);
    lay_heading(d, 2, "Alpha detail " GE " 95%", 40);
    lay_paragraph(d, &lay_style_body, LONG_WORD, 0, LAY_LEFT);
    lay_heading(d, 1, "Beta section", 80);
    draw_test_table(d, 120);
    lay_new_page(d, LAY_LANDSCAPE, 0);
    lay_heading(d, 1, "Gamma landscape section", 200);
    lay_box box;
    HPDF_Page page = lay_reserve(d, 200, &box);
    HPDF_Page_SetRGBStroke(page, 0.8f, 0.1f, 0.1f);
    HPDF_Page_Rectangle(page, (HPDF_REAL)box.x, (HPDF_REAL)box.y, (HPDF_REAL)box.w,
                        (HPDF_REAL)box.h);
    HPDF_Page_Stroke(page);
    lay_line(d, box.x, box.y, box.x + box.w, box.y + box.h, 1, LAY_RGB_ACCENT, 4, 2);
    return close_ok(d, path);
}

static int group_setup(void **state)
{
    lay_state *s = calloc(1, sizeof(*s));
    if (!s)
        return -1;
    *state = g_state = s;
    snprintf(s->dir, sizeof(s->dir), "/tmp/bp-test-layout-XXXXXX");
    if (!mkdtemp(s->dir))
        return -1;
    snprintf(s->script, sizeof(s->script), "%s/summary.py", s->dir);
    FILE *f = fopen(s->script, "w");
    if (!f || fputs(summary_py, f) < 0 || fclose(f) != 0)
        return -1;
    snprintf(s->doc, sizeof(s->doc), "%s/main.pdf", s->dir);
    s->pages = build_main(s->doc);
    s->text = read_texts(s->doc);
    return 0;
}

static int group_teardown(void **state)
{
    lay_state *s = *state;
    if (!s)
        return 0;
    remove_dir(s->dir);
    if (s->text)
        free_texts(s->text);
    free(s);
    return 0;
}

/* ---- the main document -------------------------------------------------------------------- */

static void test_qpdf_finds_no_structural_errors(void **state)
{
    lay_state *s = *state;
    char *out = tool("qpdf --check '%s' 2>&1", s->doc);
    assert_non_null(strstr(out, "No syntax or stream encoding errors"));
    free(out);
}

static void test_both_faces_of_dejavu_sans_are_embedded(void **state)
{
    lay_state *s = *state;
    char *out = tool("pdffonts '%s' 2>/dev/null | tail -n +3", s->doc);
    char *save = NULL;
    size_t rows = 0, bold = 0;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[128], emb[8], sub[8], uni[8];
        int obj, gen;
        char *tail = line + strlen(line);
        for (int fields = 0; tail > line && fields < 5; fields++) {
            while (tail > line && tail[-1] == ' ')
                tail--;
            while (tail > line && tail[-1] != ' ')
                tail--;
        }
        assert_int_equal(sscanf(tail, "%7s %7s %7s %d %d", emb, sub, uni, &obj, &gen), 5);
        assert_int_equal(sscanf(line, "%127s", name), 1);
        if (!strstr(name, "DejaVuSans"))
            fail_msg("font %s is not DejaVu Sans", name);
        assert_string_equal(emb, "yes");
        bold += strstr(name, "DejaVuSans-Bold") != NULL;
        rows++;
    }
    assert_int_equal(rows, 2);
    assert_int_equal(bold, 1);
    free(out);
}

static void test_pdfinfo_reports_information_and_page_count(void **state)
{
    lay_state *s = *state;
    char *out = tool("pdfinfo '%s' 2>/dev/null", s->doc);
    assert_non_null(strstr(out, "Title:           Layout test " GE " report\n"));
    assert_non_null(strstr(out, "Author:          Test Author\n"));
    assert_non_null(strstr(out, "Subject:         Engine tests\n"));
    assert_non_null(strstr(out, "Creator:         boardpack\n"));
    assert_non_null(strstr(out, "CreationDate:    Mon Nov 23 00:45:00 2026 UTC\n"));
    assert_int_equal(pdf_pages(s->doc), s->pages);
    assert_true(s->pages >= 8);
    free(out);
}

static void test_every_page_says_page_n_of_m(void **state)
{
    lay_state *s = *state;
    for (int p = 1; p <= s->pages; p++) {
        const char *text = s->text->page[p];
        char want[32];
        snprintf(want, sizeof(want), "Page %d of %d", p, s->pages);
        if (!strstr(text, want))
            fail_msg("page %d lacks '%s'", p, want);
        assert_int_equal(count_of(text, "Page "), 1);
    }
}

/* The cover has no running header; every other page has it, with the long organisation name
 * wrapped whole onto two lines; every page has the classification at top and bottom. */
static void test_running_header_and_classification(void **state)
{
    lay_state *s = *state;
    for (int p = 1; p <= s->pages; p++) {
        char *text = squeeze(s->text->page[p]);
        assert_int_equal(count_of(text, "OFFICIAL-SENSITIVE"), 2);
        assert_int_equal(count_of(text, "Reporting period: October 2026"), p == 1 ? 0 : 1);
        assert_int_equal(count_of(text, ORG), p == 1 ? 0 : 1);
        assert_null(strstr(text, ELLIPSIS));
        assert_non_null(strstr(text, "Generated 23 November 2026"));
        free(text);
    }
}

static const char *const headings[] = {"Alpha section", "Alpha detail " GE " 95%", "Beta section",
                                       "Gamma landscape section"};
#define NHEADINGS (sizeof(headings) / sizeof(headings[0]))

/* Page 2 is the contents: each entry's number is the page where its heading is printed. */
static void test_contents_numbers_are_the_pages_of_the_headings(void **state)
{
    lay_state *s = *state;
    const char *contents = s->text->page[2];
    assert_non_null(strstr(contents, "Contents"));
    int previous = 0;
    for (size_t i = 0; i < NHEADINGS; i++) {
        char *line = line_with(contents, headings[i]);
        if (!line)
            fail_msg("the contents lack '%s'", headings[i]);
        assert_non_null(strstr(line, ". . ."));
        int printed = trailing_number(line);
        int found = page_with(s->text, 3, headings[i]);
        if (printed != found)
            fail_msg("'%s': contents say page %d, pdftotext finds it on page %d", headings[i],
                     printed, found);
        assert_true(found >= previous);
        previous = found;
        free(line);
    }
    assert_true(previous > page_with(s->text, 3, headings[0]) + 1);
}

static char *summary(const char *path)
{
    return tool("python3 '%s' '%s' 2>&1", g_state->script, path);
}

static void test_outline_lists_every_heading_at_its_level_and_page(void **state)
{
    lay_state *s = *state;
    char *out = summary(s->doc);
    const int levels[] = {1, 2, 1, 1};
    /* The contents bookmark comes first, where the contents sit: page 2, after the cover. */
    char want[4096] = "outline|1|Contents|2\n";
    for (size_t i = 0; i < NHEADINGS; i++) {
        char line[256];
        snprintf(line, sizeof(line), "outline|%d|%s|%d\n", levels[i], headings[i],
                 page_with(s->text, 3, headings[i]));
        strcat(want, line);
    }
    if (strncmp(out, want, strlen(want)) != 0)
        fail_msg("outline:\n%s\nexpected:\n%s", out, want);
    free(out);
}

static void test_contents_entries_link_to_their_pages(void **state)
{
    lay_state *s = *state;
    char *out = summary(s->doc);
    char want[4096] = "";
    for (size_t i = 0; i < NHEADINGS; i++) {
        char line[128];
        snprintf(line, sizeof(line), "link|2|/Link|%d\n", page_with(s->text, 3, headings[i]));
        strcat(want, line);
    }
    const char *links = strstr(out, "link|");
    if (!links || strcmp(links, want) != 0)
        fail_msg("links:\n%s\nexpected:\n%s", links ? links : "(none)", want);
    free(out);
}

static void test_landscape_page_has_a_landscape_media_box(void **state)
{
    lay_state *s = *state;
    char *out = tool("pdfinfo -f 1 -l %d '%s' 2>/dev/null", s->pages, s->doc);
    char want[96];
    for (int p = 1; p <= s->pages; p++) {
        snprintf(want, sizeof(want), "Page %4d size:  %s pts (A4)", p,
                 p == s->pages ? "841.89 x 595.276" : "595.276 x 841.89");
        if (!strstr(out, want))
            fail_msg("pdfinfo lacks '%s':\n%s", want, out);
    }
    assert_non_null(strstr(s->text->page[s->pages], "Gamma landscape section"));
    free(out);
}

/* The rows on one page, which must continue from row next in order: "Row N" opening a line. */
static size_t rows_on_page(const char *text, size_t next, size_t *last)
{
    size_t n = 0;
    for (const char *line = text; line && *line; line = strchr(line, '\n')) {
        line += *line == '\n';
        size_t row;
        if (sscanf(line + strspn(line, " "), "Row %zu", &row) != 1)
            continue;
        if (row != next + n)
            fail_msg("row %zu where row %zu was expected", row, next + n);
        n++;
        *last = row;
    }
    return n;
}

static void test_long_table_breaks_across_pages_repeating_its_header(void **state)
{
    lay_state *s = *state;
    int first = page_with(s->text, 3, "Beta section");
    size_t next = 1, last = 0, table_pages = 0;
    for (int p = first; p <= s->pages && next <= 120; p++) {
        const char *raw = s->text->page[p];
        char *text = squeeze(raw);
        size_t n = rows_on_page(raw, next, &last);
        assert_true(n > 0);
        assert_non_null(strstr(text, "Group over value and note"));
        assert_non_null(strstr(text, "Note with a longer header"));
        assert_non_null(strstr(text, "Row Value"));
        assert_int_equal(count_of(text, "Beta table (continued)"), p == first ? 0 : 1);
        next += n;
        table_pages++;
        free(text);
    }
    assert_int_equal(last, 120);
    assert_true(table_pages >= 3);
}

/* Every word on every page lies on the page and between the side margins. */
static void assert_words_inside(const char *path, int page)
{
    char *out = tool("pdftotext -bbox -f %d -l %d '%s' - 2>/dev/null", page, page, path);
    double pw = 0, ph = 0;
    const char *at = strstr(out, "<page width=");
    assert_non_null(at);
    assert_int_equal(sscanf(at, "<page width=\"%lf\" height=\"%lf\"", &pw, &ph), 2);
    size_t words = 0;
    for (at = strstr(out, "<word "); at; at = strstr(at + 1, "<word ")) {
        double x0, y0, x1, y1;
        assert_int_equal(sscanf(at, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
                                &x0, &y0, &x1, &y1),
                         4);
        if (x0 < MARGIN - 0.5 || x1 > pw - MARGIN + 0.5 || y0 < 0 || y1 > ph)
            fail_msg("page %d: a word at x %.1f-%.1f, y %.1f-%.1f is outside the margins: %.60s",
                     page, x0, x1, y0, y1, at);
        words++;
    }
    assert_true(words > 0);
    free(out);
}

static void test_no_word_lies_outside_the_margins_or_the_page(void **state)
{
    lay_state *s = *state;
    for (int p = 1; p <= s->pages; p++)
        assert_words_inside(s->doc, p);
}

/* The unbreakable word is broken between characters: all of it is there, in pieces. */
static void test_long_unbreakable_word_is_broken_to_fit(void **state)
{
    lay_state *s = *state;
    int p = page_with(s->text, 3, "Pneumonoultramicroscopic");
    assert_true(p > 0);
    const char *raw = s->text->page[p];
    char *joined = malloc(strlen(raw) + 1), *o = joined;
    assert_non_null(joined);
    for (const char *c = raw; *c; c++)
        if (*c != '\n' && *c != ' ')
            *o++ = *c;
    *o = '\0';
    assert_non_null(strstr(joined, LONG_WORD));
    assert_true(count_of(raw, "\n") > 0);
    free(joined);
}

/* ---- documents of their own --------------------------------------------------------------- */

/* Fill the page with lines until less than max is left on it. */
static void fill_until(lay_doc *d, double max)
{
    while (lay_remaining(d) >= max)
        lay_paragraph(d, &lay_style_body, "Filler line.", 0, LAY_LEFT);
}

static void test_heading_near_the_bottom_moves_with_what_follows(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    fill_until(d, 90);
    double left = lay_remaining(d);
    assert_true(left > 40 && left < 90); /* room for the heading, not for what it keeps */
    lay_heading(d, 1, "Kept heading", 120);
    assert_int_equal(lay_page_count(d), 2);
    lay_paragraph(d, &lay_style_body, "Text that follows the kept heading.", 0, LAY_LEFT);
    fill_until(d, 90);
    lay_heading(d, 2, "Unkept heading", 0);
    assert_int_equal(lay_page_count(d), 2); /* no keep asked: it stays */
    const char *path = scratch("keep.pdf");
    assert_int_equal(close_ok(d, path), 2);
    pdf_texts *t = read_texts(path);
    const char *p1 = t->page[1], *p2 = t->page[2];
    assert_null(strstr(p1, "Kept heading"));
    assert_non_null(strstr(p2, "Kept heading"));
    assert_non_null(strstr(p2, "Text that follows the kept heading."));
    assert_non_null(strstr(p2, "Unkept heading"));
    free_texts(t);
}

/* With room for the header and a few rows: a table of 10 rows moves whole to the next page, a
 * table of 30 starts here with its header and at least three rows. */
static void test_short_table_moves_whole_and_long_table_keeps_rows_with_header(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    fill_until(d, 150);
    draw_test_table(d, 10);
    assert_int_equal(lay_page_count(d), 2);
    lay_new_page(d, LAY_PORTRAIT, 0);
    fill_until(d, 150);
    draw_test_table(d, 30);
    const char *path = scratch("tablekeep.pdf");
    assert_int_equal(close_ok(d, path), 4);
    pdf_texts *t = read_texts(path);
    size_t last = 0;
    assert_int_equal(rows_on_page(t->page[1], 1, &last), 0);
    assert_int_equal(rows_on_page(t->page[2], 1, &last), 10);
    size_t kept = rows_on_page(t->page[3], 1, &last);
    assert_true(kept >= 3 && kept < 10);
    assert_non_null(strstr(t->page[3], "Group over value and note"));
    assert_int_equal(rows_on_page(t->page[4], kept + 1, &last), 30 - kept);
    assert_non_null(strstr(t->page[4], "Beta table (continued)"));
    free_texts(t);
}

/* 70 entries need more than one contents page, although one was estimated: pages are inserted
 * and every number still names the page of its heading. */
static void test_contents_longer_than_a_page_keeps_numbers_right(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, LAY_NO_HEADER);
    lay_contents_reserve(d, 1);
    lay_new_page(d, LAY_PORTRAIT, 0);
    char title[64];
    for (int i = 1; i <= 70; i++) {
        snprintf(title, sizeof(title), "Section number %d", i);
        lay_heading(d, 1 + (i % 3 == 0), title, 30);
        for (int k = 0; k < 6; k++)
            lay_paragraph(d, &lay_style_body, LOREM, 0, LAY_LEFT);
    }
    const char *path = scratch("contents.pdf");
    int pages = close_ok(d, path);
    assert_int_equal(pdf_pages(path), pages);
    pdf_texts *t = read_texts(path);
    assert_int_equal(t->n, pages);
    int after = 2; /* the first page after the contents: the first without dot leaders */
    while (after <= pages && strstr(t->page[after], ". . ."))
        after++;
    assert_true(after - 2 >= 2);
    for (int i = 1; i <= 70; i++) {
        snprintf(title, sizeof(title), "Section number %d ", i);
        char *line = NULL;
        for (int p = 2; p < after && !line; p++)
            line = line_with(t->page[p], title);
        if (!line)
            fail_msg("the contents lack '%s'", title);
        snprintf(title, sizeof(title), "Section number %d\n", i);
        assert_int_equal(trailing_number(line), page_with(t, after, title));
        free(line);
    }
    free_texts(t);
}

static void test_lines_wrap_at_words_and_break_long_words(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    const lay_style *st = &lay_style_body;
    double w = lay_text_width(d, st, "alpha beta");
    assert_true(w > 0);
    assert_true(lay_text_width(d, &lay_style_h2, "alpha beta") > w);
    lay_lines l = lay_wrap(d, st, "alpha beta gamma", w);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.line[0], "alpha beta");
    assert_string_equal(l.line[1], "gamma");
    l = lay_wrap(d, st, "one\ntwo", 500);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.line[1], "two");
    double narrow = lay_text_width(d, st, "Pneumono");
    l = lay_wrap(d, st, LONG_WORD, narrow);
    assert_true(l.n > 10);
    char joined[512] = "";
    for (size_t i = 0; i < l.n; i++) {
        assert_true(lay_text_width(d, st, l.line[i]) <= narrow);
        strcat(joined, l.line[i]);
    }
    assert_string_equal(joined, LONG_WORD);
    lay_close(d, NULL, NULL, NULL);
}

static void test_fit_cuts_with_an_ellipsis_only_when_needed(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    const lay_style *st = &lay_style_small;
    const char *text = "Reporting period: October 2026";
    assert_ptr_equal(lay_fit(d, st, text, 500), text);
    double room = lay_text_width(d, st, "Reporting" ELLIPSIS);
    assert_string_equal(lay_fit(d, st, text, room), "Reporting" ELLIPSIS);
    assert_true(lay_text_width(d, st, lay_fit(d, st, text, room - 1)) <= room - 1);
    lay_lines l = lay_wrap(d, st, "one two three four five six", lay_text_width(d, st, "one two"));
    lay_clamp(d, st, &l, 2, lay_text_width(d, st, "one two"));
    assert_int_equal(l.n, 2);
    assert_non_null(strstr(l.line[1], ELLIPSIS));
    lay_close(d, NULL, NULL, NULL);
}

static bool near(double a, double b)
{
    return fabs(a - b) < 1e-6;
}

static void test_reserved_box_lies_in_the_content_box_and_breaks_the_page(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_LANDSCAPE, 0);
    lay_box content = lay_content_box(d), page = lay_page_box(d), box;
    assert_true(fabs(page.w - 841.89) < 0.01 && fabs(page.h - 595.276) < 0.01);
    double top = lay_cursor(d);
    HPDF_Page p = lay_reserve(d, 150, &box);
    assert_ptr_equal(p, lay_page(d));
    assert_true(box.x == content.x && box.w == content.w && box.h == 150);
    assert_true(near(box.y + box.h, top) && lay_cursor(d) == box.y);
    p = lay_reserve(d, lay_remaining(d) + 1, &box); /* does not fit: a new page */
    assert_int_equal(lay_page_count(d), 2);
    assert_ptr_equal(p, lay_page(d));
    assert_true(near(box.y + box.h, content.y + content.h));
    lay_reserve(d, 5000, &box); /* taller than a page: clipped to one */
    assert_int_equal(lay_page_count(d), 3);
    assert_true(near(box.y, content.y) && near(box.h, content.h));
    assert_non_null(lay_font(d, true));
    assert_int_equal(close_ok(d, scratch("reserve.pdf")), 3);
}

typedef struct {
    size_t marks, looks;
    double right, tallest, shortest;
} cell_calls;

static void count_cell(void *ctx, size_t row, size_t col, char *buf, size_t n)
{
    (void)ctx;
    snprintf(buf, n, col == 1 && row == 2 ? LOREM " " LOREM : "r%zu c%zu", row, col);
}

static void count_look(void *ctx, size_t row, size_t col, lay_cell_look *look)
{
    cell_calls *c = ctx;
    (void)row;
    (void)col;
    assert_int_equal(look->text_rgb, LAY_RGB_TEXT);
    assert_false(look->has_fill);
    c->looks++;
}

static void count_mark(lay_doc *d, void *ctx, size_t row, size_t col, lay_box cell)
{
    cell_calls *c = ctx;
    (void)d;
    (void)col;
    c->marks++;
    c->right = fmax(c->right, cell.x + cell.w);
    if (row == 2)
        c->tallest = fmax(c->tallest, cell.h);
    else
        c->shortest = fmin(c->shortest, cell.h);
}

static void test_table_calls_look_and_mark_per_cell_and_grows_wrapped_rows(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    lay_column cols[] = {{.header = "A"}, {.header = "B", .fraction = 0.4}, {.header = "C"}};
    cell_calls calls = {.shortest = 1e9};
    lay_table t = {.cols = cols,
                   .ncols = 3,
                   .nrows = 5,
                   .cell = count_cell,
                   .look = count_look,
                   .mark = count_mark,
                   .ctx = &calls};
    lay_box content = lay_content_box(d);
    assert_true(lay_table_measure(d, &t) < content.w);
    lay_table_draw(d, &t);
    assert_int_equal(calls.marks, 15);
    assert_int_equal(calls.looks, 15);
    assert_true(fabs(calls.right - (content.x + content.w)) < 1e-6); /* spread to the width */
    assert_true(calls.shortest == 17);
    assert_true(calls.tallest > 3 * 17);
    close_ok(d, scratch("cells.pdf"));
}

/* The survey table of issue 8 item 7: two fractional name columns, four measured number
 * columns and a growing note column whose one-line width overflows the page. Scaling every
 * column alike printed "Pair s", "Mean befor e", "10. 0" and "<0.00 1". */
static const char *const survey_cells[3][7] = {
    {"Midwife", "Communicate effectively", "1", "3.0", "10.0", "<0.001",
     "No test (fewer than 2 pairs)"},
    {"Children's centre manager", "Appropriate referrals", "12", "10.0", "10.0", "0.058",
     "No test (all differences equal)"},
    {"All groups", "Root causes", "6", "6.8", "8.0", "<0.001", "Yes"},
};

static void survey_cell(void *ctx, size_t row, size_t col, char *buf, size_t n)
{
    (void)ctx;
    snprintf(buf, n, "%s", survey_cells[row][col]);
}

/* Every whitespace-separated token of text, checked against the words the table was given. */
static void assert_only_whole_words(const char *text, const char *const *words, size_t nwords)
{
    char *copy = strdup(text);
    assert_non_null(copy);
    for (char *save = NULL, *tok = strtok_r(copy, " \n\f", &save); tok;
         tok = strtok_r(NULL, " \n\f", &save)) {
        bool known = false;
        for (size_t i = 0; i < nwords && !known; i++)
            known = strcmp(tok, words[i]) == 0;
        if (!known)
            fail_msg("'%s' is not a whole word of the table (a word broken across lines?)", tok);
    }
    free(copy);
}

static void test_overflowing_table_wraps_at_spaces_and_never_breaks_a_word(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    lay_column cols[7] = {
        {.header = "Professional group", .fraction = 0.27},
        {.header = "Category", .fraction = 0.27},
        {.header = "Pairs", .align = LAY_RIGHT},
        {.header = "Mean before", .align = LAY_RIGHT},
        {.header = "Mean after", .align = LAY_RIGHT},
        {.header = "p", .align = LAY_RIGHT},
        {.header = "Significant", .grow = 1},
    };
    lay_table t = {.cols = cols, .ncols = 7, .nrows = 3, .cell = survey_cell};
    assert_true(lay_table_measure(d, &t) > lay_content_box(d).w); /* it must shrink */
    lay_table_draw(d, &t);
    const char *path = scratch("survey-table.pdf");
    assert_int_equal(close_ok(d, path), 1);
    /* the words: headers and cells split at their spaces */
    const char *words[64];
    size_t n = 0;
    char pool[2048], *o = pool;
    for (size_t c = 0; c < 7; c++) {
        for (size_t r = 0; r <= 3; r++) {
            const char *s = r == 3 ? cols[c].header : survey_cells[r][c];
            snprintf(o, sizeof(pool) - (size_t)(o - pool), "%s", s);
            for (char *save = NULL, *tok = strtok_r(o, " ", &save); tok && n < 64;
                 tok = strtok_r(NULL, " ", &save))
                words[n++] = tok;
            o += strlen(s) + 1;
        }
    }
    char *text = tool("pdftotext -layout -f 1 -l 1 '%s' - 2>/dev/null", path);
    /* only the table's text is on the page, apart from the running header and footer: take
     * from the header row to the last row */
    const char *from = strstr(text, "Professional");
    const char *to = strstr(text, "Yes");
    assert_non_null(from);
    assert_non_null(to);
    char *table = strndup(from, (size_t)(to - from) + 3);
    assert_only_whole_words(table, words, n);
    assert_non_null(strstr(table, "10.0"));
    assert_non_null(strstr(table, "<0.001"));
    free(table);
    free(text);
}

/* ---- failures ----------------------------------------------------------------------------- */

static void test_nan_coordinate_is_refused_and_nothing_is_written(void **state)
{
    (void)state;
    assert_false(lay_coord_ok(NAN));
    assert_false(lay_coord_ok(INFINITY));
    assert_false(lay_coord_ok(-32768));
    assert_true(lay_coord_ok(-32767));
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    assert_false(lay_failed(d));
    lay_text(d, &lay_style_body, NAN, 100, LAY_LEFT, "never drawn");
    assert_true(lay_failed(d));
    const char *path = scratch("nan.pdf");
    bp_error err;
    bp_error_clear(&err);
    int pages = -1;
    assert_int_equal(lay_close(d, path, &pages, &err), BP_EINTERNAL);
    assert_non_null(strstr(err.message, "coordinate nan"));
    assert_string_equal(err.file, path);
    assert_int_equal(pages, -1);
    assert_int_equal(access(path, F_OK), -1);
}

static void test_every_call_after_a_failure_does_nothing(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    lay_box box;
    assert_null(lay_reserve(d, INFINITY, &box));
    assert_true(lay_failed(d));
    lay_new_page(d, LAY_LANDSCAPE, 0);
    lay_heading(d, 1, "Not drawn", 0);
    lay_paragraph(d, &lay_style_body, "Not drawn", 0, LAY_LEFT);
    draw_test_table(d, 30);
    lay_rect(d, 0, 0, 10, 10, 0);
    assert_int_equal(lay_page_count(d), 1);
    assert_null(lay_page(d));
    assert_null(lay_printf(d, "%s", "x"));
    assert_null(lay_alloc(d, 8));
    assert_true(lay_text_width(d, &lay_style_body, "x") == 0);
    assert_true(box.w == 0 && box.h == 0);
    bp_error err;
    assert_int_equal(lay_close(d, scratch("failed.pdf"), NULL, &err), BP_EINTERNAL);
    assert_non_null(strstr(err.message, "box height inf"));
}

/* A caller drawing with libharu directly gets libharu's error number back from lay_close. */
static void test_libharu_error_outside_the_engine_comes_back_from_close(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    assert_int_not_equal(HPDF_Page_SetLineWidth(lay_page(d), -1), HPDF_OK);
    assert_true(lay_failed(d));
    bp_error err;
    assert_int_equal(lay_close(d, scratch("harufail.pdf"), NULL, &err), BP_EINTERNAL);
    assert_non_null(strstr(err.message, "libharu error 0x"));
}

static void test_missing_font_is_reported_with_its_path(void **state)
{
    (void)state;
    lay_setup s = test_setup();
    s.font_dir = "/nonexistent-fonts";
    bp_error err;
    bp_error_clear(&err);
    assert_null(lay_open(&s, &err));
    assert_int_equal(err.code, BP_EINTERNAL);
    assert_non_null(strstr(err.message, "/nonexistent-fonts/DejaVuSans.ttf"));
}

static void test_unwritable_path_is_an_output_error(void **state)
{
    (void)state;
    lay_doc *d = open_test_doc();
    lay_new_page(d, LAY_PORTRAIT, 0);
    bp_error err;
    bp_error_clear(&err);
    int pages = -1;
    const char *path = "/nonexistent-boardpack-dir/doc.pdf";
    assert_int_equal(lay_close(d, path, &pages, &err), BP_EOUTPUT);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "No such file or directory"));
    assert_int_equal(pages, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qpdf_finds_no_structural_errors),
        cmocka_unit_test(test_both_faces_of_dejavu_sans_are_embedded),
        cmocka_unit_test(test_pdfinfo_reports_information_and_page_count),
        cmocka_unit_test(test_every_page_says_page_n_of_m),
        cmocka_unit_test(test_running_header_and_classification),
        cmocka_unit_test(test_contents_numbers_are_the_pages_of_the_headings),
        cmocka_unit_test(test_outline_lists_every_heading_at_its_level_and_page),
        cmocka_unit_test(test_contents_entries_link_to_their_pages),
        cmocka_unit_test(test_landscape_page_has_a_landscape_media_box),
        cmocka_unit_test(test_long_table_breaks_across_pages_repeating_its_header),
        cmocka_unit_test(test_no_word_lies_outside_the_margins_or_the_page),
        cmocka_unit_test(test_long_unbreakable_word_is_broken_to_fit),
        cmocka_unit_test(test_heading_near_the_bottom_moves_with_what_follows),
        cmocka_unit_test(test_short_table_moves_whole_and_long_table_keeps_rows_with_header),
        cmocka_unit_test(test_contents_longer_than_a_page_keeps_numbers_right),
        cmocka_unit_test(test_lines_wrap_at_words_and_break_long_words),
        cmocka_unit_test(test_fit_cuts_with_an_ellipsis_only_when_needed),
        cmocka_unit_test(test_reserved_box_lies_in_the_content_box_and_breaks_the_page),
        cmocka_unit_test(test_table_calls_look_and_mark_per_cell_and_grows_wrapped_rows),
        cmocka_unit_test(test_overflowing_table_wraps_at_spaces_and_never_breaks_a_word),
        cmocka_unit_test(test_nan_coordinate_is_refused_and_nothing_is_written),
        cmocka_unit_test(test_every_call_after_a_failure_does_nothing),
        cmocka_unit_test(test_libharu_error_outside_the_engine_comes_back_from_close),
        cmocka_unit_test(test_missing_font_is_reported_with_its_path),
        cmocka_unit_test(test_unwritable_path_is_an_output_error),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
