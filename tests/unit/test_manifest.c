/* test_manifest.c - manifest.json: its exact layout, escaping of awkward strings, the status,
 * the optional keys, digests of added files, and that Python's json module accepts it. */
/* cmocka.h needs these first; the blank line keeps clang-format from sorting it above them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "manifest.h"
#include "strutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 2026-11-23T00:45:00Z */
#define GENERATED_AT ((time_t)1795394700)

#define PDF_TEXT "%PDF-1.7 fake\n"
#define PDF_SHA "29f9ccdf7a4bc151a2453213bf4e23e34010796a17a6188593c8b1047710b31b"
#define XLSX_TEXT "PK fake workbook"
#define XLSX_SHA "96620afe7c6d3724985f7c48e6c0392a2c3d8871db7423463bbc2ea53b95600a"
#define REJECTS_TEXT "source,file,line,column,reason,raw\n"
#define REJECTS_SHA "d81c66ee466966e9f3594322e81f93c1e17a029e87ddacdf0fff061cfbd4cbcb"

/* A warning with a quote, a backslash, a newline, a tab, a control character and non-ASCII. */
#define AWKWARD "he said \"no\" at C:\\tmp\non\t\x01 \xE2\x89\xA5 \xC2\xA3 \xE2\x80\x93"
#define AWKWARD_JSON                                                                               \
    "\"he said \\\"no\\\" at C:\\\\tmp\\u000aon\\u0009\\u0001 \xE2\x89\xA5 \xC2\xA3 "              \
    "\xE2\x80\x93\""

typedef struct {
    char dir[64];
    manifest m;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return -1;
    strcpy(fx->dir, "/tmp/test_manifest.XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    manifest_init(&fx->m, "2026-10", GENERATED_AT, NULL);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
    int rc = system(cmd);
    manifest_free(&fx->m);
    free(fx);
    return rc == 0 ? 0 : -1;
}

static char *path_in(const fixture *fx, const char *name)
{
    char *p = bp_asprintf("%s/%s", fx->dir, name);
    assert_non_null(p);
    return p;
}

static void write_whole(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The whole file, newly allocated. */
static char *read_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    bp_buf b;
    bp_buf_init(&b);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_true(bp_buf_append(&b, chunk, got));
    fclose(f);
    bp_buf_puts(&b, "");
    return b.data;
}

/* Write name with text into the fixture directory and add it to the manifest. */
static void add_output(fixture *fx, const char *name, const char *text, const char *pack, int pages,
                       int sheets)
{
    char *path = path_in(fx, name);
    write_whole(path, text);
    bp_error err;
    assert_int_equal(manifest_add_file(&fx->m, path, pack, pages, sheets, &err), BP_OK);
    free(path);
}

/* Write the manifest and return its text. */
static char *write_and_read(fixture *fx)
{
    char *path = path_in(fx, "manifest.json");
    bp_error err;
    bp_error_clear(&err);
    bp_status st = manifest_write(&fx->m, path, 0640, &err);
    assert_string_equal(err.message, "");
    assert_int_equal(st, BP_OK);
    char *text = read_whole(path);
    free(path);
    return text;
}

static void fill_typical_run(fixture *fx)
{
    manifest_free(&fx->m);
    manifest_init(&fx->m, "2026-10", GENERATED_AT, "1.2.3");
    add_output(fx, "maternity-board.pdf", PDF_TEXT, "maternity-board", 3, 0);
    add_output(fx, "maternity-board.xlsx", XLSX_TEXT, "maternity-board", 0, 2);
    add_output(fx, "rejects.csv", REJECTS_TEXT, NULL, 0, 0);
    assert_int_equal(manifest_add_source(&fx->m, "maternity", "../samples/extracts/maternity.csv",
                                         5400, 5400, 0, false),
                     BP_OK);
    assert_int_equal(
        manifest_add_source(&fx->m, "ae", "../samples/extracts/ae.csv", 12, 10, 2, true), BP_OK);
    assert_int_equal(manifest_add_warning(&fx->m, "ae: 2 rows rejected"), BP_OK);
}

/* clang-format off */
static const char typical_manifest[] =
    "{\n"
    "  \"boardpack_version\": \"1.2.3\",\n"
    "  \"period\": \"2026-10\",\n"
    "  \"generated_at\": \"2026-11-23T00:45:00Z\",\n"
    "  \"status\": \"complete\",\n"
    "  \"files\": [\n"
    "    {\n"
    "      \"name\": \"maternity-board.pdf\",\n"
    "      \"pack\": \"maternity-board\",\n"
    "      \"bytes\": 14,\n"
    "      \"sha256\": \"" PDF_SHA "\",\n"
    "      \"pages\": 3\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"maternity-board.xlsx\",\n"
    "      \"pack\": \"maternity-board\",\n"
    "      \"bytes\": 16,\n"
    "      \"sha256\": \"" XLSX_SHA "\",\n"
    "      \"sheets\": 2\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"rejects.csv\",\n"
    "      \"bytes\": 35,\n"
    "      \"sha256\": \"" REJECTS_SHA "\"\n"
    "    }\n"
    "  ],\n"
    "  \"sources\": [\n"
    "    {\n"
    "      \"id\": \"maternity\",\n"
    "      \"file\": \"../samples/extracts/maternity.csv\",\n"
    "      \"rows_read\": 5400,\n"
    "      \"rows_accepted\": 5400,\n"
    "      \"rows_rejected\": 0,\n"
    "      \"failed\": false\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"ae\",\n"
    "      \"file\": \"../samples/extracts/ae.csv\",\n"
    "      \"rows_read\": 12,\n"
    "      \"rows_accepted\": 10,\n"
    "      \"rows_rejected\": 2,\n"
    "      \"failed\": true\n"
    "    }\n"
    "  ],\n"
    "  \"packs_not_written\": [],\n"
    "  \"warnings\": [\n"
    "    \"ae: 2 rows rejected\"\n"
    "  ],\n"
    "  \"files_not_written\": []\n"
    "}\n";
/* clang-format on */

static void test_typical_run_gives_exact_layout(void **state)
{
    fixture *fx = *state;
    fill_typical_run(fx);
    char *text = write_and_read(fx);
    assert_string_equal(text, typical_manifest);
    free(text);
}

static void test_added_file_records_name_bytes_and_digest(void **state)
{
    fixture *fx = *state;
    add_output(fx, "maternity-board.pdf", PDF_TEXT, "maternity-board", 3, 0);
    assert_int_equal(fx->m.nfiles, 1);
    const manifest_file *f = &fx->m.files[0];
    assert_string_equal(f->name, "maternity-board.pdf");
    assert_string_equal(f->pack, "maternity-board");
    assert_int_equal(f->bytes, 14);
    assert_string_equal(f->sha256, PDF_SHA);
    assert_int_equal(f->pages, 3);
    assert_int_equal(f->sheets, 0);
}

static void test_missing_file_is_output_error_and_not_recorded(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "never-written.pdf");
    bp_error err;
    assert_int_equal(manifest_add_file(&fx->m, path, "p", 1, 0, &err), BP_EOUTPUT);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(fx->m.nfiles, 0);
    free(path);
}

