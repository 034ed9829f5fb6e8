/* test_html.c - the HTML renderer's pieces (html_table.h, html_svg.h, html_pack.h): escaping,
 * tables with captions, header scopes, column groups and suppression marks, an SPC chart as a
 * titled and described SVG whose line breaks at a missing month, and a whole pack document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "content.h"
#include "disclosure.h"
#include "html_pack.h"
#include "html_svg.h"
#include "html_table.h"
#include "packfixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What fn writes, as a string the caller frees. */
typedef struct {
    char *buf;
    size_t len;
    FILE *fp;
} sink;

static void sink_open(sink *s)
{
    s->buf = NULL;
    s->len = 0;
    s->fp = open_memstream(&s->buf, &s->len);
    assert_non_null(s->fp);
}

static char *sink_close(sink *s)
{
    fclose(s->fp);
    return s->buf;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void test_text_is_escaped_and_lines_break(void **state)
{
    (void)state;
    sink s;
    sink_open(&s);
    html_esc(s.fp, "<b>\"A&B\"</b>");
    fputc('|', s.fp);
    html_lines(s.fp, "one\ntwo");
    char *out = sink_close(&s);
    assert_string_equal(out, "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;|one<br>two");
    free(out);
}

static void test_table_has_caption_scopes_groups_and_marks(void **state)
{
    (void)state;
    cm_doc *d = cm_doc_new();
    cm_section *sec = cm_section_add(d, 0, "T");
    cm_table *t = cm_table_new(d, sec, 2, 3, "Births by site", true);
    cm_table_column(d, t, 0, "Site", CM_COL_TEXT, CM_ALIGN_LEFT, (cm_width){0});
    cm_table_column(d, t, 1, "Births", CM_COL_COUNT, CM_ALIGN_RIGHT, (cm_width){0});
    cm_table_column(d, t, 2, "Rate", CM_COL_NUMBER, CM_ALIGN_RIGHT, (cm_width){0});
    cm_table_group(d, t, "This year", 1, 2);
    t->row_headers = true;
    cm_cell_text(d, t, 0, 0, "North <1>");
    cm_cell_count(d, t, 0, 1, 412);
    cm_cell_number(d, t, 0, 2, 4.854, 1, "4.9");
    cm_cell_text(d, t, 1, 0, "South");
    cm_cell_suppressed(t, 1, 1);
    cm_cell_suppressed(t, 1, 2);
    sink s;
    sink_open(&s);
    html_table(s.fp, t, "data", NULL, NULL);
    char *out = sink_close(&s);
    assert_non_null(strstr(out, "<caption>Births by site</caption>"));
    assert_int_equal(count_of(out, "<th scope=\"col\""), 3);
    assert_int_equal(count_of(out, "<th scope=\"row\""), 2);
    assert_non_null(strstr(out, "<th scope=\"colgroup\" colspan=\"2\" class=\"c\">This year</th>"));
    assert_non_null(strstr(out, "North &lt;1&gt;"));
    assert_non_null(strstr(out, "data-value=\"412.00\">412</td>"));
    assert_non_null(strstr(out, "data-value=\"4.854\">4.9</td>"));
    /* a suppressed cell: the mark, read out as suppressed, and no number behind it */
    assert_int_equal(count_of(out, "<abbr title=\"suppressed: a small number\">" DISCLOSURE_MARK
                                   "</abbr>"),
                     2);
    assert_int_equal(count_of(out, "data-value"), 2);
    /* the region that scrolls at high zoom can be reached with the keyboard */
    assert_non_null(strstr(out, "tabindex=\"0\" role=\"region\" aria-label=\"Births by site\""));
    free(out);
    /* a caption that repeats the heading above is kept for screen readers only */
    sink_open(&s);
    html_table(s.fp, t, "data", NULL, "Births by site");
    out = sink_close(&s);
    assert_non_null(strstr(out, "<caption class=\"sr-only\">Births by site</caption>"));
    free(out);
    cm_doc_free(d);
}

static void test_spc_chart_is_described_and_breaks_at_a_gap(void **state)
{
    (void)state;
    chart_spc_point pts[4] = {
        {.label = "Jan 26", .has_value = true, .value = 2, .kind = CHART_POINT_COMMON},
        {.label = "Feb 26", .has_value = true, .value = 3, .kind = CHART_POINT_COMMON},
        {.label = "Mar 26", .has_value = false},
        {.label = "Apr 26", .has_value = true, .value = 9, .kind = CHART_POINT_CONCERN},
    };
    cm_chart ch = {.kind = CM_CHART_SPC,
                   .description = "Four months; April is a concern.",
                   .spec.spc = {.title = "Falls", .pts = pts, .n = 4}};
    sink s;
    sink_open(&s);
    html_chart(s.fp, &ch, 7);
    char *out = sink_close(&s);
    assert_non_null(strstr(out, "role=\"img\" aria-labelledby=\"ch7-t ch7-d\""));
    assert_non_null(strstr(out, "<title id=\"ch7-t\">Falls</title>"));
    assert_non_null(strstr(out, "<desc id=\"ch7-d\">Four months; April is a concern.</desc>"));
    /* the data line: one path for Jan-Feb, a new one after the missing March */
    const char *line = strstr(out, "stroke-width=\"1.5\"");
    assert_non_null(line);
    assert_int_equal(count_of(out, "stroke-width=\"1.5\""), 2);
    /* a concern is a square, not only a colour */
    assert_int_equal(count_of(out, "<rect x="), 1);
    /* the numbers: March has none */
    assert_non_null(strstr(out, "<th scope=\"row\" class=\"l\">Mar 26</th><td class=\"r\">\xE2\x80\x93"));
    assert_non_null(strstr(out, "<td class=\"l\">Concern</td>"));
    free(out);
}

static void test_pack_document_structure(void **state)
{
    (void)state;
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    assert_true(packfixture_add_charts(fx));
    assert_true(packfixture_add_summary_grid(fx));
    char dir[] = "/tmp/bp-html-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/p.html", dir);
    bp_error e;
    bp_error_clear(&e);
    assert_int_equal(html_pack_write(&fx->pack, NULL, path, &e), BP_OK);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    assert_int_equal(strncmp(buf, "<!DOCTYPE html>\n<html lang=\"en-GB\">", 35), 0);
    assert_int_equal(count_of(buf, "<h1>"), 1);
    assert_non_null(strstr(buf, "<title>"));
    assert_null(strstr(buf, "<script"));
    assert_non_null(strstr(buf, "--nhs-blue:#005eb8;"));
    assert_non_null(strstr(buf, "Stillbirth rate"));
    unlink(path);
    rmdir(dir);
    /* a file that cannot be written is an output error naming it */
    bp_error_clear(&e);
    assert_int_equal(html_pack_write(&fx->pack, NULL, "/nonexistent-dir/p.html", &e), BP_EOUTPUT);
    assert_non_null(strstr(e.file[0] ? e.file : e.message, "/nonexistent-dir/p.html"));
    packfixture_free_added(fx);
    packfixture_free(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_is_escaped_and_lines_break),
        cmocka_unit_test(test_table_has_caption_scopes_groups_and_marks),
        cmocka_unit_test(test_spc_chart_is_described_and_breaks_at_a_gap),
        cmocka_unit_test(test_pack_document_structure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
