/* test_xlsx_pack.c - writes the fixture packs as workbooks and reads them back with openpyxl
 * (Debian's /usr/bin/python3): numbers stay numbers equal to the fixture, months are real dates,
 * gaps are empty cells, text from configuration is never a formula. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "packfixture.h"
#include "xlsx_pack.h"

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3"
#define HDR_ROW 7   /* the table's header row, 1-based as openpyxl counts */
#define FIRST_ROW 8 /* the first month */

/* Dumps a workbook as tab-separated lines: sheets, properties, tables, freeze panes and every
 * cell with its Python type, openpyxl data type, number format and value. */
static const char dump_py[] =
    "import sys, zipfile, re, html\n"
    "import openpyxl\n"
    "def esc(s): return str(s).replace('\\\\','\\\\\\\\').replace('\\t','\\\\t')"
    ".replace('\\n','\\\\n')\n"
    "path = sys.argv[1]\n"
    "wb = openpyxl.load_workbook(path)\n"
    "print('sheets\\t' + '\\t'.join(esc(n) for n in wb.sheetnames))\n"
    "p = wb.properties\n"
    "print('prop\\ttitle\\t' + esc(p.title or ''))\n"
    "print('prop\\tcreator\\t' + esc(p.creator or ''))\n"
    "print('prop\\tsubject\\t' + esc(p.subject or ''))\n"
    "print('prop\\tcreated\\t' + (p.created.isoformat() if p.created else ''))\n"
    "app = zipfile.ZipFile(path).read('docProps/app.xml').decode('utf-8')\n"
    "m = re.search(r'<Company>(.*?)</Company>', app, re.S)\n"
    "print('prop\\tcompany\\t' + esc(html.unescape(m.group(1)) if m else ''))\n"
    "for ws in wb.worksheets:\n"
    "    print('freeze\\t%s\\t%s' % (esc(ws.title), ws.freeze_panes or ''))\n"
    "    for t in ws.tables.values():\n"
    "        print('table\\t%s\\t%s\\t%s' % (esc(ws.title), esc(t.name), t.ref))\n"
    "        for i, tc in enumerate(t.tableColumns):\n"
    "            print('tcol\\t%s\\t%d\\t%s' % (esc(t.name), i + 1, esc(tc.name)))\n"
    "    for row in ws.iter_rows():\n"
    "        for c in row:\n"
    "            v = c.value\n"
    "            if v is None: kind, text = 'none', ''\n"
    "            elif isinstance(v, bool): kind, text = 'bool', str(v)\n"
    "            elif isinstance(v, (int, float)): kind, text = 'num', repr(float(v))\n"
    "            elif hasattr(v, 'isoformat'): kind, text = 'date', v.isoformat()\n"
    "            else: kind, text = 'str', esc(v)\n"
    "            print('cell\\t%s\\t%d\\t%d\\t%s\\t%s\\t%s\\t%s' % (esc(ws.title), c.row, c.column,"
    " kind, c.data_type, esc(c.number_format), text))\n";

typedef struct {
    char dir[64];
    char script[128];
    packfixture *fx; /* the default fixture */
    char *dump;      /* its workbook, dumped */
    char *dump_eq;   /* a pack whose titles start with "=" */
    char *dump_dup;  /* two indicators with the same title */
    int sheets;
} xlsx_state;

typedef struct {
    char kind[8];  /* num, str, date, none, bool */
    char dtype[4]; /* openpyxl: n, s, d, f, ... */
    char fmt[64];
    char text[512];
} xcell;

static char *run_capture(const char *cmd, int *rc)
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
    *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return buf;
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

/* Write fx to DIR/name and return openpyxl's dump of it (NULL on failure). */
static char *write_and_dump(xlsx_state *s, packfixture *fx, const char *name, int *sheets)
{
    char path[160], cmd[512];
    snprintf(path, sizeof(path), "%s/%s", s->dir, name);
    if (!fx)
        return NULL;
    bp_error err;
    bp_error_clear(&err);
    bp_status st = xlsx_pack_write(&fx->pack, path, sheets, &err);
    if (st != BP_OK) {
        fprintf(stderr, "xlsx_pack_write(%s): %s\n", path, err.message);
        return NULL;
    }
    snprintf(cmd, sizeof(cmd), PYTHON " '%s' '%s' 2>&1", s->script, path);
    int rc;
    char *out = run_capture(cmd, &rc);
    if (rc != 0) {
        fprintf(stderr, "%s failed (%d): %s\n", cmd, rc, out);
        free(out);
        return NULL;
    }
    return out;
}

