/* test_pdf_pack.c - writes packs as PDFs and reads them back with independent tools (qpdf,
 * pdffonts, pdfinfo, pdftotext): packs built from the shipped configuration and samples with the
 * shipped templates and with a template holding every section type, an external pack, and the
 * hand-built fixture. Checks structure, fonts, outline, contents, page furniture, orientation and
 * the numbers and words each section prints. */
#include "extract.h"
#include "packfixture.h"
#include "pdf_pack.h"
#include "template.h"

/* cmocka.h needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef FONT_DIR
#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define EN_DASH "\xE2\x80\x93"
#define NOW 1795394700 /* 2026-11-23 00:45:00 UTC */
#define OCT_2026 period_make(2026, 10)

typedef struct {
    char dir[64];
    bp_config *cfg;
    model *m;
    reject_list rej;
    extract_stats *stats;
    bp_errors errs;
    char maternity[128], board[128], every[128], external[128];
    int maternity_pages, board_pages, every_pages;
} world;

/* ---- tools ------------------------------------------------------------------------------- */

/* Run cmd through the shell; the exit status, with stdout in *out (caller frees). */
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

/* "TOOL 'PATH' REDIRECT"; fails the test unless it exits 0. */
static char *tool_output(const char *tool, const char *path, const char *redirect)
{
    char cmd[512], *out;
    snprintf(cmd, sizeof(cmd), "%s '%s' %s", tool, path, redirect);
    int rc = run_capture(cmd, &out);
    if (rc != 0)
        fail_msg("'%s' exited with %d: %s", cmd, rc, out);
    return out;
}

static char *page_text(const char *path, int page)
{
    char cmd[512], *out;
    snprintf(cmd, sizeof(cmd), "pdftotext -layout -f %d -l %d '%s' - 2>/dev/null", page, page,
             path);
    if (run_capture(cmd, &out) != 0)
        fail_msg("pdftotext failed on page %d of %s", page, path);
    return out;
}

/* s with every run of white space (line breaks included) made one space. */
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

