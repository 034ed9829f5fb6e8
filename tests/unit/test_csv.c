/* test_csv.c - pins the CSV reader: RFC 4180 quoting, line endings, exact line numbers, the
 * problems it reports (line, field, byte offset) and how it carries on after a bad record.
 * Input comes from memory through fmemopen(), and from tests/data/csv/ where a file is clearer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "csv.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    FILE *fp;
    csv_reader *r;
    csv_record rec;
    bp_error err;
} reading;

static void read_bytes(reading *t, const char *bytes, size_t n, const csv_limits *lim)
{
    memset(t, 0, sizeof(*t));
    /* fmemopen only reads the buffer in "r" mode; its signature just lacks the const. */
    t->fp = fmemopen((void *)bytes, n, "r");
    assert_non_null(t->fp);
    t->r = csv_reader_from_stream(t->fp, "mem.csv", lim, &t->err);
    assert_non_null(t->r);
}

#define READ_LITERAL(t, lit, lim) read_bytes((t), (lit), sizeof(lit) - 1, (lim))

static void finish(reading *t)
{
    csv_reader_free(t->r);
    fclose(t->fp);
}

static csv_status next(reading *t)
{
    bp_error_clear(&t->err);
    return csv_reader_next(t->r, &t->rec, &t->err);
}

/* The next record must be a good one starting on line, with exactly the n fields given. */
static void expect_record(reading *t, long line, size_t n, ...)
{
    csv_status st = next(t);
    if (st != CSV_RECORD)
        fail_msg("expected a record on line %ld, got status %d (%s)", line, st, t->err.message);
    assert_int_equal(t->rec.line, line);
    assert_int_equal(t->rec.nfields, n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        assert_string_equal(t->rec.fields[i], want);
        assert_int_equal(t->rec.lengths[i], strlen(want));
    }
    va_end(ap);
}

/* The next record must be bad, found on err_line in field column, with msg in the message. */
static void expect_bad(reading *t, long rec_line, long err_line, long column, const char *msg)
{
    csv_status st = next(t);
    if (st != CSV_BAD)
        fail_msg("expected a bad record on line %ld, got status %d", rec_line, st);
    assert_int_equal(t->rec.line, rec_line);
    assert_int_equal(t->rec.nfields, 0);
    assert_int_equal(t->err.code, BP_EDATA);
    assert_string_equal(t->err.file, "mem.csv");
    assert_int_equal(t->err.line, err_line);
    assert_int_equal(t->err.column, column);
    if (!strstr(t->err.message, msg))
        fail_msg("message '%s' lacks '%s'", t->err.message, msg);
}

static void expect_end(reading *t)
{
    assert_int_equal(next(t), CSV_END);
    assert_int_equal(next(t), CSV_END);
}

static void assert_raw(const reading *t, const char *raw, size_t n)
{
    assert_int_equal(t->rec.raw_len, n);
    assert_memory_equal(t->rec.raw, raw, n);
    assert_int_equal(t->rec.raw[n], '\0');
}

#define ASSERT_RAW(t, lit) assert_raw((t), (lit), sizeof(lit) - 1)

/* ---- the format --------------------------------------------------------------------------- */

static void test_fields_are_split_on_commas(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "a,b,c\n1,2,3\n", NULL);
    assert_string_equal(csv_reader_name(t.r), "mem.csv");
    expect_record(&t, 1, 3, "a", "b", "c");
    assert_int_equal(t.rec.end_line, 1);
    ASSERT_RAW(&t, "a,b,c");
    expect_record(&t, 2, 3, "1", "2", "3");
    expect_end(&t);
    finish(&t);
}

static void test_quoted_newline_keeps_line_numbers_of_later_records(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "id,note\n1,\"two\nlines, with a comma\"\n2,after\n", NULL);
    expect_record(&t, 1, 2, "id", "note");
    expect_record(&t, 2, 2, "1", "two\nlines, with a comma");
    assert_int_equal(t.rec.end_line, 3);
    expect_record(&t, 4, 2, "2", "after");
    assert_int_equal(t.rec.end_line, 4);
    expect_end(&t);
    finish(&t);
}