/* The same indicator twice: its column names must still differ within the table. */
static packfixture *duplicate_fixture(void)
{
    packfixture *fx = packfixture_new(NULL);
    if (!fx)
        return NULL;
    pack_indicator *second = &fx->pack.inds[1];
    second->def = &fx->defs[0];
    free(second->series.label);
    second->series.label = malloc(sizeof("Stillbirth rate"));
    if (second->series.label)
        strcpy(second->series.label, "Stillbirth rate");
    return fx;
}

static int write_script(xlsx_state *s)
{
    snprintf(s->script, sizeof(s->script), "%s/dump.py", s->dir);
    FILE *f = fopen(s->script, "w");
    if (!f)
        return -1;
    fputs(dump_py, f);
    return fclose(f) == 0 ? 0 : -1;
}

static int group_setup(void **state)
{
    xlsx_state *s = calloc(1, sizeof(*s));
    if (!s)
        return -1;
    *state = s;
    snprintf(s->dir, sizeof(s->dir), "/tmp/bp-test-xlsx-XXXXXX");
    if (!mkdtemp(s->dir) || write_script(s) != 0)
        return -1;
    if (system(PYTHON " -c 'import openpyxl' >/dev/null 2>&1") != 0) {
        fprintf(stderr, "these tests need " PYTHON " with openpyxl (python3-openpyxl)\n");
        return -1;
    }
    packfixture_opts eq = {.title = "=HYPERLINK(\"http://example.com\",\"click\")",
                           .organisation = "=1+1 Trust",
                           .first_indicator_title = "=SUM(A1:A2)"};
    int ignored;
    packfixture *fx_eq = packfixture_new(&eq), *fx_dup = duplicate_fixture();
    s->fx = packfixture_new(NULL);
    s->dump = write_and_dump(s, s->fx, "pack.xlsx", &s->sheets);
    s->dump_eq = write_and_dump(s, fx_eq, "formula-like.xlsx", &ignored);
    s->dump_dup = write_and_dump(s, fx_dup, "duplicate.xlsx", &ignored);
    packfixture_free(fx_eq);
    packfixture_free(fx_dup);
    return s->dump && s->dump_eq && s->dump_dup ? 0 : -1;
}

static int group_teardown(void **state)
{
    xlsx_state *s = *state;
    if (!s)
        return 0;
    remove_dir(s->dir);
    packfixture_free(s->fx);
    free(s->dump);
    free(s->dump_eq);
    free(s->dump_dup);
    free(s);
    return 0;
}

/* The rest of the dump line that starts with prefix ("" if none), copied into buf. */
static const char *dump_line(const char *dump, const char *prefix, char *buf, size_t n)
{
    size_t plen = strlen(prefix);
    for (const char *l = dump; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, prefix, plen) == 0) {
            size_t len = strcspn(l + plen, "\n");
            snprintf(buf, n, "%.*s", (int)len, l + plen);
            return buf;
        }
    }
    fail_msg("the workbook dump has no line '%s'", prefix);
    return NULL;
}

static void copy_field(const char **s, char *dst, size_t n)
{
    size_t len = strcspn(*s, "\t");
    snprintf(dst, n, "%.*s", (int)len, *s);
    *s += len + ((*s)[len] == '\t');
}

static xcell cell_at(const char *dump, const char *sheet, int row, int col)
{
    char prefix[96], line[1024];
    xcell c;
    snprintf(prefix, sizeof(prefix), "cell\t%s\t%d\t%d\t", sheet, row, col);
    const char *s = dump_line(dump, prefix, line, sizeof(line));
    copy_field(&s, c.kind, sizeof(c.kind));
    copy_field(&s, c.dtype, sizeof(c.dtype));
    copy_field(&s, c.fmt, sizeof(c.fmt));
    copy_field(&s, c.text, sizeof(c.text));
    return c;
}

static void assert_number(const xcell *c, double want, const char *fmt)
{
    if (strcmp(c->kind, "num") != 0 || strcmp(c->dtype, "n") != 0)
        fail_msg("expected the number %.12g, found a %s cell '%s'", want, c->kind, c->text);
    double got = strtod(c->text, NULL);
    if (fabs(got - want) > 1e-10 * fmax(fabs(want), 1e-300))
        fail_msg("expected %.12g, found %.17g", want, got);
    assert_string_equal(c->fmt, fmt);
}

static void assert_string_cell(const xcell *c, const char *want)
{
    assert_string_equal(c->kind, "str");
    assert_string_equal(c->dtype, "s");
    assert_string_equal(c->text, want);
}

static void test_workbook_has_summary_and_about_sheets(void **state)
{
    xlsx_state *s = *state;
    char buf[256];
    assert_int_equal(s->sheets, 2);
    assert_string_equal(dump_line(s->dump, "sheets\t", buf, sizeof(buf)), "Summary\tAbout");
}

