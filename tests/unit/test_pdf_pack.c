/* test_pdf_pack.c - writes the fixture packs as PDFs and reads them back with independent tools
 * (qpdf, pdffonts, pdfinfo, pdftotext): structure, embedded fonts, page count, and every month,
 * count and value of the table on the page where it belongs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "packfixture.h"
#include "pdf_pack.h"

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

#define EN_DASH "\xE2\x80\x93"

typedef struct {
    char dir[64];
    char pdf12[128], pdf40[128];
    int pages12, pages40;
    packfixture *fx12, *fx40;
} pdf_state;

/* Run cmd through the shell; the exit status, with stdout in *out (caller frees). */
static int run_capture(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
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
    int rc = run_capture(cmd, &out);
    if (rc != 0)
        fail_msg("pdftotext failed (%d) on page %d of %s", rc, page, path);
    return out;
}

static void require_tool(const char *name)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
    if (system(cmd) != 0)
        fail_msg("%s is required by this test (Debian packages qpdf and poppler-utils)", name);
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

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + 1, needle))
        n++;
    return n;
}

/* The text line whose first word is label (copied; caller frees), or fail. */
static char *line_of(const char *text, const char *label)
{
    for (const char *s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
        const char *t = s + strspn(s, " ");
        if (strncmp(t, label, strlen(label)) == 0) {
            size_t n = strcspn(t, "\n");
            char *line = malloc(n + 1);
            assert_non_null(line);
            memcpy(line, t, n);
            line[n] = '\0';
            return line;
        }
    }
    fail_msg("no line starts with '%s'", label);
    return NULL;
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

static int write_fixture(packfixture *fx, const char *path, int *pages)
{
    bp_error err;
    bp_error_clear(&err);
    bp_status st = pdf_pack_write(&fx->pack, path, FONT_DIR, pages, &err);
    if (st != BP_OK)
        fprintf(stderr, "pdf_pack_write(%s): %s\n", path, err.message);
    return st == BP_OK ? 0 : -1;
}

static int group_setup(void **state)
{
    pdf_state *s = calloc(1, sizeof(*s));
    if (!s)
        return -1;
    snprintf(s->dir, sizeof(s->dir), "/tmp/bp-test-pdf-XXXXXX");
    if (!mkdtemp(s->dir))
        return -1;
    snprintf(s->pdf12, sizeof(s->pdf12), "%s/months12.pdf", s->dir);
    snprintf(s->pdf40, sizeof(s->pdf40), "%s/months40.pdf", s->dir);
    packfixture_opts o40 = {.months = 40};
    s->fx12 = packfixture_new(NULL);
    s->fx40 = packfixture_new(&o40);
    *state = s;
    if (!s->fx12 || !s->fx40)
        return -1;
    return write_fixture(s->fx12, s->pdf12, &s->pages12) ||
           write_fixture(s->fx40, s->pdf40, &s->pages40);
}

static int group_teardown(void **state)
{
    pdf_state *s = *state;
    if (!s)
        return 0;
    remove_dir(s->dir);
    packfixture_free(s->fx12);
    packfixture_free(s->fx40);
    free(s);
    return 0;
}

static void test_qpdf_finds_no_structural_errors(void **state)
{
    pdf_state *s = *state;
    require_tool("qpdf");
    char *out = tool_output("qpdf --check", s->pdf12, "2>&1");
    assert_non_null(strstr(out, "No syntax or stream encoding errors"));
    free(out);
    out = tool_output("qpdf --check", s->pdf40, "2>&1");
    free(out);
}

/* pdffonts rows end "... emb sub uni object-number generation". */
static void assert_font_row_embedded_dejavu(char *row)
{
    char *tok[32];
    size_t n = 0;
    for (char *t = strtok(row, " "); t && n < 32; t = strtok(NULL, " "))
        tok[n++] = t;
    assert_true(n >= 6);
    if (!strstr(tok[0], "DejaVuSans"))
        fail_msg("font %s is not DejaVu Sans", tok[0]);
    if (strcmp(tok[n - 5], "yes") != 0)
        fail_msg("font %s is not embedded (emb column '%s')", tok[0], tok[n - 5]);
}

static void test_every_font_is_embedded_dejavu(void **state)
{
    pdf_state *s = *state;
    require_tool("pdffonts");
    char *out = tool_output("pdffonts", s->pdf12, "2>/dev/null");
    size_t rows = 0;
    char *save = NULL;
    char *line = strtok_r(out, "\n", &save);
    for (int i = 0; line; line = strtok_r(NULL, "\n", &save), i++) {
        if (i < 2)
            continue; /* the column titles and the dashes under them */
        assert_font_row_embedded_dejavu(line);
        rows++;
    }
    assert_int_equal(rows, 2); /* regular and bold */
    free(out);
}

static void test_pdfinfo_reports_title_creator_and_page_count(void **state)
{
    pdf_state *s = *state;
    require_tool("pdfinfo");
    assert_int_equal(s->pages12, 2);
    char *out = tool_output("pdfinfo", s->pdf12, "2>/dev/null");
    char *title = line_of(out, "Title:");
    assert_string_equal(title, "Title:           Maternity and neonatal safety board report");
    assert_non_null(strstr(out, "Creator:         boardpack\n"));
    assert_non_null(strstr(out, "Author:          Director of Midwifery\n"));
    assert_non_null(strstr(out, "Pages:           2\n"));
    assert_non_null(strstr(out, "CreationDate:    Mon Nov 23 00:45:00 2026 UTC"));
    free(title);
    free(out);
}

static void test_cover_shows_title_organisation_period_and_generation_time(void **state)
{
    pdf_state *s = *state;
    require_tool("pdftotext");
    char *raw = page_text(s->pdf12, 1);
    char *text = squeeze(raw);
    assert_non_null(strstr(text, "Maternity and neonatal safety board report"));
    assert_non_null(strstr(text, s->fx12->pack.organisation));
    assert_non_null(strstr(text, "Reporting period: October 2026"));
    assert_non_null(strstr(text, "Generated 23 November 2026 00:45 UTC"));
    assert_non_null(strstr(text, "Source: maternity.csv, 5,400 rows accepted"));
    assert_non_null(strstr(text, "PPH \xE2\x89\xA5 1,000 mL"));
    assert_int_equal(count_of(text, "OFFICIAL-SENSITIVE"), 2);
    free(text);
    free(raw);
}

/* Counts as the PDF prints them: "2 / 477", with thousands separators. */
static void expected_counts(const ind_point *pt, char *buf, size_t n)
{
    long num = (long)pt->numerator, den = (long)pt->denominator;
    if (den >= 1000)
        snprintf(buf, n, "%ld / %ld,%03ld", num, den / 1000, den % 1000);
    else
        snprintf(buf, n, "%ld / %ld", num, den);
}

/* The row of month i reads: label, then per indicator its counts and value, in that order. */
static void assert_row(const char *text, const packfixture *fx, size_t i)
{
    char label[32], want[64];
    period_format_label(fx->pack.inds[0].series.pts[i].period, label, sizeof(label));
    char *line = line_of(text, label);
    const char *at = line + strlen(label);
    for (size_t k = 0; k < fx->pack.ninds; k++) {
        const ind_point *pt = &fx->pack.inds[k].series.pts[i];
        for (int part = 0; part < 2; part++) {
            if (!pt->has_value)
                snprintf(want, sizeof(want), EN_DASH);
            else if (part == 0)
                expected_counts(pt, want, sizeof(want));
            else
                snprintf(want, sizeof(want), "%.1f", pt->value);
            const char *hit = strstr(at, want);
            if (!hit)
                fail_msg("row '%s': expected '%s' after '%s'", line, want, at);
            at = hit + strlen(want);
        }
    }
    free(line);
}

static void test_table_has_every_month_count_and_value(void **state)
{
    pdf_state *s = *state;
    require_tool("pdftotext");
    char *text = page_text(s->pdf12, 2);
    for (size_t i = 0; i < 12; i++)
        assert_row(text, s->fx12, i);
    assert_non_null(strstr(text, "Stillbirth rate"));
    assert_non_null(strstr(text, "PPH \xE2\x89\xA5 1,000 mL"));
    char *line = line_of(text, "Dec 2025");
    char *squeezed = squeeze(line);
    assert_string_equal(squeezed, "Dec 2025 2 / 477 4.2 2 / 475 4.2 36 / 1,013 3.6");
    free(squeezed);
    free(line);
    free(text);
}

static void test_gap_month_prints_en_dash_not_zero(void **state)
{
    pdf_state *s = *state;
    require_tool("pdftotext");
    assert_int_equal(packfixture_gap_index(12), 6);
    char *text = page_text(s->pdf12, 2);
    char *line = line_of(text, "May 2026");
    char *squeezed = squeeze(line);
    assert_string_equal(squeezed, "May 2026 " EN_DASH " " EN_DASH " 1 / 480 2.1 40 / 1,038 3.9");
    free(squeezed);
    free(line);
    free(text);
}

static void test_every_page_has_page_n_of_m_footer(void **state)
{
    pdf_state *s = *state;
    require_tool("pdftotext");
    assert_int_equal(s->pages40, 3);
    for (int page = 1; page <= 3; page++) {
        char *text = page_text(s->pdf40, page);
        char want[32];
        snprintf(want, sizeof(want), "Page %d of 3", page);
        if (!strstr(text, want))
            fail_msg("page %d lacks '%s'", page, want);
        assert_int_equal(count_of(text, "Page "), 1);
        assert_int_equal(count_of(text, "OFFICIAL-SENSITIVE"), 2);
        assert_non_null(strstr(text, "Generated 23 November 2026 00:45 UTC"));
        free(text);
    }
}

static void test_long_table_repeats_header_on_continuation_page(void **state)
{
    pdf_state *s = *state;
    require_tool("pdftotext");
    char *p2 = page_text(s->pdf40, 2), *p3 = page_text(s->pdf40, 3);
    assert_non_null(strstr(p3, "Monthly indicators (continued)"));
    assert_null(strstr(p2, "(continued)"));
    const char *header[] = {"Month", "Stillbirth rate", "Neonatal mortality rate",
                            "PPH \xE2\x89\xA5 1,000 mL", "Count / total"};
    for (size_t h = 0; h < sizeof(header) / sizeof(header[0]); h++) {
        if (!strstr(p2, header[h]) || !strstr(p3, header[h]))
            fail_msg("header '%s' is not on both table pages", header[h]);
    }
    /* every month once, in order, split between the two pages */
    char *both = malloc(strlen(p2) + strlen(p3) + 1);
    assert_non_null(both);
    strcpy(both, p2);
    strcat(both, p3);
    for (size_t i = 0; i < 40; i++)
        assert_row(both, s->fx40, i);
    assert_non_null(strstr(p2, "Jul 2023"));
    assert_non_null(strstr(p3, "Oct 2026"));
    assert_null(strstr(p3, "Jul 2023"));
    free(both);
    free(p2);
    free(p3);
}

/* Nine indicators do not fit one table: they go in tables of three, each keeping its counts. */
static void test_many_indicators_split_into_tables_that_fit(void **state)
{
    pdf_state *s = *state;
    require_tool("pdftotext");
    packfixture_opts o = {.copies = 3};
    packfixture *fx = packfixture_new(&o);
    assert_non_null(fx);
    char path[160];
    int pages = 0;
    snprintf(path, sizeof(path), "%s/nine.pdf", s->dir);
    assert_int_equal(write_fixture(fx, path, &pages), 0);
    char *raw = tool_output("pdftotext -layout", path, "- 2>/dev/null");
    char *text = squeeze(raw);
    assert_int_equal(count_of(text, "Count / total"), 9);
    assert_int_equal(count_of(text, "Oct 2026 2 / 487 4.1 0 / 485 0.0 27 / 983 2.7"), 3);
    assert_int_equal(count_of(text, "May 2026 " EN_DASH " " EN_DASH " 1 / 480 2.1"), 3);
    assert_int_equal(count_of(text, "Page "), (size_t)pages);
    free(text);
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
    pdf_state *s = *state;
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    bp_error err;
    bp_error_clear(&err);
    char path[160];
    snprintf(path, sizeof(path), "%s/nofont.pdf", s->dir);
    assert_int_equal(pdf_pack_write(&fx->pack, path, "/nonexistent-fonts", NULL, &err),
                     BP_EINTERNAL);
    assert_non_null(strstr(err.message, "/nonexistent-fonts/DejaVuSans.ttf"));
    assert_int_equal(access(path, F_OK), -1); /* nothing half-written */
    packfixture_free(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qpdf_finds_no_structural_errors),
        cmocka_unit_test(test_every_font_is_embedded_dejavu),
        cmocka_unit_test(test_pdfinfo_reports_title_creator_and_page_count),
        cmocka_unit_test(test_cover_shows_title_organisation_period_and_generation_time),
        cmocka_unit_test(test_table_has_every_month_count_and_value),
        cmocka_unit_test(test_gap_month_prints_en_dash_not_zero),
        cmocka_unit_test(test_every_page_has_page_n_of_m_footer),
        cmocka_unit_test(test_long_table_repeats_header_on_continuation_page),
        cmocka_unit_test(test_many_indicators_split_into_tables_that_fit),
        cmocka_unit_test(test_unwritable_path_is_an_output_error),
        cmocka_unit_test(test_missing_font_is_reported_with_its_path),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