static void test_doubled_quote_is_one_quote(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "\"say \"\"hi\"\"\",\"\"\"\"\n", NULL);
    expect_record(&t, 1, 2, "say \"hi\"", "\"");
    ASSERT_RAW(&t, "\"say \"\"hi\"\"\",\"\"\"\"");
    expect_end(&t);
    finish(&t);
}

static void test_crlf_ends_records_and_is_not_part_of_fields(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "a,b\r\nc,d\r\n", NULL);
    expect_record(&t, 1, 2, "a", "b");
    ASSERT_RAW(&t, "a,b");
    expect_record(&t, 2, 2, "c", "d");
    expect_end(&t);
    finish(&t);
}

static void test_crlf_inside_quotes_is_kept_in_the_field(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "\"x\r\ny\",z\r\nnext\r\n", NULL);
    expect_record(&t, 1, 2, "x\r\ny", "z");
    assert_int_equal(t.rec.end_line, 2);
    expect_record(&t, 3, 1, "next");
    expect_end(&t);
    finish(&t);
}

static void test_mixed_line_endings_count_lines(void **state)
{
    (void)state;
    reading t;
    /* LF, CR LF and a bare CR (old Mac files) each end one line. */
    READ_LITERAL(&t, "a\nb\r\nc\rd\n\ne", NULL);
    expect_record(&t, 1, 1, "a");
    expect_record(&t, 2, 1, "b");
    expect_record(&t, 3, 1, "c");
    expect_record(&t, 4, 1, "d");
    expect_record(&t, 6, 1, "e");
    expect_end(&t);
    finish(&t);
}

static void test_bare_cr_inside_quotes_is_data_and_counts_a_line(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "\"x\ry\",1\nz\n", NULL);
    expect_record(&t, 1, 2, "x\ry", "1");
    assert_int_equal(t.rec.end_line, 2);
    expect_record(&t, 3, 1, "z");
    expect_end(&t);
    finish(&t);
}

static void test_utf8_bom_is_skipped_only_at_the_start(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "\xEF\xBB\xBFname,value\n\xEF\xBB\xBFx,1\n", NULL);
    expect_record(&t, 1, 2, "name", "value");
    ASSERT_RAW(&t, "name,value");
    expect_record(&t, 2, 2, "\xEF\xBB\xBFx", "1");
    expect_end(&t);
    finish(&t);

    READ_LITERAL(&t, "\xEF\xBB\xBF", NULL);
    expect_end(&t);
    finish(&t);
}

static void test_utf16_file_is_refused(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t,
                 "\xFF\xFE"
                 "a\x00,\x00",
                 NULL);
    assert_int_equal(next(&t), CSV_FATAL);
    assert_non_null(strstr(t.err.message, "UTF-16"));
    assert_non_null(strstr(t.err.message, "save it as UTF-8"));
    assert_int_equal(next(&t), CSV_FATAL);
    finish(&t);
}

static void test_ragged_rows_are_returned_as_they_are(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "a,b,c\n1,2\n1,2,3,4\n5\n", NULL);
    expect_record(&t, 1, 3, "a", "b", "c");
    expect_record(&t, 2, 2, "1", "2");
    expect_record(&t, 3, 4, "1", "2", "3", "4");
    expect_record(&t, 4, 1, "5");
    expect_end(&t);
    finish(&t);
}

static void test_empty_input_is_the_end(void **state)
{
    (void)state;
    reading t;
    read_bytes(&t, "", 0, NULL);
    expect_end(&t);
    finish(&t);
}

static void test_header_only(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "a,b,c\n", NULL);
    expect_record(&t, 1, 3, "a", "b", "c");
    expect_end(&t);
    finish(&t);

    READ_LITERAL(&t, "a,b,c", NULL);
    expect_record(&t, 1, 3, "a", "b", "c");
    expect_end(&t);
    finish(&t);
}

static void test_missing_final_newline(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "a,b\nc,d", NULL);
    expect_record(&t, 1, 2, "a", "b");
    expect_record(&t, 2, 2, "c", "d");
    assert_int_equal(t.rec.end_line, 2);
    ASSERT_RAW(&t, "c,d");
    expect_end(&t);
    finish(&t);

    READ_LITERAL(&t, "a,\"b\"", NULL);
    expect_record(&t, 1, 2, "a", "b");
    expect_end(&t);
    finish(&t);

    READ_LITERAL(&t, "a,", NULL);
    expect_record(&t, 1, 2, "a", "");
    expect_end(&t);
    finish(&t);
}