static void test_document_properties_name_pack_author_and_organisation(void **state)
{
    xlsx_state *s = *state;
    char buf[512];
    assert_string_equal(dump_line(s->dump, "prop\ttitle\t", buf, sizeof(buf)),
                        "Maternity and neonatal safety board report");
    assert_string_equal(dump_line(s->dump, "prop\tcreator\t", buf, sizeof(buf)),
                        "Director of Midwifery");
    assert_string_equal(dump_line(s->dump, "prop\tcompany\t", buf, sizeof(buf)),
                        s->fx->pack.organisation);
    assert_string_equal(dump_line(s->dump, "prop\tcreated\t", buf, sizeof(buf)),
                        "2026-11-23T00:45:00");
    assert_non_null(strstr(dump_line(s->dump, "prop\tsubject\t", buf, sizeof(buf)),
                           "reporting period October 2026"));
}

static void test_header_row_names_columns_with_units(void **state)
{
    xlsx_state *s = *state;
    char buf[256];
    xcell c = cell_at(s->dump, "Summary", HDR_ROW, 1);
    assert_string_cell(&c, "Month");
    c = cell_at(s->dump, "Summary", HDR_ROW, 2);
    assert_string_cell(&c, "Stillbirth rate \xE2\x80\x93 numerator (stillbirths)");
    c = cell_at(s->dump, "Summary", HDR_ROW, 4);
    assert_string_cell(&c, "Stillbirth rate (per 1,000 total births)");
    c = cell_at(s->dump, "Summary", HDR_ROW, 10);
    assert_string_cell(&c, "PPH \xE2\x89\xA5 1,000 mL (%)");
    assert_string_equal(dump_line(s->dump, "table\tSummary\t", buf, sizeof(buf)),
                        "Indicators\tA7:J19");
    assert_string_equal(dump_line(s->dump, "freeze\tSummary\t", buf, sizeof(buf)), "B8");
}

static void test_months_are_first_day_dates_formatted_mmm_yyyy(void **state)
{
    xlsx_state *s = *state;
    const char *want[] = {"2025-11-01T00:00:00", "2025-12-01T00:00:00", "2026-01-01T00:00:00"};
    for (int i = 0; i < 12; i++) {
        xcell c = cell_at(s->dump, "Summary", FIRST_ROW + i, 1);
        assert_string_equal(c.kind, "date");
        assert_string_equal(c.fmt, "mmm yyyy");
        if (i < 3)
            assert_string_equal(c.text, want[i]);
    }
    xcell last = cell_at(s->dump, "Summary", FIRST_ROW + 11, 1);
    assert_string_equal(last.text, "2026-10-01T00:00:00");
}

static void test_counts_and_values_are_numbers_equal_to_the_fixture(void **state)
{
    xlsx_state *s = *state;
    size_t gap = packfixture_gap_index(12), checked = 0;
    for (size_t i = 0; i < 12; i++) {
        int col = 2;
        for (size_t k = 0; k < PACKFIXTURE_NINDS; k++, col += 3) {
            const ind_point *pt = &s->fx->pack.inds[k].series.pts[i];
            if (k == 0 && i == gap)
                continue;
            int row = FIRST_ROW + (int)i;
            xcell num = cell_at(s->dump, "Summary", row, col);
            xcell den = cell_at(s->dump, "Summary", row, col + 1);
            xcell val = cell_at(s->dump, "Summary", row, col + 2);
            assert_number(&num, pt->numerator, "#,##0");
            assert_number(&den, pt->denominator, "#,##0");
            assert_number(&val, pt->value, "0.0");
            checked++;
        }
    }
    assert_int_equal(checked, 35);
}

static void test_gap_month_is_an_empty_cell_not_zero(void **state)
{
    xlsx_state *s = *state;
    int row = FIRST_ROW + (int)packfixture_gap_index(12);
    xcell month = cell_at(s->dump, "Summary", row, 1);
    assert_string_equal(month.text, "2026-05-01T00:00:00");
    for (int col = 2; col <= 4; col++) {
        xcell c = cell_at(s->dump, "Summary", row, col);
        if (strcmp(c.kind, "none") != 0)
            fail_msg("gap cell in column %d holds %s '%s'", col, c.kind, c.text);
    }
    xcell next = cell_at(s->dump, "Summary", row, 5);
    assert_number(&next, 1, "#,##0"); /* the other indicators have that month */
}