static void test_empty_manifest_has_empty_arrays_and_unknown_version(void **state)
{
    fixture *fx = *state;
    char *text = write_and_read(fx);
    assert_string_equal(text, "{\n"
                              "  \"boardpack_version\": \"unknown\",\n"
                              "  \"period\": \"2026-10\",\n"
                              "  \"generated_at\": \"2026-11-23T00:45:00Z\",\n"
                              "  \"status\": \"complete\",\n"
                              "  \"files\": [],\n"
                              "  \"sources\": [],\n"
                              "  \"packs_not_written\": [],\n"
                              "  \"warnings\": [],\n"
                              "  \"files_not_written\": []\n"
                              "}\n");
    free(text);
}

static void test_pack_not_written_makes_status_incomplete(void **state)
{
    fixture *fx = *state;
    assert_int_equal(manifest_add_skipped(&fx->m, "ae-weekly: 3 rows have a future date"), BP_OK);
    assert_int_equal(manifest_add_skipped(&fx->m, "collab: source failed"), BP_OK);
    char *text = write_and_read(fx);
    assert_non_null(strstr(text, "\n  \"status\": \"incomplete\",\n"));
    assert_non_null(strstr(text, "\n  \"packs_not_written\": [\n"
                                 "    \"ae-weekly: 3 rows have a future date\",\n"
                                 "    \"collab: source failed\"\n"
                                 "  ],\n"));
    free(text);
}

static void test_awkward_warning_is_escaped_and_utf8_passes_through(void **state)
{
    fixture *fx = *state;
    assert_int_equal(manifest_add_warning(&fx->m, AWKWARD), BP_OK);
    char *text = write_and_read(fx);
    assert_non_null(strstr(text, "\n  \"warnings\": [\n    " AWKWARD_JSON "\n  ],\n"));
    free(text);
}

static void test_invalid_utf8_becomes_replacement_character(void **state)
{
    fixture *fx = *state;
    /* Latin-1 "£5" and a lone continuation byte, as a mis-encoded extract would give. */
    assert_int_equal(manifest_add_warning(&fx->m, "cost \xA3"
                                                  "5 \x80!"),
                     BP_OK);
    char *text = write_and_read(fx);
    assert_non_null(strstr(text, "\n    \"cost \xEF\xBF\xBD"
                                 "5 \xEF\xBF\xBD!\"\n"));
    free(text);
}

