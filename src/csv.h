/* csv.h - a streaming RFC 4180 reader. Memory is bounded by the configured limits, not by the
 * file size. Every record knows the physical line it started on, and every problem is reported
 * with line and column (the 1-based field number) so a person can find it in the file. */
#ifndef BP_CSV_H
#define BP_CSV_H

#include "error.h"
#include <stdio.h>

typedef struct {
    size_t max_field_bytes;  /* longest field accepted */
    size_t max_fields;       /* most fields in one record */
    size_t max_record_bytes; /* longest record (raw bytes, all lines of it) */
    long long max_file_bytes; /* largest file read: its size when opened, and bytes read */
} csv_limits;

/* A limit of 0 means its default here. (Unformatted: clang-format spreads it over four lines.) */
/* clang-format off */
#define CSV_DEFAULT_LIMITS {65536, 1024, 1048576, 4294967296LL}
/* clang-format on */

typedef struct {
    size_t nfields;
    char **fields;   /* NUL-terminated, unquoted; owned by the reader, valid until next call */
    size_t *lengths; /* byte length of each field */
    long line;       /* physical line on which the record starts (1-based) */
    long end_line;   /* physical line on which it ends (quoted newlines make these differ) */
    const char *raw; /* the record's bytes as in the file, without the final newline */
    size_t raw_len;  /* (truncated to max_record_bytes for an over-long record) */
} csv_record;

typedef enum {
    CSV_RECORD = 1, /* *rec holds the next record */
    CSV_END = 0,    /* end of input */
    CSV_BAD = -1,   /* this record is unusable (invalid UTF-8, NUL byte, over a limit); err says
                       where and why, rec->line/raw identify it; the reader has skipped to the
                       next record and reading may go on */
    CSV_FATAL = -2, /* reading cannot go on (I/O error, quote still open at end of file: the
                       error names the line where it opened) */
} csv_status;

typedef struct csv_reader csv_reader;

/* Open path for reading. limits may be NULL for CSV_DEFAULT_LIMITS. The path must name a
 * regular file no larger than max_file_bytes (infile_open: a FIFO, device or directory is
 * refused without blocking). NULL on failure (err set, BP_EDATA). */
csv_reader *csv_reader_open(const char *path, const csv_limits *limits, bp_error *err);
/* Read from an open stream (not closed by the reader); name is used in errors. Reading stops
 * (CSV_FATAL) once more than max_file_bytes have come, so even an endless stream ends. */
csv_reader *csv_reader_from_stream(FILE *fp, const char *name, const csv_limits *limits,
                                   bp_error *err);
/* A UTF-8 byte order mark at the very start is skipped. Blank lines (no bytes at all) between
 * records are skipped too; a line of only spaces is a record with one field.
 *
 * Decisions beyond RFC 4180, pinned by tests/unit/test_csv.c:
 * - Line breaks are CR LF, LF, or a bare CR (old Mac exports); each counts one line, inside
 *   quotes too, where the break is kept in the field as written.
 * - Fields are never trimmed. A quote inside an unquoted field is taken literally (ab"c);
 *   anything between a closing quote and the next delimiter ("ab"c, "ab" ,) makes the record bad.
 * - The whole record is UTF-8-checked; a file starting with a UTF-16 byte order mark is FATAL.
 * - On CSV_BAD only the first problem is reported: err->line is the physical line of the
 *   offending byte (for a record spanning lines it can be after rec->line), err->column the
 *   field number, and the message gives the byte offset in the file (from 0) where it helps.
 *   rec->nfields is 0 and rec->raw holds the record (capped).
 * - rec->raw is also NUL-terminated; it may contain NUL bytes, so use raw_len.
 * - After CSV_END or CSV_FATAL, further calls return the same status (and error).
 * - err is left untouched when a record is returned. */
csv_status csv_reader_next(csv_reader *r, csv_record *rec, bp_error *err);
const char *csv_reader_name(const csv_reader *r);
void csv_reader_free(csv_reader *r);

#endif