static void test_empty_fields_and_empty_quoted_fields(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, ",,\"\",\n\"\"\n", NULL);
    expect_record(&t, 1, 4, "", "", "", "");
    expect_record(&t, 2, 1, ""); /* a line holding "" is a record, not a blank line */
    expect_end(&t);
    finish(&t);
}

static void test_field_of_only_spaces_is_kept_untrimmed(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "   \n , \" a \"\n", NULL);
    expect_record(&t, 1, 1, "   ");
    expect_record(&t, 2, 2, " ", " \" a \"");
    expect_end(&t);
    finish(&t);
}

static void test_blank_lines_are_skipped_but_counted(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "\n\r\na\n\n\nb\r\n\r\n\n", NULL);
    expect_record(&t, 3, 1, "a");
    expect_record(&t, 6, 1, "b");
    expect_end(&t);
    finish(&t);
}

static void test_quote_inside_unquoted_field_is_literal(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "ab\"c,5'11\",x\"\"\n", NULL);
    expect_record(&t, 1, 3, "ab\"c", "5'11\"", "x\"\"");
    expect_end(&t);
    finish(&t);
}

static void test_raw_is_the_record_exactly_as_written(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "\"a,b\",\"c\"\"d\",\"e\r\nf\"\r\nnext\n", NULL);
    expect_record(&t, 1, 3, "a,b", "c\"d", "e\r\nf");
    ASSERT_RAW(&t, "\"a,b\",\"c\"\"d\",\"e\r\nf\"");
    expect_record(&t, 3, 1, "next");
    ASSERT_RAW(&t, "next");
    finish(&t);
}

static void test_valid_multibyte_utf8_is_accepted(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "Zo\xC3\xAB,\xE6\x97\xA5\xE6\x9C\xAC,\"\xF0\x9F\x98\x80\"\n", NULL);
    expect_record(&t, 1, 3, "Zo\xC3\xAB", "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80");
    expect_end(&t);
    finish(&t);
}

/* ---- problems, and carrying on after them ------------------------------------------------ */

static void test_unterminated_quote_reports_opening_line(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "h\nok\n\"open,\nmore\nlines\n", NULL);
    expect_record(&t, 1, 1, "h");
    expect_record(&t, 2, 1, "ok");
    assert_int_equal(next(&t), CSV_FATAL);
    assert_int_equal(t.err.line, 3);
    assert_int_equal(t.err.column, 1);
    assert_string_equal(t.err.file, "mem.csv");
    assert_non_null(strstr(t.err.message, "opens field 1 on line 3 is never closed"));
    assert_int_equal(t.rec.line, 3);
    ASSERT_RAW(&t, "\"open,\nmore\nlines\n");
    assert_int_equal(next(&t), CSV_FATAL);
    assert_int_equal(t.err.line, 3);
    finish(&t);

    READ_LITERAL(&t, "a,\"b\nc", NULL);
    assert_int_equal(next(&t), CSV_FATAL);
    assert_int_equal(t.err.line, 1);
    assert_int_equal(t.err.column, 2);
    finish(&t);
}

static void test_invalid_utf8_reports_line_field_and_offset(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "h1,h2,h3\nok,ok,ok\nx,y,caf\xE9\nnext,1,2\n", NULL);
    expect_record(&t, 1, 3, "h1", "h2", "h3");
    expect_record(&t, 2, 3, "ok", "ok", "ok");
    expect_bad(&t, 3, 3, 3, "invalid UTF-8 in field 3 at byte offset 25 (byte 0xE9)");
    ASSERT_RAW(&t, "x,y,caf\xE9");
    expect_record(&t, 4, 3, "next", "1", "2");
    expect_end(&t);
    finish(&t);
}