static char *page_squeezed(const char *path, int page)
{
    char *raw = page_text(path, page), *s = squeeze(raw);
    free(raw);
    return s;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

/* The first page (1-based) whose squeezed text holds needle, or 0. */
static int page_with(const char *path, int pages, const char *needle)
{
    for (int k = 1; k <= pages; k++) {
        char *t = page_squeezed(path, k);
        bool hit = strstr(t, needle) != NULL;
        free(t);
        if (hit)
            return k;
    }
    return 0;
}

static void require_tools(void)
{
    const char *tools[] = {"qpdf", "pdffonts", "pdfinfo", "pdftotext"};
    for (size_t i = 0; i < LEN(tools); i++) {
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tools[i]);
        if (system(cmd) != 0)
            fail_msg("%s is required by this test (Debian packages qpdf and poppler-utils)",
                     tools[i]);
    }
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

/* ---- packs from the shipped configuration ------------------------------------------------ */

static char *pph[] = {(char *)"pph_1000ml"};

/* A template with every section type, in enum order, as a programme manager could write it. */
typedef struct {
    tpl_section s[SEC__COUNT];
    tpl_template t;
} every_template;

static const char *every_title(tpl_section_type t)
{
    static const char *const titles[SEC__COUNT] = {"{{pack.title}}",
                                                   "Contents",
                                                   "Summary",
                                                   "Headlines",
                                                   "{{indicator.title}}",
                                                   "PPH by site",
                                                   "PPH: sites compared",
                                                   "Maturity matrix",
                                                   "Key performance indicators",
                                                   "Progress",
                                                   "Long-term outcomes",
                                                   "Maturity summary",
                                                   "Survey",
                                                   "IHI Assessment Scale",
                                                   "Attendance",
                                                   "PDSA cycles",
                                                   "Notes",
                                                   ""};
    return titles[t];
}

static void every_template_init(every_template *e)
{
    memset(e, 0, sizeof(*e));
    for (int i = 0; i < SEC__COUNT; i++) {
        tpl_section *s = &e->s[i];
        s->type = (tpl_section_type)i;
        s->title = (char *)every_title(s->type);
        s->text = (char *)"";
        s->columns = 3;
        s->show_annotations = true;
        s->new_page =
            i == SEC_COVER || i == SEC_CONTENTS || i == SEC_INDICATOR_PAGES || i == SEC_PAGE_BREAK;
    }
    e->s[SEC_INDICATOR_PAGES].indicators = pph;
    e->s[SEC_INDICATOR_PAGES].nindicators = 1;
    e->s[SEC_INDICATOR_PAGES].by = TPL_BY_ETHNIC_GROUP;
    for (int t = SEC_SMALL_MULTIPLES; t <= SEC_FUNNEL; t++) {
        e->s[t].indicators = pph;
        e->s[t].nindicators = 1;
        e->s[t].by = TPL_BY_SITE;
    }
    e->s[SEC_HEATMAP].orientation = TPL_LANDSCAPE;
    e->s[SEC_TEXT].text = (char *)"First paragraph,\n        over two lines.\n\n    Second one.";
    e->t.path = (char *)"test";
    e->t.title = (char *)"";
    e->t.footer_note = (char *)"Source: {{pack.sources}}";
    e->t.sections = e->s;
    e->t.nsections = SEC__COUNT;
}

static void build(world *w, const cfg_pack *def, const tpl_template *t, pack_content *pc)
{
    bp_error e;
    bp_error_clear(&e);
    if (pack_build(w->cfg, w->m, def, -1, OCT_2026, NOW, pc, &e) != BP_OK)
        fail_msg("pack_build: %s", e.message);
    if (pack_build_sections(pc, w->cfg, w->m, t, &e) != BP_OK)
        fail_msg("pack_build_sections: %s", e.message);
}

/* Build def with t (NULL: the pack's own template) and write it to dir/name. */
static int write_built(world *w, const cfg_pack *def, const tpl_template *t, const char *name,
                       char *path, size_t n)
{
    tpl_template *own = NULL;
    if (!t) {
        own = template_load(def->template_path, w->cfg, &w->errs);
        assert_non_null(own);
        t = own;
    }
    pack_content pc;
    build(w, def, t, &pc);
    snprintf(path, n, "%s/%s", w->dir, name);
    bp_error e;
    bp_error_clear(&e);
    int pages = 0;
    if (pdf_pack_write_ex(&pc, w->m, path, FONT_DIR, &pages, &e) != BP_OK)
        fail_msg("pdf_pack_write_ex(%s): %s", name, e.message);
    pack_content_free(&pc);
    template_free(own);
    return pages;
}

static void load_world(world *w)
{
    const char *srcdir = getenv("srcdir");
    char path[1024];
    snprintf(path, sizeof(path), "%s/config/boardpack.cfg", srcdir ? srcdir : ".");
    bp_errors_init(&w->errs);
    w->cfg = config_load(path, &w->errs);
    assert_non_null(w->cfg);
    w->m = model_new();
    rejects_init(&w->rej);
    w->stats = calloc(w->cfg->nsources, sizeof(*w->stats));
    assert_non_null(w->stats);
    assert_int_equal(extract_load_all(w->cfg, w->m, &w->rej, w->stats, &w->errs), BP_OK);
}

static int group_setup(void **state)
{
    world *w = calloc(1, sizeof(*w));
    if (!w)
        return -1;
    *state = w;
    snprintf(w->dir, sizeof(w->dir), "/tmp/bp-test-pdf-XXXXXX");
    if (!mkdtemp(w->dir))
        return -1;
    load_world(w);
    const cfg_pack *mat = config_pack(w->cfg, "maternity-board");
    const cfg_pack *board = config_pack(w->cfg, "board-summary");
    every_template every;
    every_template_init(&every);
    w->maternity_pages =
        write_built(w, mat, NULL, "maternity.pdf", w->maternity, sizeof(w->maternity));
    w->board_pages = write_built(w, board, NULL, "board.pdf", w->board, sizeof(w->board));
    w->every_pages = write_built(w, board, &every.t, "every.pdf", w->every, sizeof(w->every));
    cfg_pack ext = *mat;
    ext.audience = AUDIENCE_EXTERNAL;
    write_built(w, &ext, NULL, "external.pdf", w->external, sizeof(w->external));
    return 0;
}

static int group_teardown(void **state)
{
    world *w = *state;
    if (!w)
        return 0;
    remove_dir(w->dir);
    free(w->stats);
    rejects_free(&w->rej);
    model_free(w->m);
    config_free(w->cfg);
    bp_errors_free(&w->errs);
    free(w);
    return 0;
}

/* ---- structure --------------------------------------------------------------------------- */

static void test_qpdf_finds_no_errors_in_any_pack(void **state)
{
    world *w = *state;
    require_tools();
    const char *pdfs[] = {w->maternity, w->board, w->every, w->external};
    for (size_t i = 0; i < LEN(pdfs); i++) {
        char *out = tool_output("qpdf --check", pdfs[i], "2>&1");
        if (!strstr(out, "No syntax or stream encoding errors"))
            fail_msg("qpdf --check %s: %s", pdfs[i], out);
        free(out);
    }
}

/* pdffonts rows end "... emb sub uni object-number generation": two faces, both embedded. */
static void test_only_embedded_dejavu_fonts(void **state)
{
    world *w = *state;
    require_tools();
    char *out = tool_output("pdffonts", w->every, "2>/dev/null | tail -n +3");
    size_t rows = 0;
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tok[32];
        size_t n = 0;
        for (char *t = strtok(line, " "); t && n < 32; t = strtok(NULL, " "))
            tok[n++] = t;
        assert_true(n >= 6);
        if (!strstr(tok[0], "DejaVuSans") || strcmp(tok[n - 5], "yes") != 0)
            fail_msg("font %s (emb %s) is not embedded DejaVu Sans", tok[0], tok[n - 5]);
        rows++;
    }
    assert_int_equal(rows, 2);
    free(out);
}

