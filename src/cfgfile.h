/* cfgfile.h - the libconfig front end the configuration and template loaders share: reading a
 * file's text, parsing it, errors with file:line and key path, "did you mean", and the walk of a
 * group against a table of known keys with its type, range and choice checks. */
#ifndef BP_CFGFILE_H
#define BP_CFGFILE_H

#include "error.h"
#include "infile.h"
#include <libconfig.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* ---- the front end: where errors go and where a setting was written -------------------- */

typedef struct cfgfile cfgfile;

/* Where line `line` of the text libconfig read was written (a loader that expands @include
 * reads one text made of several files). */
typedef void (*cfgfile_map_line_fn)(const cfgfile *f, long line, const char **file,
                                    long *file_line);
/* The name a setting is known by in the key tables (a loader may rename settings for
 * libconfig). */
typedef const char *(*cfgfile_name_fn)(const cfgfile *f, const config_setting_t *s);

/* One load. A loader embeds it as its first member, so the callbacks can reach the loader. */
struct cfgfile {
    bp_errors *errs;  /* every error is appended here */
    size_t nerrors;   /* errors this load reported, out of memory included */
    const char *path; /* the file errors at a setting or line name when map_line is NULL, and
                         the file an out-of-memory error names (NULL: none) */
    const char *what; /* "configuration", "template": the words of some messages */
    int quote_max;    /* the most bytes of a string value a "found ..." quotes; -1: all that
                         fit in the message */
    cfgfile_map_line_fn map_line; /* NULL: path, and the line as it is */
    cfgfile_name_fn name_of;      /* NULL: config_setting_name */
};

/* A front end reporting to errs about path (may be NULL), with no callbacks and quote_max -1. */
void cfgfile_init(cfgfile *f, bp_errors *errs, const char *path, const char *what);

/* Append a BP_ECONFIG error: file (NULL: none), 1-based line and column (0: unknown), the key
 * path (NULL or "": none) and the message. */
