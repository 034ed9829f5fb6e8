/* fuzz_csv.c - libFuzzer harness for the CSV reader (src/csv.c). The first byte picks the
 * limits (the defaults, or small ones so the over-limit paths are reached by short inputs); the
 * rest is the file. Every record is read to the end, and the promises of csv.h are checked on
 * the way: a broken promise aborts, which the fuzzer reports like a crash. */
#include "fuzz_util.h"

#include "csv.h"

#include <stdlib.h>
#include <string.h>

static const csv_limits limit_sets[4] = {
    CSV_DEFAULT_LIMITS,
    {16, 8, 64, 4096},
    {1, 1, 1, 64},
    {256, 32, 1024, 65536},
};

/* The record as csv.h describes it; any field or byte of raw read here is one ASan checks. */
static void check_record(const csv_record *rec, const csv_limits *lim)
{
    if (rec->nfields == 0 || rec->nfields > lim->max_fields)
        abort();
    if (rec->line < 1 || rec->end_line < rec->line)
        abort();
    if (rec->raw[rec->raw_len] != '\0')
        abort();
    for (size_t i = 0; i < rec->nfields; i++) {
        if (rec->lengths[i] > lim->max_field_bytes)
            abort();
        if (strlen(rec->fields[i]) != rec->lengths[i]) /* a NUL byte makes the record bad */
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const csv_limits *lim = &limit_sets[data[0] & 3];
    const char *path = fuzz_path("input.csv");
    fuzz_write(path, data + 1, size - 1);

    bp_error err;
    bp_error_clear(&err);
    csv_reader *r = csv_reader_open(path, lim, &err);
    if (!r) {
        /* the file was just written: only one over the size limit may be refused, and the
         * refusal names the limit */
        if ((long long)(size - 1) <= lim->max_file_bytes || !strstr(err.message, "max_file_bytes"))
            abort();
        return 0;
    }
    csv_record rec;
    csv_status st;
    long last_line = 0;
    while ((st = csv_reader_next(r, &rec, &err)) == CSV_RECORD || st == CSV_BAD) {
        if (st == CSV_RECORD)
            check_record(&rec, lim);
        else if (err.line < 1)
            abort(); /* a bad record is always located */
        if (rec.line < last_line) /* records come in file order */
            abort();
        last_line = rec.line;
    }
    if (st != CSV_END && st != CSV_FATAL)
        abort();
    /* After the end or a fatal error every call says the same again. */
    if (csv_reader_next(r, &rec, &err) != st)
        abort();
    csv_reader_free(r);
    return 0;
}