static void test_pdfinfo_has_title_author_creator_and_date(void **state)
{
    world *w = *state;
    require_tools();
    char *out = tool_output("pdfinfo", w->maternity, "2>/dev/null");
    assert_non_null(strstr(out, "Title:           Maternity and neonatal safety board report\n"));
    assert_non_null(strstr(out, "Author:          Northfield and Ashby Hospitals NHS Foundation "
                                "Trust, Performance and Information\n"));
    assert_non_null(strstr(out, "Subject:         Northfield and Ashby Hospitals NHS Foundation "
                                "Trust, reporting period October 2026\n"));
    assert_non_null(strstr(out, "Creator:         boardpack\n"));
    assert_non_null(strstr(out, "CreationDate:    Mon Nov 23 00:45:00 2026 UTC"));
    char pages[64];
    snprintf(pages, sizeof(pages), "Pages:           %d\n", w->maternity_pages);
    assert_non_null(strstr(out, pages));
    free(out);
}

static void assert_page_footers(const char *pdf, int pages)
{
    for (int k = 1; k <= pages; k++) {
        char *t = page_squeezed(pdf, k), want[48];
        snprintf(want, sizeof(want), "Page %d of %d", k, pages);
        if (!strstr(t, want))
            fail_msg("%s page %d lacks '%s'", pdf, k, want);
        assert_int_equal(count_of(t, "OFFICIAL"), 3); /* top, bottom and in the footer note */
        assert_non_null(strstr(t, "Generated 23 November 2026 00:45 UTC"));
        free(t);
    }
}

static void test_every_page_has_footer_page_n_of_m_and_classification(void **state)
{
    world *w = *state;
    require_tools();
    assert_true(w->maternity_pages >= 12);
    assert_page_footers(w->maternity, w->maternity_pages);
}

static const char *const maternity_titles[] = {
    "Summary for October 2026",  "Headlines",
    "Stillbirth rate",           "Neonatal mortality rate",
    "PPH \xE2\x89\xA5 1,000 mL", "Bookings with a PPH risk assessment",
    "Stillbirth rate by site",   "PPH \xE2\x89\xA5 1,000 mL: sites compared, October 2026",
    "How to read this report"};