static void test_invalid_utf8_in_multiline_quoted_field_reports_its_own_line(void **state)
{
    (void)state;
    reading t;
    /* The bad byte is on line 2, at file offset 14 (the doubled quote counts twice). */
    READ_LITERAL(&t, "a,\"q\"\"x\nline2 \xC3(\"\nz\n", NULL);
    expect_bad(&t, 1, 2, 2, "at byte offset 14 (byte 0xC3)");
    assert_int_equal(t.rec.end_line, 2);
    expect_record(&t, 3, 1, "z");
    expect_end(&t);
    finish(&t);
}

static void test_overlong_and_surrogate_utf8_are_refused(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "\xC0\xAF\n\xED\xA0\x80\nx,\xF4\x90\x80\x80\nok\n", NULL);
    expect_bad(&t, 1, 1, 1, "byte offset 0 (byte 0xC0)");
    expect_bad(&t, 2, 2, 1, "byte offset 3 (byte 0xED)");
    expect_bad(&t, 3, 3, 2, "byte offset 9 (byte 0xF4)");
    expect_record(&t, 4, 1, "ok");
    finish(&t);
}

static void test_nul_byte_is_bad_and_reading_goes_on(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "a,b\0c\n\"d\0\",e\nf,g\n", NULL);
    expect_bad(&t, 1, 1, 2, "NUL byte (0x00) in field 2 at byte offset 3");
    ASSERT_RAW(&t, "a,b\0c");
    expect_bad(&t, 2, 2, 1, "byte offset 8");
    expect_record(&t, 3, 2, "f", "g");
    expect_end(&t);
    finish(&t);
}

static void test_text_after_closing_quote_is_bad_then_reading_goes_on(void **state)
{
    (void)state;
    reading t;
    READ_LITERAL(&t, "1,\"ab\"c,d\n2,\"x\" ,\"y,\nz\"\n3,ok\n", NULL);
    expect_bad(&t, 1, 1, 2, "unexpected 'c' after the closing quote of field 2");
    ASSERT_RAW(&t, "1,\"ab\"c,d");
    expect_bad(&t, 2, 2, 2, "unexpected ' ' after the closing quote");
    assert_int_equal(t.rec.end_line, 3); /* the quoted field after the bad one is still followed */
    expect_record(&t, 4, 2, "3", "ok");
    expect_end(&t);
    finish(&t);
}

static void test_overlong_field_is_bad_then_next_record_is_read(void **state)
{
    (void)state;
    csv_limits lim = {8, 10, 100, 0};
    reading t;
    READ_LITERAL(&t, "12345678,a\na,123456789,b\nnext\n", &lim);
    expect_record(&t, 1, 2, "12345678", "a");
    expect_bad(&t, 2, 2, 2, "field 2 is longer than 8 bytes (limit csv.max_field_bytes)");
    ASSERT_RAW(&t, "a,123456789,b");
    expect_record(&t, 3, 1, "next");
    expect_end(&t);
    finish(&t);
}

static void test_overlong_quoted_field_is_skipped_respecting_quotes(void **state)
{
    (void)state;
    csv_limits lim = {8, 10, 100, 0};
    reading t;
    READ_LITERAL(&t, "\"1234,\n6789\nabc\",x\nnext\n", &lim);
    expect_bad(&t, 1, 2, 1, "opened on line 1) is longer than 8 bytes");
    assert_non_null(strstr(t.err.message, "closing quote missing"));
    assert_int_equal(t.rec.end_line, 3);
    expect_record(&t, 4, 1, "next");
    expect_end(&t);
    finish(&t);
}

static void test_too_many_fields_is_bad(void **state)
{
    (void)state;
    csv_limits lim = {100, 3, 1000, 0};
    reading t;
    READ_LITERAL(&t, "a,b,c\na,b,c,d,e\na,b,c,\nx\n", &lim);
    expect_record(&t, 1, 3, "a", "b", "c");
    expect_bad(&t, 2, 2, 4, "record has more than 3 fields (limit csv.max_fields)");
    ASSERT_RAW(&t, "a,b,c,d,e");
    expect_bad(&t, 3, 3, 4, "more than 3 fields"); /* an empty fourth field counts */
    expect_record(&t, 4, 1, "x");
    expect_end(&t);
    finish(&t);
}

