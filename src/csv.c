/* csv.c - a streaming RFC 4180 reader: bytes come through one fixed input buffer and each record
 * is built in buffers reused from record to record, so memory follows the limits, not the file.
 * A bad record is reported with line, field and byte offset and skipped; only a quote left open
 * at end of file or a read error stops the reading. */
#include "csv.h"

#include "infile.h"
#include "strutil.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CSV_INPUT_BYTES 65536

enum reader_state {
    ST_RECORD_START, /* between records: line breaks here are blank lines */
    ST_FIELD_START,  /* after a delimiter or at the start of a record */
    ST_UNQUOTED,
    ST_QUOTED,
    ST_QUOTE_SEEN, /* a quote inside a quoted field: closing, or the first of a doubled pair */
};

/* Bytes that end a run of ordinary bytes; everything else is copied in bulk. A quote is an
 * ordinary byte outside quotes (taken literally, as spreadsheets write 5'11" unquoted). */
static const unsigned char stops_unquoted[256] = {[','] = 1, ['\r'] = 1, ['\n'] = 1, [0] = 1};
static const unsigned char stops_quoted[256] = {['"'] = 1, ['\r'] = 1, ['\n'] = 1, [0] = 1};

struct csv_reader {
    FILE *fp;
    bool owns_fp;
    char *name;
    csv_limits lim;

    unsigned char *in; /* the fixed input buffer */
    size_t in_len, in_pos;
    long long in_off; /* file offset of in[0] */
    bool started, eof;

    enum reader_state state;
    bool after_cr; /* the last byte was a CR, so an LF now completes the same line break */
    long line;     /* physical line of the next byte */

    /* The record being built; buffers live as long as the reader. */
    long rec_line, rec_end_line;
    char *data; /* field bytes, each field followed by a NUL */
    size_t data_len, data_cap;
    size_t *starts, *lens;
    char **ptrs;
    size_t nf, nf_cap;
    char *raw;
    size_t raw_len, raw_cap;

    /* The field being built. */
    size_t f_start, f_len;
    unsigned char f_high; /* OR of its bytes: bit 7 set means UTF-8 must be checked */
    bool f_quoted;
    long f_line;
    long long f_off; /* file offset of its first byte (the opening quote if quoted) */

    bool bad, oom, fatal;
    bp_error err;
};

/* ---- opening and closing ---------------------------------------------------------------- */

static csv_limits effective_limits(const csv_limits *l)
{
    csv_limits d = CSV_DEFAULT_LIMITS;
    if (l) {
        if (l->max_field_bytes)
            d.max_field_bytes = l->max_field_bytes;
        if (l->max_fields)
            d.max_fields = l->max_fields;
        if (l->max_record_bytes)
            d.max_record_bytes = l->max_record_bytes;
        if (l->max_file_bytes > 0)
            d.max_file_bytes = l->max_file_bytes;
    }
    return d;
}

static csv_reader *reader_new(FILE *fp, bool owns, const char *name, const csv_limits *limits,
                              bp_error *err)
{
    csv_reader *r = calloc(1, sizeof(*r));
    if (r) {
        r->name = bp_strdup(name ? name : "");
        r->in = malloc(CSV_INPUT_BYTES);
    }
    if (!r || !r->name || !r->in) {
        if (r) {
            free(r->name);
            free(r->in);
        }
        free(r);
        bp_error_set(err, BP_EINTERNAL, name, 0, 0, "out of memory opening the CSV reader");
        return NULL;
    }
    r->fp = fp;
    r->owns_fp = owns;
    r->lim = effective_limits(limits);
    r->line = 1;
    r->state = ST_RECORD_START;
    return r;
}

csv_reader *csv_reader_open(const char *path, const csv_limits *limits, bp_error *err)
{
    infile_error e;
    FILE *fp = infile_open(path, effective_limits(limits).max_file_bytes, NULL, &e);
    if (!fp) {
        bp_error_set(err, BP_EDATA, path, 0, 0, "cannot open for reading: %s%s", e.reason,
                     e.errnum == EFBIG ? " (limit csv.max_file_bytes)" : "");
        return NULL;
    }
    csv_reader *r = reader_new(fp, true, path, limits, err);
    if (!r)
        fclose(fp);
    return r;
}