/* The page number the contents give title: the digits after its dot leaders. */
static int contents_page_of(const char *contents, const char *title)
{
    const char *at = strstr(contents, title);
    if (!at) {
        fail_msg("the contents do not list '%s'", title);
        return 0;
    }
    at += strlen(title);
    if (*at != ' ' && *at != '.')
        fail_msg("'%s' in the contents is followed by '%.20s'", title, at);
    while (*at == ' ' || *at == '.')
        at++;
    return atoi(at);
}

static void test_contents_give_the_page_each_section_starts_on(void **state)
{
    world *w = *state;
    require_tools();
    char *contents = page_squeezed(w->maternity, 2);
    assert_non_null(strstr(contents, "Contents"));
    int last = 2;
    for (size_t i = 0; i < LEN(maternity_titles); i++) {
        int page = contents_page_of(contents, maternity_titles[i]);
        assert_true(page > last - (i > 0 ? 1 : 0)); /* in order; two may share a page */
        char *t = page_squeezed(w->maternity, page);
        if (!strstr(t, maternity_titles[i]))
            fail_msg("contents say '%s' is on page %d, which does not show it", maternity_titles[i],
                     page);
        free(t);
        last = page;
    }
    free(contents);
}

static void test_outline_has_every_section_and_indicator_page(void **state)
{
    world *w = *state;
    require_tools();
    char *out = tool_output("qpdf --json --json-key=outlines", w->maternity, "2>/dev/null");
    for (size_t i = 0; i < LEN(maternity_titles); i++) {
        char want[160];
        snprintf(want, sizeof(want), "\"title\": \"%s\"", maternity_titles[i]);
        if (!strstr(out, want))
            fail_msg("the outline has no entry %s", want);
    }
    /* plus the cover (the pack's title) and the contents page itself */
    assert_int_equal(count_of(out, "\"title\":"), LEN(maternity_titles) + 2);
    assert_non_null(strstr(out, "\"title\": \"Contents\""));
    assert_non_null(strstr(out, "\"title\": \"Maternity and neonatal safety board report\""));
    free(out);
}

/* A section turned landscape gets a landscape page; the cover stays portrait. */
static void test_landscape_section_gets_a_landscape_page(void **state)
{
    world *w = *state;
    require_tools();
    char *raw = tool_output("pdfinfo -f 1 -l 3", w->board, "2>/dev/null");
    char *out = squeeze(raw);
    assert_non_null(strstr(out, "Page 1 size: 595.276 x 841.89 pts (A4)"));
    assert_non_null(strstr(out, "Page 2 size: 841.89 x 595.276 pts (A4)"));
    free(out);
    free(raw);
    char *t = page_squeezed(w->board, 2);
    assert_non_null(strstr(t, "Summary for October 2026"));
    free(t);
}

/* ---- what the sections print ------------------------------------------------------------- */

static void test_cover_shows_title_organisation_period_and_template_text(void **state)
{
    world *w = *state;
    require_tools();
    char *t = page_squeezed(w->maternity, 1);
    assert_non_null(strstr(t, "Northfield and Ashby Hospitals NHS Foundation Trust "
                              "Maternity and neonatal safety board report"));
    assert_non_null(strstr(t, "Reporting period: October 2026"));
    assert_non_null(strstr(t, "Generated 23 November 2026 00:45 UTC"));
    assert_non_null(strstr(t, "Monthly report to the trust board for October 2026, covering "
                              "November 2025 to October 2026."));
    assert_null(strstr(t, "Page 1 of 1 ")); /* the cover is one page of many */
    free(t);
}

/* The grid's rows: value with its month, the variation and assurance in words, the target,
 * the sentence, and a key to the icons drawn. */
