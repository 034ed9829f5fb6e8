/* testutil.h - a scratch world for the extract tests: a bp_config built in code (patterns
 * compiled here with PCRE2, so the tests do not depend on config_load), CSV text written to a
 * mkdtemp directory, and a model, reject list and error list to load into and inspect. */
#ifndef BP_TESTUTIL_H
#define BP_TESTUTIL_H

#include "extract.h"

#define TU_MAX_SOURCES 12

typedef struct {
    char dir[64]; /* the mkdtemp directory, removed by tu_env_free */
    bp_config cfg;
    cfg_source srcs[TU_MAX_SOURCES];
    extract_stats st[TU_MAX_SOURCES];
    model *m;
    reject_list rej;
    bp_errors errs;
} tu_env;

tu_env *tu_env_new(void);
void tu_env_free(tu_env *e);

/* Write text to DIR/name (binary, as given). */
void tu_write(tu_env *e, const char *name, const char *text);
/* A source of kind reading DIR/file (label: file), id the kind's name, every field with the
 * default pattern ^\s*FIELD\s*$, period_format YYYY-MM, max_rejected_percent 100. */
cfg_source *tu_add_source(tu_env *e, source_kind kind, const char *file);
/* tu_write(kind.csv, text) then tu_add_source for it. */
cfg_source *tu_source_text(tu_env *e, source_kind kind, const char *text);
/* Replace a field's pattern (compiled caseless, UTF). */
void tu_set_pattern(cfg_source *s, const char *field, const char *pattern);
/* extract_load of s into e's model, rejects, errors and the stats slot of s. */
bp_status tu_load(tu_env *e, const cfg_source *s);
extract_stats *tu_stats(tu_env *e, const cfg_source *s);

/* The reject recorded for line, asserting there is exactly one, its column and that its reason
 * contains reason. */
const reject_entry *tu_assert_reject(const tu_env *e, long line, long column, const char *reason);
/* The first error of code whose message contains text; NULL if none. */
const bp_error *tu_find_error(const tu_env *e, bp_status code, const char *text);
size_t tu_count_errors(const tu_env *e, bp_status code);
/* srcdir (default ".") + "/tests/data/extract/" + name, in a static buffer. */
const char *tu_data_path(const char *name);
/* Assert accepted/rejected/read of s's stats. */
void tu_assert_stats(tu_env *e, const cfg_source *s, long read, long accepted, long rejected);

#endif