csv_reader *csv_reader_from_stream(FILE *fp, const char *name, const csv_limits *limits,
                                   bp_error *err)
{
    return reader_new(fp, false, name, limits, err);
}

const char *csv_reader_name(const csv_reader *r)
{
    return r->name;
}

void csv_reader_free(csv_reader *r)
{
    if (!r)
        return;
    if (r->owns_fp)
        fclose(r->fp);
    free(r->name);
    free(r->in);
    free(r->data);
    free(r->starts);
    free(r->lens);
    free(r->ptrs);
    free(r->raw);
    free(r);
}

/* ---- growing the record buffers (bounded by the limits) ---------------------------------- */

static bool reserve_bytes(csv_reader *r, char **p, size_t *cap, size_t need)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 4096;
    while (c < need)
        c *= 2;
    char *q = realloc(*p, c);
    if (!q) {
        r->oom = true;
        return false;
    }
    *p = q;
    *cap = c;
    return true;
}

static bool reserve_fields(csv_reader *r, size_t need)
{
    if (need <= r->nf_cap)
        return true;
    size_t c = r->nf_cap ? r->nf_cap * 2 : 32;
    size_t *s = realloc(r->starts, c * sizeof(*s));
    if (s)
        r->starts = s;
    size_t *l = realloc(r->lens, c * sizeof(*l));
    if (l)
        r->lens = l;
    char **p = realloc(r->ptrs, c * sizeof(*p));
    if (p)
        r->ptrs = p;
    if (!s || !l || !p) {
        r->oom = true;
        return false;
    }
    r->nf_cap = c;
    return true;
}

/* ---- problems --------------------------------------------------------------------------- */