static void test_summary_grid_prints_values_and_icons_in_words(void **state)
{
    world *w = *state;
    require_tools();
    int page = page_with(w->maternity, w->maternity_pages, "Summary for October 2026 Each row");
    assert_int_equal(page, 3);
    /* the grid's sentences are long enough that it (and its key) runs on to the next page */
    char *t3 = page_squeezed(w->maternity, page), *t4 = page_squeezed(w->maternity, page + 1);
    char *t = bp_asprintf("%s %s", t3, t4);
    free(t3);
    free(t4);
    const char *want[] = {"Latest value and",
                          "Variation",
                          "Assurance",
                          "What the chart shows",
                          "7.2%",
                          "94.6%",
                          "4.4 per 1,000",
                          "Target 6%",
                          "Target 95%",
                          "No target",
                          "Common cause variation: no sign of change",
                          "Key to the icons",
                          "Common cause variation",
                          "Hit and miss: may pass or fail the target"};
    for (size_t i = 0; i < LEN(want); i++)
        if (!strstr(t, want[i]))
            fail_msg("the summary grid lacks '%s'", want[i]);
    /* concerns first: the PPH rows (hit and miss) come before stillbirth (no target) */
    assert_true(strstr(t, "PPH \xE2\x89\xA5 1,000 mL") < strstr(t, "Stillbirth rate"));
    assert_true(strstr(t, "7.2%") < strstr(t, "4.4 per 1,000"));
    free(t);
}

/* The sample extract's October 2026 stillbirths: 2 of 453 births, 4.4 per 1,000, on a p chart
 * whose mean is 4.1 with limits 0.0 to 13.1 (docs/statistics.md; spc.csv holds the same). */
static void test_indicator_page_table_prints_counts_value_and_limits(void **state)
{
    world *w = *state;
    require_tools();
    int page = page_with(w->maternity, w->maternity_pages, "Stillbirth rate: month by month");
    assert_true(page >= 4);
    char *t = page_squeezed(w->maternity, page);
    assert_non_null(strstr(t, "Count / total"));
    assert_non_null(strstr(t, "Mean Process limits Signal"));
    assert_non_null(strstr(t, "Oct 2026 2 / 453 4.4 4.1 0.0 " EN_DASH " 13.1 Common cause"));
    assert_non_null(strstr(t, "Nov 2025 2 / 502 4.0 4.1 0.0 " EN_DASH " 12.7 Common cause"));
    assert_non_null(strstr(t, "Stillbirth rate Common cause variation No target Latest 4.4 per "
                              "1,000 total births, October 2026 Mean since Nov 2023: 4.1"));
    free(t);
}

static void test_annotated_page_lists_its_numbered_notes(void **state)
{
    world *w = *state;
    require_tools();
    int page = page_with(w->maternity, w->maternity_pages, "Clear calibrated drapes");
    char *t = page_squeezed(w->maternity, page);
    assert_non_null(strstr(t, "PPH \xE2\x89\xA5 1,000 mL Common cause variation"));
    assert_non_null(strstr(t, "3 Clear calibrated drapes to measure blood loss at every birth"));
    free(t);
    int gap =
        page_with(w->maternity, w->maternity_pages, "The gap: Black and minority ethnic and White");
    assert_true(gap > page);
    assert_true(page_with(w->maternity, w->maternity_pages, "By ethnic group") > page);
}

/* Every section type of the template is drawn, each with what shows it is there. */
static void test_every_section_type_is_drawn(void **state)
{
    world *w = *state;
    require_tools();
    char *raw = tool_output("pdftotext -layout", w->every, "- 2>/dev/null");
    char *t = squeeze(raw);
    const char *want[] = {
        "Trust board summary: maternity, child health and Acting Early",
        "Summary",
        "Latest value and",
        "Key to the icons",
        "Headlines",
        "PPH \xE2\x89\xA5 1,000 mL: month by month",
        "By ethnic group",
        "PPH by site",
        "Every panel is drawn on the same scale",
        "PPH: sites compared",
        "November 2025 to October 2026",
        "Northfield General Hospital",
        "Maturity matrix",
        "Scores in 2026-Q3",
        "Key performance indicators",
        "Worse than",
        "Better than",
        "Progress",
        "Better or worse",
        "Long-term outcomes",
        "No data available",
        "Data incomplete",
        "Maturity summary",
        "Mature in 10-15 features",
        "Survey",
        "Children's centre manager",
        "Appropriate referrals",
        "IHI Assessment Scale",
        "Teams at each level of the scale",
        "Attendance",
        "Attendances by ICS and type of event",
        "North Central London",
        "PDSA cycles",
        "Stage now",
        "All teams",
        "Notes First paragraph, over two lines. Second one.",
    };
    for (size_t i = 0; i < LEN(want); i++)
        if (!strstr(t, want[i]))
            fail_msg("the every-section pack lacks '%s'", want[i]);
    assert_null(strstr(t, "Not available"));
    free(t);
    free(raw);
}