static void test_record_too_long_is_bad_and_raw_is_capped(void **state)
{
    (void)state;
    csv_limits lim = {100, 100, 10, 0};
    reading t;
    READ_LITERAL(&t, "0123456789\n0123456789A,bc\nok\n", &lim);
    expect_record(&t, 1, 1, "0123456789");
    expect_bad(&t, 2, 2, 1, "record is longer than 10 bytes (limit csv.max_record_bytes)");
    ASSERT_RAW(&t, "0123456789");
    expect_record(&t, 3, 1, "ok");
    expect_end(&t);
    finish(&t);
}

static void test_zero_limits_mean_the_defaults(void **state)
{
    (void)state;
    csv_limits zero = {0, 0, 0, 0};
    size_t n = 65537;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    big[n] = '\n';
    reading t;
    read_bytes(&t, big, n + 1, &zero);
    expect_bad(&t, 1, 1, 1, "longer than 65536 bytes");
    expect_end(&t);
    finish(&t);
    free(big);
}

static void test_missing_file_reports_path_and_reason(void **state)
{
    (void)state;
    bp_error err;
    bp_error_clear(&err);
    assert_null(csv_reader_open("/nonexistent/dir/x.csv", NULL, &err));
    assert_string_equal(err.file, "/nonexistent/dir/x.csv");
    assert_non_null(strstr(err.message, "cannot open for reading: No such file"));
}

/* A FIFO with no writer would block fopen; the reader must refuse it before reading. */
static void test_open_refuses_fifo_directory_and_device(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_csv.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64];
    snprintf(fifo, sizeof(fifo), "%s/pipe.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    bp_error err;
    bp_error_clear(&err);
    assert_null(csv_reader_open(fifo, NULL, &err));
    assert_int_equal(err.code, BP_EDATA);
    assert_non_null(strstr(err.message, "it is a FIFO (named pipe), not a regular file"));
    assert_null(csv_reader_open(dir, NULL, &err));
    assert_non_null(strstr(err.message, "it is a directory, not a regular file"));
    assert_null(csv_reader_open("/dev/zero", NULL, &err));
    assert_non_null(strstr(err.message, "it is a character device, not a regular file"));
    assert_int_equal(unlink(fifo), 0);
    assert_int_equal(rmdir(dir), 0);
}