void cfgfile_report(cfgfile *f, const char *file, long line, long col, const char *key,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void cfgfile_vreport(cfgfile *f, const char *file, long line, long col, const char *key,
                     const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
/* The same at line `line` of the text libconfig read (mapped by map_line). */
void cfgfile_report_line(cfgfile *f, long line, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same at the line of setting s (a NULL s: line 0, mapped like any other). */
void cfgfile_report_at(cfgfile *f, const config_setting_t *s, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Append the BP_EINTERNAL error "out of memory loading the WHAT", naming path. */
void cfgfile_out_of_memory(cfgfile *f);
/* A copy of s, reporting out of memory when it cannot be made; NULL for NULL, silently. */
char *cfgfile_strdup(cfgfile *f, const char *s);

/* The name of s for the key tables. */
const char *cfgfile_name(const cfgfile *f, const config_setting_t *s);

/* ---- reading and parsing --------------------------------------------------------------- */

typedef struct {
    char *data; /* NUL-terminated, malloc'd: the caller frees it */
    size_t len; /* bytes, the NUL excluded */
    dev_t dev;  /* the file's identity, to find a file included twice */
    ino_t ino;
} cfgfile_text;

/* Read the whole of path: a regular file only, at most INFILE_TEXT_MAX_BYTES (infile.h), so a
 * FIFO or /dev/zero cannot hang a run. False with *why filled (why->errnum ENOMEM when memory
 * ran out). */
bool cfgfile_read(const char *path, cfgfile_text *out, infile_error *why);

/* Is text valid UTF-8 without a NUL byte (titles go into PDFs as UTF-8, and libconfig stops
 * reading at a NUL)? Otherwise reports "the WHAT is not valid UTF-8 (byte N of the file): save
 * it as UTF-8" or "the WHAT holds a NUL byte: is it a text file?" at the line of f->path that
 * holds it, and returns false. */
bool cfgfile_check_text(cfgfile *f, const char *text, size_t len);

/* The 1-based line of byte off of text. */
long cfgfile_line_at(const char *text, size_t off);

/* Words added to libconfig's two terse parse errors, each starting with a space. */
typedef struct {
    const char *syntax;    /* after "syntax error" */
    const char *duplicate; /* after "duplicate setting name" */
} cfgfile_hints;

/* config_init lc and parse text into it. A parse error is reported at its line (libconfig's
 * words and the hint) and false returned. The caller config_destroys lc either way. */
bool cfgfile_parse(cfgfile *f, config_t *lc, const char *text, const cfgfile_hints *hints);

/* Where in the file a group is: for messages and for bp_error.key. */
typedef struct {
    const char *where; /* "in pack 'maternity-board'", "at the top level" */
    const char *key;   /* "packs.maternity-board"; "" at the top level */
} cfgfile_place;

/* ---- words for messages ---------------------------------------------------------------- */

/* "a, b, c" into buf (cut short when it does not fit); returns buf. */
const char *cfgfile_join_names(char *buf, size_t n, const char *const *names, size_t count);
/* " (did you mean 'X'?)" when a name is near word (strutil.h bp_nearest), else ""; returns
 * buf. */
const char *cfgfile_did_you_mean(char *buf, size_t n, const char *word, const char *const *names,
                                 size_t count);
/* What s holds, for "found ...": "the string \"x\"", "the whole number 3", "the number 2.5",
 * "true", "an array [ ... ]", "a list ( ... )", "a group { ... }". */
void cfgfile_describe_found(const cfgfile *f, const config_setting_t *s, char *buf, size_t n);
/* "parent.name" into buf ("name" when parent is ""); a path too long ends in "...". */
void cfgfile_key_join(char *buf, size_t n, const char *parent, const char *name);

/* At s, under key: "unknown key 'NAME' WHERE" and " (did you mean 'X'?)" or " (expected one of:
 * A, B)". */
void cfgfile_report_unknown(cfgfile *f, const config_setting_t *s, const char *name,
                            const char *const *names, size_t count, const cfgfile_place *at,
                            const char *key);
/* At s, under key: "'NAME' WHERE must be EXPECTED, found ...". */
void cfgfile_report_mismatch(cfgfile *f, const config_setting_t *s, const char *name,
                             const cfgfile_place *at, const char *key, const char *expected);

/* ---- tables of known keys -------------------------------------------------------------- */

typedef enum {
    CFGFILE_STRING,
    CFGFILE_INT,
    CFGFILE_NUMBER,
    CFGFILE_BOOL,
    CFGFILE_CHOICE,
    CFGFILE_MONTH,   /* "YYYY-MM" */
    CFGFILE_STRINGS, /* an array of non-empty strings */
    CFGFILE_CHOICES, /* an array of CFGFILE_CHOICE values, none repeated */
    CFGFILE_MONTHS,  /* an array of "YYYY-MM", none repeated */
    CFGFILE_LIST,    /* a list ( { ... }, ... ) of groups; the caller walks each one */
    CFGFILE_GROUP
} cfgfile_type;

typedef enum { CFGFILE_ANY, CFGFILE_BETWEEN, CFGFILE_AT_LEAST, CFGFILE_ABOVE } cfgfile_range;

typedef const char *const *(*cfgfile_names_fn)(size_t *n);

/* A function returning a static array of names, for cfgfile_key.choices. */
#define CFGFILE_NAME_LIST(fn, names)                                                               \
    static const char *const *fn(size_t *n)                                                        \
    {                                                                                              \
        *n = sizeof(names) / sizeof((names)[0]);                                                   \
        return names;                                                                              \
    }

/* One known key of a group. */
typedef struct {
    const char *name;
    cfgfile_type type;
    bool required;
    cfgfile_names_fn choices; /* CHOICE, CHOICES: the values allowed (ASCII case is ignored) */
    cfgfile_range range;      /* INT, NUMBER: bounds of the value; STRINGS: of the count */
    double min, max;
    bool empty_ok;         /* STRING: "" is a meaningful value */
    const char *hint;      /* added to "missing required key" */
    const char *item;      /* MONTHS: what one element is called in messages ("split") */
    const char *misplaced; /* a key that belongs elsewhere: why, and where to set it */
} cfgfile_key;

#define CFGFILE_MAX_KEYS 40

typedef struct {
    const config_setting_t *set[CFGFILE_MAX_KEYS]; /* valid values by key index; NULL if absent
                                                      or bad (the first valid one if repeated) */
    bool present[CFGFILE_MAX_KEYS];                /* written, valid or not */
} cfgfile_walk;

/* Check every setting of group against keys[0..nkeys) (nkeys <= CFGFILE_MAX_KEYS): unknown
 * names (with the nearest known one), misplaced keys, types, values (ranges, choices, months,
 * non-empty strings, repeats in arrays) and missing required keys; each problem is reported. */
void cfgfile_walk_group(cfgfile *f, const config_setting_t *group, const cfgfile_key *keys,
                        size_t nkeys, const cfgfile_place *at, cfgfile_walk *out);

/* "missing required key 'NAME' WHERE (HINT)" at group. */
void cfgfile_report_missing(cfgfile *f, const config_setting_t *group, const cfgfile_key *k,
                            const cfgfile_place *at);

/* Does a setting of libconfig type t (CONFIG_TYPE_...) fit key type want? */
bool cfgfile_type_fits(int t, cfgfile_type want);

/* Is the string s one of k's choices? Its index, or -1 with "NAME 'VALUE' WHERE is not one of:
 * ... (did you mean ...)" reported under key. */
int cfgfile_check_choice(cfgfile *f, const config_setting_t *s, const cfgfile_key *k,
                         const cfgfile_place *at, const char *key);

/* Was item i of array s (a string) already given as an earlier item, ASCII case ignored?
 * Reports "'NAME' WHERE lists \"VALUE\" twice" under key and returns false when it was. */
bool cfgfile_check_item_repeat(cfgfile *f, const config_setting_t *s, int i, const cfgfile_key *k,
                               const cfgfile_place *at, const char *key);

/* Is v within k's range? */
bool cfgfile_in_range(const cfgfile_key *k, double v);
/* k's range in words: "from 1 to 6", "at least 0", "greater than 0". */
void cfgfile_describe_range(const cfgfile_key *k, char *buf, size_t n);

/* ---- values of checked settings (NULL: not given) -------------------------------------- */

double cfgfile_number(const config_setting_t *s, double dflt);
const char *cfgfile_string(const config_setting_t *s, const char *dflt);
/* The index of a checked choice among k's choices, and its canonical spelling. */
int cfgfile_choice_index(const config_setting_t *s, const cfgfile_key *k);
const char *cfgfile_choice_name(const config_setting_t *s, const cfgfile_key *k);

#endif