/* A section whose source the pack does not read prints why, in place of its content. */
static void test_unavailable_section_prints_its_reason(void **state)
{
    world *w = *state;
    require_tools();
    every_template every;
    every_template_init(&every);
    char path[160];
    int pages = write_built(w, config_pack(w->cfg, "maternity-board"), &every.t, "unavailable.pdf",
                            path, sizeof(path));
    char *raw = tool_output("pdftotext -layout", path, "- 2>/dev/null");
    char *t = squeeze(raw);
    assert_non_null(strstr(t, "Maturity matrix Not available: this pack reads no ae_maturity "
                              "extract."));
    assert_non_null(strstr(t, "Survey Not available: this pack reads no ae_survey extract."));
    assert_non_null(strstr(t, "PDSA cycles Not available: this pack reads no collab_pdsa "
                              "extract."));
    assert_int_equal(count_of(t, "Not available: "), 9);
    assert_int_equal(count_of(t, "Page "), (size_t)pages);
    free(t);
    free(raw);
}

/* An external pack: small counts print "*", never the count, in tables and the grid. */
static void test_external_pack_prints_star_for_small_counts(void **state)
{
    world *w = *state;
    require_tools();
    int page = page_with(w->external, 40, "Stillbirth rate: month by month");
    assert_true(page > 0);
    char *t = page_squeezed(w->external, page);
    assert_non_null(strstr(t, "Oct 2026 * * 4.1 * *")); /* 2 stillbirths: suppressed */
    assert_null(strstr(t, "2 / 453"));
    free(t);
    char *raw = tool_output("pdftotext -layout", w->external, "- 2>/dev/null");
    assert_null(strstr(raw, " 2 / 453"));
    assert_non_null(strstr(raw, "Small numbers are suppressed and shown as *"));
    free(raw);
}

/* ---- the hand-built fixture -------------------------------------------------------------- */

static packfixture *fixture_pdf(world *w, const packfixture_opts *o, const char *name, char *path,
                                size_t n, int *pages)
{
    packfixture *fx = packfixture_new(o);
    assert_non_null(fx);
    snprintf(path, n, "%s/%s", w->dir, name);
    bp_error e;
    bp_error_clear(&e);
    if (pdf_pack_write(&fx->pack, path, FONT_DIR, pages, &e) != BP_OK)
        fail_msg("pdf_pack_write(%s): %s", name, e.message);
    return fx;
}

/* Without sections: the cover, then each indicator's months; a month with no data is a dash. */
static void test_pack_without_sections_gets_cover_and_monthly_tables(void **state)
{
    world *w = *state;
    require_tools();
    char path[160];
    int pages = 0;
    packfixture *fx = fixture_pdf(w, NULL, "plain.pdf", path, sizeof(path), &pages);
    assert_int_equal(pages, 3);
    char *cover = page_squeezed(path, 1), *raw = tool_output("pdftotext -layout", path, "-");
    char *t = squeeze(raw);
    assert_non_null(strstr(cover, fx->pack.organisation)); /* long: wrapped, not cut */
    assert_non_null(strstr(t, "Monthly indicators Stillbirth rate: month by month"));
    assert_non_null(strstr(t, "Dec 2025 2 / 477 4.2"));
    assert_non_null(strstr(t, "May 2026 " EN_DASH " " EN_DASH));
    assert_non_null(strstr(t, "PPH \xE2\x89\xA5 1,000 mL: month by month"));
    assert_non_null(strstr(t, "Dec 2025 36 / 1,013 3.6"));
    assert_non_null(strstr(t, "Page 3 of 3"));
    free(cover);
    free(t);
    free(raw);
    packfixture_free(fx);
}