static void test_open_refuses_file_over_max_file_bytes(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_csv.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/big.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("a,b\n1,2\n", fp);
    fclose(fp);
    csv_limits lim = {0, 0, 0, 7};
    bp_error err;
    bp_error_clear(&err);
    assert_null(csv_reader_open(path, &lim, &err));
    assert_non_null(strstr(err.message, "it is 8 bytes, more than the limit of 7 bytes (limit "
                                        "csv.max_file_bytes)"));
    lim.max_file_bytes = 8;
    csv_reader *r = csv_reader_open(path, &lim, &err);
    assert_non_null(r);
    csv_reader_free(r);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* A stream (standard input, a file growing while it is read) is capped as it is read. */
static void test_stream_past_max_file_bytes_is_fatal(void **state)
{
    (void)state;
    csv_limits lim = {0, 0, 0, 10};
    reading t;
    READ_LITERAL(&t, "a,b\n1,2\n3,4\n5,6\n", &lim);
    assert_int_equal(next(&t), CSV_FATAL);
    assert_non_null(strstr(t.err.message, "more than 10 bytes read (limit csv.max_file_bytes)"));
    assert_int_equal(next(&t), CSV_FATAL);
    finish(&t);
}

static void test_read_error_is_fatal(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_csv.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/w.csv", dir);
    FILE *fp = fopen(path, "w"); /* reading a write-only stream fails */
    assert_non_null(fp);
    bp_error err;
    csv_record rec;
    csv_reader *r = csv_reader_from_stream(fp, "w.csv", NULL, &err);
    assert_int_equal(csv_reader_next(r, &rec, &err), CSV_FATAL);
    assert_string_equal(err.file, "w.csv");
    assert_non_null(strstr(err.message, "read error"));
    csv_reader_free(r);
    fclose(fp);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* ---- files, and input larger than the reader's buffer ------------------------------------- */

static FILE *open_data(const char *name)
{
    const char *srcdir = getenv("srcdir");
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/data/csv/%s", srcdir ? srcdir : ".", name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    return fp;
}

static void test_excel_file_with_bom_crlf_and_quoted_newline(void **state)
{
    (void)state;
    reading t = {0};
    t.fp = open_data("excel_bom_crlf.csv");
    t.r = csv_reader_from_stream(t.fp, "mem.csv", NULL, &t.err);
    expect_record(&t, 1, 4, "org_code", "org_name", "period", "note");
    expect_record(&t, 2, 4, "RXN", "Lancashire Teaching Hospitals, NHS FT", "2024-05",
                  "said \"ok\"");
    expect_record(&t, 3, 4, "RXR", "East Lancs", "2024-05", "line one\r\nline two");
    assert_int_equal(t.rec.end_line, 4);
    expect_record(&t, 6, 4, "RTX", "University Hospitals of Morecambe Bay", "2024-05", "");
    expect_end(&t);
    finish(&t);
}

static void test_file_with_bad_rows_reports_each_then_stops_at_open_quote(void **state)
{
    (void)state;
    reading t = {0};
    t.fp = open_data("bad_rows.csv");
    t.r = csv_reader_from_stream(t.fp, "mem.csv", NULL, &t.err);
    expect_record(&t, 1, 3, "id", "name", "value");
    expect_record(&t, 2, 3, "1", "ok", "10");
    expect_bad(&t, 3, 3, 2, "byte offset 27 (byte 0xE9)");
    expect_record(&t, 4, 3, "3", "multi\nline", "12");
    expect_bad(&t, 6, 6, 2, "unexpected 'b' after the closing quote of field 2");
    expect_record(&t, 7, 3, "5", "fine", "14");
    assert_int_equal(next(&t), CSV_FATAL);
    assert_int_equal(t.err.line, 8);
    assert_int_equal(t.err.column, 2);
    finish(&t);
}

static char *repeat(const char *head, char c, size_t n, const char *tail, size_t *len)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl + n + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    memset(s + hl, c, n);
    memcpy(s + hl + n, tail, tl + 1);
    *len = hl + n + tl;
    return s;
}

/* The reader's input buffer is 64 KiB: put each tricky sequence across that boundary. */
static void test_sequences_split_across_the_input_buffer(void **state)
{
    (void)state;
    csv_limits lim = {200000, 10, 400000, 0};
    for (size_t pad = 65530; pad <= 65540; pad++) {
        size_t len;
        reading t;
        char *s = repeat("", 'x', pad, "\r\nnext\r\n", &len); /* CR | LF */
        read_bytes(&t, s, len, &lim);
        assert_int_equal(next(&t), CSV_RECORD);
        assert_int_equal(t.rec.lengths[0], pad);
        expect_record(&t, 2, 1, "next");
        expect_end(&t);
        finish(&t);
        free(s);

        s = repeat("\"", 'y', pad, "\"\"z\"\nnext\n", &len); /* doubled quote split */
        read_bytes(&t, s, len, &lim);
        assert_int_equal(next(&t), CSV_RECORD);
        assert_int_equal(t.rec.lengths[0], pad + 2);
        assert_string_equal(t.rec.fields[0] + pad, "\"z");
        expect_record(&t, 2, 1, "next");
        finish(&t);
        free(s);

        s = repeat("", 'x', pad, "\xE2\x82\xAC\nnext\n", &len); /* UTF-8 sequence split */
        read_bytes(&t, s, len, &lim);
        assert_int_equal(next(&t), CSV_RECORD);
        assert_string_equal(t.rec.fields[0] + pad, "\xE2\x82\xAC");
        expect_record(&t, 2, 1, "next");
        finish(&t);
        free(s);

        s = repeat("\"", 'y', pad, "\r\nw\",1\nnext\n", &len); /* quoted CR | LF */
        read_bytes(&t, s, len, &lim);
        assert_int_equal(next(&t), CSV_RECORD);
        assert_int_equal(t.rec.end_line, 2);
        assert_string_equal(t.rec.fields[0] + pad, "\r\nw");
        expect_record(&t, 3, 1, "next");
        finish(&t);
        free(s);
    }
}

static void test_many_rows_keep_exact_line_numbers(void **state)
{
    (void)state;
    const int rows = 100000;
    bp_buf b;
    bp_buf_init(&b);
    for (int i = 0; i < rows; i++) {
        if (i % 10 == 3)
            bp_buf_printf(&b, "%d,\"multi\nline %d\",\"q\"\"%d\"\r\n", i, i, i);
        else
            bp_buf_printf(&b, "%d,plain %d,x\n", i, i);
    }
    assert_false(b.failed);
    reading t;
    read_bytes(&t, b.data, b.len, NULL);
    long line = 1;
    char f1[32], f2[32];
    for (int i = 0; i < rows; i++) {
        assert_int_equal(next(&t), CSV_RECORD);
        assert_int_equal(t.rec.line, line);
        assert_int_equal(t.rec.nfields, 3);
        assert_int_equal(strtol(t.rec.fields[0], NULL, 10), i);
        if (i % 10 == 3) {
            snprintf(f1, sizeof(f1), "multi\nline %d", i);
            snprintf(f2, sizeof(f2), "q\"%d", i);
            line += 2;
        } else {
            snprintf(f1, sizeof(f1), "plain %d", i);
            snprintf(f2, sizeof(f2), "x");
            line += 1;
        }
        assert_string_equal(t.rec.fields[1], f1);
        assert_string_equal(t.rec.fields[2], f2);
    }
    expect_end(&t);
    finish(&t);
    bp_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_are_split_on_commas),
        cmocka_unit_test(test_quoted_newline_keeps_line_numbers_of_later_records),
        cmocka_unit_test(test_doubled_quote_is_one_quote),
        cmocka_unit_test(test_crlf_ends_records_and_is_not_part_of_fields),
        cmocka_unit_test(test_crlf_inside_quotes_is_kept_in_the_field),
        cmocka_unit_test(test_mixed_line_endings_count_lines),
        cmocka_unit_test(test_bare_cr_inside_quotes_is_data_and_counts_a_line),
        cmocka_unit_test(test_utf8_bom_is_skipped_only_at_the_start),
        cmocka_unit_test(test_utf16_file_is_refused),
        cmocka_unit_test(test_ragged_rows_are_returned_as_they_are),
        cmocka_unit_test(test_empty_input_is_the_end),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_missing_final_newline),
        cmocka_unit_test(test_empty_fields_and_empty_quoted_fields),
        cmocka_unit_test(test_field_of_only_spaces_is_kept_untrimmed),
        cmocka_unit_test(test_blank_lines_are_skipped_but_counted),
        cmocka_unit_test(test_quote_inside_unquoted_field_is_literal),
        cmocka_unit_test(test_raw_is_the_record_exactly_as_written),
        cmocka_unit_test(test_valid_multibyte_utf8_is_accepted),
        cmocka_unit_test(test_unterminated_quote_reports_opening_line),
        cmocka_unit_test(test_invalid_utf8_reports_line_field_and_offset),
        cmocka_unit_test(test_invalid_utf8_in_multiline_quoted_field_reports_its_own_line),
        cmocka_unit_test(test_overlong_and_surrogate_utf8_are_refused),
        cmocka_unit_test(test_nul_byte_is_bad_and_reading_goes_on),
        cmocka_unit_test(test_text_after_closing_quote_is_bad_then_reading_goes_on),
        cmocka_unit_test(test_overlong_field_is_bad_then_next_record_is_read),
        cmocka_unit_test(test_overlong_quoted_field_is_skipped_respecting_quotes),
        cmocka_unit_test(test_too_many_fields_is_bad),
        cmocka_unit_test(test_record_too_long_is_bad_and_raw_is_capped),
        cmocka_unit_test(test_zero_limits_mean_the_defaults),
        cmocka_unit_test(test_missing_file_reports_path_and_reason),
        cmocka_unit_test(test_read_error_is_fatal),
        cmocka_unit_test(test_excel_file_with_bom_crlf_and_quoted_newline),
        cmocka_unit_test(test_file_with_bad_rows_reports_each_then_stops_at_open_quote),
        cmocka_unit_test(test_sequences_split_across_the_input_buffer),
        cmocka_unit_test(test_many_rows_keep_exact_line_numbers),
        cmocka_unit_test(test_open_refuses_fifo_directory_and_device),
        cmocka_unit_test(test_open_refuses_file_over_max_file_bytes),
        cmocka_unit_test(test_stream_past_max_file_bytes_is_fatal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