static void mark_bad(csv_reader *r, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Only the first problem of a record is reported: later ones are often its consequences. */
static void mark_bad(csv_reader *r, long line, long column, const char *fmt, ...)
{
    if (r->bad)
        return;
    char msg[sizeof(r->err.message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    bp_error_set(&r->err, BP_EDATA, r->name, line, column, "%s", msg);
    r->bad = true;
}

static long long current_offset(const csv_reader *r)
{
    return r->in_off + (long long)r->in_pos;
}

static long field_number(const csv_reader *r)
{
    return (long)r->nf + 1;
}

/* ---- appending bytes -------------------------------------------------------------------- */

static void raw_add(csv_reader *r, const unsigned char *p, size_t n)
{
    size_t room = r->lim.max_record_bytes - r->raw_len;
    size_t keep = n < room ? n : room;
    if (keep && reserve_bytes(r, &r->raw, &r->raw_cap, r->raw_len + keep + 1)) {
        memcpy(r->raw + r->raw_len, p, keep);
        r->raw_len += keep;
    }
    if (n > room)
        mark_bad(r, r->line, field_number(r),
                 "record is longer than %zu bytes (limit csv.max_record_bytes)%s",
                 r->lim.max_record_bytes,
                 r->state == ST_QUOTED ? "; is a closing quote missing?" : "");
}

static void field_add(csv_reader *r, const unsigned char *p, size_t n)
{
    if (r->bad)
        return;
    if (r->f_len + n > r->lim.max_field_bytes) {
        if (r->f_quoted)
            mark_bad(r, r->line, field_number(r),
                     "field %ld (quoted, opened on line %ld) is longer than %zu bytes (limit "
                     "csv.max_field_bytes); is a closing quote missing?",
                     field_number(r), r->f_line, r->lim.max_field_bytes);
        else
            mark_bad(r, r->line, field_number(r),
                     "field %ld is longer than %zu bytes (limit csv.max_field_bytes)",
                     field_number(r), r->lim.max_field_bytes);
        return;
    }
    /* One byte more than needed keeps room for the NUL that ends the field. */
    if (!reserve_bytes(r, &r->data, &r->data_cap, r->data_len + n + 1)) {
        mark_bad(r, r->line, field_number(r), "out of memory");
        return;
    }
    memcpy(r->data + r->data_len, p, n);
    r->data_len += n;
    r->f_len += n;
}

/* Take n bytes at the read position into both the raw copy and the current field. */
static void take(csv_reader *r, size_t n)
{
    const unsigned char *p = r->in + r->in_pos;
    raw_add(r, p, n);
    field_add(r, p, n);
    r->in_pos += n;
}

/* Take n bytes into the raw copy only (quotes, delimiters, bytes of a bad record). */
static void take_raw(csv_reader *r, size_t n)
{
    raw_add(r, r->in + r->in_pos, n);
    r->in_pos += n;
}

/* Length of the run of ordinary bytes at the read position; notes any byte above 0x7F. */
static size_t ordinary_run(csv_reader *r, const unsigned char *stops)
{
    const unsigned char *p = r->in + r->in_pos;
    size_t n = r->in_len - r->in_pos, i = 0;
    unsigned char high = 0;
    while (i < n && !stops[p[i]])
        high |= p[i++];
    r->f_high |= high;
    return i;
}

static void line_break(csv_reader *r, unsigned char c)
{
    r->line++;
    r->after_cr = c == '\r';
}

/* ---- fields and records ----------------------------------------------------------------- */

static void begin_field(csv_reader *r)
{
    r->f_start = r->data_len;
    r->f_len = 0;
    r->f_high = 0;
    r->f_quoted = false;
    r->f_line = r->line;
    r->f_off = current_offset(r);
}

static void begin_record(csv_reader *r)
{
    r->rec_line = r->line;
    r->data_len = 0;
    r->nf = 0;
    r->raw_len = 0;
    r->bad = false;
    begin_field(r);
}

/* Physical line breaks among the first n bytes of field text s (CR LF counts once). */
static long count_breaks(const char *s, size_t n)
{
    long breaks = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n')))
            breaks++;
    return breaks;
}

static size_t count_quotes(const char *s, size_t n)
{
    size_t q = 0;
    for (size_t i = 0; i < n; i++)
        q += s[i] == '"';
    return q;
}

static void check_field_utf8(csv_reader *r)
{
    const char *f = r->data + r->f_start;
    size_t off;
    if (bp_utf8_valid(f, r->f_len, &off))
        return;
    /* Map the offset in the unquoted text back to the file: skip the opening quote and count
     * each doubled quote before the bad byte twice. */
    long long at = r->f_off + (long long)off;
    if (r->f_quoted)
        at += 1 + (long long)count_quotes(f, off);
    mark_bad(r, r->f_line + count_breaks(f, off), field_number(r),
             "invalid UTF-8 in field %ld at byte offset %lld (byte 0x%02X); the file must be "
             "saved as UTF-8 (it may be Windows-1252 or Latin-1)",
             field_number(r), at, (unsigned char)f[off]);
}

static void end_field(csv_reader *r)
{
    if (r->bad)
        return;
    if (r->f_high & 0x80) {
        check_field_utf8(r);
        if (r->bad)
            return;
    }
    if (!reserve_bytes(r, &r->data, &r->data_cap, r->data_len + 1) ||
        !reserve_fields(r, r->nf + 1)) {
        mark_bad(r, r->line, field_number(r), "out of memory");
        return;
    }
    r->data[r->data_len++] = '\0';
    r->starts[r->nf] = r->f_start;
    r->lens[r->nf] = r->f_len;
    r->nf++;
}

static void end_record(csv_reader *r)
{
    end_field(r);
    r->rec_end_line = r->line;
    r->state = ST_RECORD_START;
}

/* ---- the state machine: each step consumes bytes or changes state ------------------------ */

static bool on_record_start(csv_reader *r, unsigned char c)
{
    if (c == '\r' || c == '\n') {
        r->in_pos++;
        line_break(r, c);
        return false;
    }
    begin_record(r);
    r->state = ST_FIELD_START;
    return false;
}

static bool on_field_start(csv_reader *r, unsigned char c)
{
    if (c == '"') {
        r->f_quoted = true;
        take_raw(r, 1);
        r->state = ST_QUOTED;
    } else {
        r->state = ST_UNQUOTED;
    }
    return false;
}

static void on_delimiter(csv_reader *r)
{
    take_raw(r, 1);
    end_field(r);
    if (r->nf >= r->lim.max_fields)
        mark_bad(r, r->line, (long)r->lim.max_fields + 1,
                 "record has more than %zu fields (limit csv.max_fields)", r->lim.max_fields);
    begin_field(r);
    r->state = ST_FIELD_START;
}

static void on_nul(csv_reader *r)
{
    mark_bad(r, r->line, field_number(r),
             "NUL byte (0x00) in field %ld at byte offset %lld; the file may be UTF-16 or "
             "binary: save it as UTF-8 CSV",
             field_number(r), current_offset(r));
    take_raw(r, 1);
}

static bool on_unquoted(csv_reader *r, unsigned char c)
{
    size_t run = ordinary_run(r, stops_unquoted);
    if (run > 0) {
        take(r, run);
        return false;
    }
    if (c == ',') {
        on_delimiter(r);
        return false;
    }
    if (c == 0) {
        on_nul(r);
        return false;
    }
    r->in_pos++;
    end_record(r);
    line_break(r, c);
    return true;
}

static bool on_quoted(csv_reader *r, unsigned char c)
{
    size_t run = ordinary_run(r, stops_quoted);
    if (run > 0) {
        take(r, run);
    } else if (c == '"') {
        take_raw(r, 1);
        r->state = ST_QUOTE_SEEN;
    } else if (c == 0) {
        on_nul(r);
    } else {
        take(r, 1);
        line_break(r, c);
    }
    return false;
}

static void describe_byte(unsigned char c, char *buf, size_t n)
{
    if (c >= 0x20 && c < 0x7F)
        snprintf(buf, n, "'%c'", c);
    else
        snprintf(buf, n, "byte 0x%02X", c);
}

static bool on_quote_seen(csv_reader *r, unsigned char c)
{
    if (c == '"') {
        take(r, 1);
        r->state = ST_QUOTED;
        return false;
    }
    if (c != ',' && c != '\r' && c != '\n') {
        char what[16];
        describe_byte(c, what, sizeof(what));
        mark_bad(r, r->line, field_number(r),
                 "unexpected %s after the closing quote of field %ld; a quote inside a quoted "
                 "field must be doubled (\"\"), and nothing may follow the closing quote",
                 what, field_number(r));
    }
    /* The rest, junk included, is read as unquoted text up to the delimiter or line end. */
    r->state = ST_UNQUOTED;
    return false;
}

/* Consume input until a record ends (true) or the input buffer is used up (false). */
static bool scan(csv_reader *r)
{
    while (r->in_pos < r->in_len) {
        unsigned char c = r->in[r->in_pos];
        if (r->after_cr) {
            r->after_cr = false;
            if (c == '\n') {
                if (r->state == ST_QUOTED)
                    take(r, 1);
                else
                    r->in_pos++;
                continue;
            }
        }
        bool done;
        switch (r->state) {
        case ST_RECORD_START:
            done = on_record_start(r, c);
            break;
        case ST_FIELD_START:
            done = on_field_start(r, c);
            break;
        case ST_UNQUOTED:
            done = on_unquoted(r, c);
            break;
        case ST_QUOTED:
            done = on_quoted(r, c);
            break;
        default:
            done = on_quote_seen(r, c);
            break;
        }
        if (done)
            return true;
    }
    return false;
}

/* ---- input ------------------------------------------------------------------------------ */

static bool has_prefix(const unsigned char *p, size_t n, const char *prefix, size_t k)
{
    return n >= k && memcmp(p, prefix, k) == 0;
}

/* The first bytes decide the encoding: a UTF-8 BOM is skipped, a UTF-16 one refused. */
static bool check_start(csv_reader *r)
{
    r->started = true;
    if (has_prefix(r->in, r->in_len, "\xEF\xBB\xBF", 3)) {
        r->in_pos = 3;
        return true;
    }
    if (has_prefix(r->in, r->in_len, "\xFF\xFE", 2) ||
        has_prefix(r->in, r->in_len, "\xFE\xFF", 2)) {
        bp_error_set(&r->err, BP_EDATA, r->name, 1, 0,
                     "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as "
                     "UTF-8 CSV");
        return false;
    }
    return true;
}

/* 1: more input; 0: end of input; -1: cannot go on (r->err says why). */
static int refill(csv_reader *r)
{
    if (r->eof)
        return 0;
    r->in_off += (long long)r->in_len;
    r->in_pos = 0;
    r->in_len = fread(r->in, 1, CSV_INPUT_BYTES, r->fp);
    if (r->in_len == 0) {
        if (ferror(r->fp)) {
            bp_error_set(&r->err, BP_EDATA, r->name, r->line, 0, "read error: %s", strerror(errno));
            return -1;
        }
        r->eof = true;
        return 0;
    }
    if (r->in_off + (long long)r->in_len > r->lim.max_file_bytes) {
        bp_error_set(&r->err, BP_EDATA, r->name, r->line, 0,
                     "more than %lld bytes read (limit csv.max_file_bytes): the file is too big "
                     "or never ends",
                     r->lim.max_file_bytes);
        return -1;
    }
    if (!r->started && !check_start(r))
        return -1;
    return 1;
}

/* ---- handing records out ---------------------------------------------------------------- */

static void fill_identity(csv_reader *r, csv_record *rec)
{
    if (reserve_bytes(r, &r->raw, &r->raw_cap, r->raw_len + 1))
        r->raw[r->raw_len] = '\0';
    rec->line = r->rec_line;
    rec->end_line = r->rec_end_line;
    rec->raw = r->raw ? r->raw : "";
    rec->raw_len = r->raw ? r->raw_len : 0;
}

static csv_status stop_reading(csv_reader *r, bp_error *err)
{
    r->fatal = true;
    if (err)
        *err = r->err;
    return CSV_FATAL;
}

static csv_status deliver(csv_reader *r, csv_record *rec, bp_error *err)
{
    fill_identity(r, rec);
    if (r->oom) {
        bp_error_set(&r->err, BP_EINTERNAL, r->name, r->rec_line, 0,
                     "out of memory reading the record that starts on this line");
        return stop_reading(r, err);
    }
    if (r->bad) {
        if (err)
            *err = r->err;
        return CSV_BAD;
    }
    for (size_t i = 0; i < r->nf; i++)
        r->ptrs[i] = r->data + r->starts[i];
    rec->nfields = r->nf;
    rec->fields = r->ptrs;
    rec->lengths = r->lens;
    return CSV_RECORD;
}

static csv_status at_end_of_input(csv_reader *r, csv_record *rec, bp_error *err)
{
    if (r->state == ST_RECORD_START)
        return CSV_END;
    if (r->state == ST_QUOTED) {
        r->rec_end_line = r->line;
        fill_identity(r, rec);
        r->bad = false;
        mark_bad(r, r->f_line, field_number(r),
                 "the quote that opens field %ld on line %ld is never closed (end of file "
                 "reached); a quote inside a quoted field must be doubled (\"\")",
                 field_number(r), r->f_line);
        return stop_reading(r, err);
    }
    end_record(r);
    return deliver(r, rec, err);
}

csv_status csv_reader_next(csv_reader *r, csv_record *rec, bp_error *err)
{
    memset(rec, 0, sizeof(*rec));
    rec->raw = "";
    if (r->fatal)
        return stop_reading(r, err);
    for (;;) {
        if (r->in_pos == r->in_len) {
            int more = refill(r);
            if (more < 0)
                return stop_reading(r, err);
            if (more == 0)
                return at_end_of_input(r, rec, err);
        }
        if (scan(r))
            return deliver(r, rec, err);
    }
}