static void test_awkward_strings_in_every_field_are_escaped(void **state)
{
    fixture *fx = *state;
    assert_int_equal(manifest_add_source(&fx->m, "s\"1", "dir\\a\nb.csv", 1, 1, 0, false), BP_OK);
    add_output(fx, "q\"uote.pdf", PDF_TEXT, "p\\ack", 1, 0);
    char *text = write_and_read(fx);
    assert_non_null(strstr(text, "\n      \"id\": \"s\\\"1\",\n"));
    assert_non_null(strstr(text, "\n      \"file\": \"dir\\\\a\\u000ab.csv\",\n"));
    assert_non_null(strstr(text, "\n      \"name\": \"q\\\"uote.pdf\",\n"));
    assert_non_null(strstr(text, "\n      \"pack\": \"p\\\\ack\",\n"));
    free(text);
}

static void test_generated_at_is_utc_whatever_the_local_zone(void **state)
{
    fixture *fx = *state;
    char *old = getenv("TZ") ? bp_strdup(getenv("TZ")) : NULL;
    setenv("TZ", "America/New_York", 1);
    tzset();
    char *text = write_and_read(fx);
    if (old)
        setenv("TZ", old, 1);
    else
        unsetenv("TZ");
    tzset();
    free(old);
    assert_non_null(strstr(text, "\n  \"generated_at\": \"2026-11-23T00:45:00Z\",\n"));
    free(text);
}

static bool python_available(void)
{
    return access("/usr/bin/python3", X_OK) == 0;
}

/* Not skip() when Python is missing: automake's TAP driver counts cmocka's "not ok # SKIP" as
 * a failure. */
static void test_python_json_module_accepts_manifest(void **state)
{
    fixture *fx = *state;
    fill_typical_run(fx);
    assert_int_equal(manifest_add_warning(&fx->m, AWKWARD), BP_OK);
    assert_int_equal(manifest_add_skipped(&fx->m, "x: \"why\""), BP_OK);
    char *text = write_and_read(fx);
    free(text);
    if (!python_available()) {
        printf("# /usr/bin/python3 is missing: JSON parse check not run\n");
        return;
    }
    char *cmd = bp_asprintf("/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "
                            "'%s/manifest.json'",
                            fx->dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

/* Python re-escapes the parsed warning as ASCII: an independent reading of our escapes. */
static void test_python_reads_back_the_awkward_warning(void **state)
{
    fixture *fx = *state;
    assert_int_equal(manifest_add_warning(&fx->m, AWKWARD), BP_OK);
    char *text = write_and_read(fx);
    free(text);
    if (!python_available()) {
        printf("# /usr/bin/python3 is missing: JSON read-back check not run\n");
        return;
    }
    char *cmd = bp_asprintf("/usr/bin/python3 -c 'import json,sys; "
                            "print(json.dumps(json.load(open(sys.argv[1]))[\"warnings\"][0]))' "
                            "'%s/manifest.json'",
                            fx->dir);
    FILE *p = popen(cmd, "r");
    free(cmd);
    assert_non_null(p);
    char line[512] = "";
    char *got = fgets(line, sizeof(line), p);
    assert_int_equal(pclose(p), 0);
    assert_non_null(got);
    assert_string_equal(line, "\"he said \\\"no\\\" at C:\\\\tmp\\non\\t\\u0001 \\u2265 \\u00a3 "
                              "\\u2013\"\n");
}

static void test_write_into_missing_directory_names_path(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "2026-10/manifest.json");
    bp_error err;
    assert_int_equal(manifest_write(&fx->m, path, 0640, &err), BP_EOUTPUT);
    char *want = bp_asprintf("cannot write %s: No such file or directory", path);
    assert_string_equal(err.message, want);
    free(want);
    free(path);
}

static void test_write_replaces_old_manifest_leaving_only_it(void **state)
{
    fixture *fx = *state;
    char *path = path_in(fx, "manifest.json");
    write_whole(path, "stale");
    free(path);
    char *text = write_and_read(fx);
    assert_int_equal(strncmp(text, "{\n", 2), 0);
    free(text);
    struct dirent **names;
    int n = scandir(fx->dir, &names, NULL, alphasort);
    assert_int_equal(n, 3);
    assert_string_equal(names[2]->d_name, "manifest.json");
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_typical_run_gives_exact_layout),
        T(test_added_file_records_name_bytes_and_digest),
        T(test_missing_file_is_output_error_and_not_recorded),
        T(test_empty_manifest_has_empty_arrays_and_unknown_version),
        T(test_pack_not_written_makes_status_incomplete),
        T(test_awkward_warning_is_escaped_and_utf8_passes_through),
        T(test_invalid_utf8_becomes_replacement_character),
        T(test_awkward_strings_in_every_field_are_escaped),
        T(test_generated_at_is_utc_whatever_the_local_zone),
        T(test_python_json_module_accepts_manifest),
        T(test_python_reads_back_the_awkward_warning),
        T(test_write_into_missing_directory_names_path),
        T(test_write_replaces_old_manifest_leaving_only_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