static void test_formula_like_titles_stay_strings(void **state)
{
    xlsx_state *s = *state;
    xcell c = cell_at(s->dump_eq, "Summary", 1, 1);
    assert_string_cell(&c, "=HYPERLINK(\"http://example.com\",\"click\")");
    c = cell_at(s->dump_eq, "Summary", 2, 1);
    assert_string_cell(&c, "=1+1 Trust");
    c = cell_at(s->dump_eq, "Summary", HDR_ROW, 4);
    assert_string_cell(&c, "=SUM(A1:A2) (per 1,000 total births)");
    c = cell_at(s->dump_eq, "About", 4, 2);
    assert_string_cell(&c, "=HYPERLINK(\"http://example.com\",\"click\")");
    c = cell_at(s->dump_eq, "About", 16, 2);
    assert_string_cell(&c, "=SUM(A1:A2)");
    char buf[256];
    assert_string_equal(dump_line(s->dump_eq, "prop\ttitle\t", buf, sizeof(buf)),
                        "=HYPERLINK(\"http://example.com\",\"click\")");
}

static void test_repeated_indicator_titles_get_distinct_column_names(void **state)
{
    xlsx_state *s = *state;
    const char *want[] = {
        "Stillbirth rate \xE2\x80\x93 numerator (stillbirths)",
        "Stillbirth rate \xE2\x80\x93 denominator (total_births)",
        "Stillbirth rate (per 1,000 total births)",
        "Stillbirth rate \xE2\x80\x93 numerator (stillbirths) (2)",
        "Stillbirth rate \xE2\x80\x93 denominator (total_births) (2)",
        "Stillbirth rate (per 1,000 total births) (2)",
    };
    for (int i = 0; i < 6; i++) {
        xcell c = cell_at(s->dump_dup, "Summary", HDR_ROW, 2 + i);
        assert_string_cell(&c, want[i]);
    }
    char buf[256];
    assert_string_equal(dump_line(s->dump_dup, "tcol\tIndicators\t5\t", buf, sizeof(buf)), want[3]);
}

static void test_about_sheet_identifies_pack_and_defines_indicators(void **state)
{
    xlsx_state *s = *state;
    xcell c = cell_at(s->dump, "About", 3, 2);
    assert_string_cell(&c, "maternity-board");
    c = cell_at(s->dump, "About", 8, 2);
    assert_string_equal(c.kind, "date");
    assert_string_equal(c.text, "2026-10-01T00:00:00");
    c = cell_at(s->dump, "About", 10, 2);
    assert_string_equal(c.text, "2026-11-23T00:45:00");
    char buf[256];
    assert_string_equal(dump_line(s->dump, "table\tAbout\t", buf, sizeof(buf)),
                        "Definitions\tA15:J18");
    const char *strings[][2] = {{"1", "stillbirth_rate"},
                                {"4", "stillbirths"},
                                {"5", "total_births"},
                                {"7", "per 1,000 total births"},
                                {"9", "down"}};
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
        c = cell_at(s->dump, "About", 16, atoi(strings[i][0]));
        assert_string_cell(&c, strings[i][1]);
    }
    c = cell_at(s->dump, "About", 16, 6);
    assert_number(&c, 1000, "General");
    c = cell_at(s->dump, "About", 18, 10);
    assert_number(&c, 6.0, "General");
    c = cell_at(s->dump, "About", 18, 2);
    assert_string_cell(&c, "PPH \xE2\x89\xA5 1,000 mL");
}

static void test_unwritable_path_is_an_output_error(void **state)
{
    xlsx_state *s = *state;
    bp_error err;
    bp_error_clear(&err);
    int sheets = -1;
    const char *path = "/nonexistent-boardpack-dir/pack.xlsx";
    assert_int_equal(xlsx_pack_write(&s->fx->pack, path, &sheets, &err), BP_EOUTPUT);
    assert_int_equal(err.code, BP_EOUTPUT);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "cannot write the workbook"));
    assert_int_equal(sheets, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_has_summary_and_about_sheets),
        cmocka_unit_test(test_document_properties_name_pack_author_and_organisation),
        cmocka_unit_test(test_header_row_names_columns_with_units),
        cmocka_unit_test(test_months_are_first_day_dates_formatted_mmm_yyyy),
        cmocka_unit_test(test_counts_and_values_are_numbers_equal_to_the_fixture),
        cmocka_unit_test(test_gap_month_is_an_empty_cell_not_zero),
        cmocka_unit_test(test_formula_like_titles_stay_strings),
        cmocka_unit_test(test_repeated_indicator_titles_get_distinct_column_names),
        cmocka_unit_test(test_about_sheet_identifies_pack_and_defines_indicators),
        cmocka_unit_test(test_unwritable_path_is_an_output_error),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