/* A suppressed latest point: the grid and the month table print "*", not its value. */
static void test_suppressed_point_prints_star_in_grid_and_table(void **state)
{
    world *w = *state;
    require_tools();
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    assert_true(packfixture_add_charts(fx));
    assert_true(packfixture_add_summary_grid(fx));
    size_t last = fx->pack.inds[0].series.n - 1;
    packfixture_suppress_point(fx, last);
    fx->pack.sections[0].rows[0].suppressed = true; /* as the pack builder marks it */
    char path[160];
    snprintf(path, sizeof(path), "%s/suppressed.pdf", w->dir);
    bp_error e;
    bp_error_clear(&e);
    assert_int_equal(pdf_pack_write(&fx->pack, path, FONT_DIR, NULL, &e), BP_OK);
    char *raw = tool_output("pdftotext", path, "- 2>/dev/null"); /* reading order */
    char *t = squeeze(raw);
    assert_non_null(strstr(t, "Stillbirth rate * October 2026"));
    free(t);
    free(raw);
    packfixture_free_added(fx);
    packfixture_suppress_point(fx, last);
    snprintf(path, sizeof(path), "%s/suppressed-plain.pdf", w->dir);
    assert_int_equal(pdf_pack_write(&fx->pack, path, FONT_DIR, NULL, &e), BP_OK);
    raw = tool_output("pdftotext -layout", path, "- 2>/dev/null");
    t = squeeze(raw);
    assert_int_equal(count_of(t, "Oct 2026 * *"), 3);
    assert_null(strstr(t, "Oct 2026 2 / 487"));
    assert_non_null(strstr(t, "Sep 2026 0 / 450 0.0"));
    free(t);
    free(raw);
    packfixture_free(fx);
}

static void test_unwritable_path_is_an_output_error(void **state)
{
    (void)state;
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    bp_error err;
    bp_error_clear(&err);
    int pages = -1;
    const char *path = "/nonexistent-boardpack-dir/pack.pdf";
    assert_int_equal(pdf_pack_write(&fx->pack, path, FONT_DIR, &pages, &err), BP_EOUTPUT);
    assert_int_equal(err.code, BP_EOUTPUT);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "No such file or directory"));
    assert_int_equal(pages, -1);
    packfixture_free(fx);
}

static void test_missing_font_is_reported_with_its_path(void **state)
{
    world *w = *state;
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    bp_error err;
    bp_error_clear(&err);
    char path[160];
    snprintf(path, sizeof(path), "%s/nofont.pdf", w->dir);
    assert_int_equal(pdf_pack_write(&fx->pack, path, "/nonexistent-fonts", NULL, &err),
                     BP_EINTERNAL);
    assert_non_null(strstr(err.message, "/nonexistent-fonts/DejaVuSans.ttf"));
    assert_int_equal(access(path, F_OK), -1); /* nothing half-written */
    packfixture_free(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qpdf_finds_no_errors_in_any_pack),
        cmocka_unit_test(test_only_embedded_dejavu_fonts),
        cmocka_unit_test(test_pdfinfo_has_title_author_creator_and_date),
        cmocka_unit_test(test_every_page_has_footer_page_n_of_m_and_classification),
        cmocka_unit_test(test_contents_give_the_page_each_section_starts_on),
        cmocka_unit_test(test_outline_has_every_section_and_indicator_page),
        cmocka_unit_test(test_landscape_section_gets_a_landscape_page),
        cmocka_unit_test(test_cover_shows_title_organisation_period_and_template_text),
        cmocka_unit_test(test_summary_grid_prints_values_and_icons_in_words),
        cmocka_unit_test(test_indicator_page_table_prints_counts_value_and_limits),
        cmocka_unit_test(test_annotated_page_lists_its_numbered_notes),
        cmocka_unit_test(test_every_section_type_is_drawn),
        cmocka_unit_test(test_unavailable_section_prints_its_reason),
        cmocka_unit_test(test_external_pack_prints_star_for_small_counts),
        cmocka_unit_test(test_pack_without_sections_gets_cover_and_monthly_tables),
        cmocka_unit_test(test_suppressed_point_prints_star_in_grid_and_table),
        cmocka_unit_test(test_unwritable_path_is_an_output_error),
        cmocka_unit_test(test_missing_font_is_reported_with_its_path),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
