/* config.h - the validated run configuration (libconfig): sources, indicators and packs.
 * Loading walks every group against a schema: unknown keys (with the nearest known key),
 * wrong types, missing required keys and patterns that do not compile are all reported with
 * file:line, every one of them, before anything is read or written. */
#ifndef BP_CONFIG_H
#define BP_CONFIG_H

#include "csv.h"
#include "error.h"
#include "period.h"
#include <stdbool.h>

/* The nine extract kinds of CONTRACTS.md section 5. */
typedef enum {
    SRC_MATERNITY,
    SRC_COLLAB_TEAMS,
    SRC_COLLAB_ASSESSMENTS,
    SRC_COLLAB_ATTENDANCE,
    SRC_COLLAB_PDSA,
    SRC_AE_KPIS,
    SRC_AE_MATURITY,
    SRC_AE_SURVEY,
    SRC_AE_OUTCOMES,
    SRC__COUNT
} source_kind;

/* "maternity", "collab_teams", ... (the file stem of the canonical extract). */
const char *source_kind_name(source_kind k);
bool source_kind_from_name(const char *name, source_kind *out);
/* The canonical columns of a kind, in contract order; *n receives the count. */
const char *const *source_kind_fields(source_kind k, size_t *n);
/* All nine kind names, in enum order (for "did you mean" and documentation). */
const char *const *source_kind_names(size_t *n);
/* The fields of a kind an indicator may count (numerator, denominator): the maternity counts,
 * numerator and denominator of ae_kpis; none for the other kinds (*n = 0). */
const char *const *source_kind_count_fields(source_kind k, size_t *n);

typedef struct {
    char *field;    /* canonical field name, e.g. "stillbirths" */
    char *pattern;  /* PCRE2 pattern matched (caseless) against header cells */
    void *re;       /* compiled pcre2_code_8 *; owned by the config */
    char *cfg_file; /* where the pattern was set (the default pattern points at the source) */
    int cfg_line;
} cfg_field;

typedef struct {
    char *id; /* the group's name under sources, e.g. "maternity" */
    source_kind kind;
    char *path;               /* file, resolved against the directory of the config file that
                                 named it */
    char *file_label;         /* the path as written in the configuration, for messages */
    period_format period_fmt; /* period_format key; default YYYY-MM */
    double max_rejected_pct;  /* max_rejected_percent: rejected rows tolerated, as % of data
                                 rows; default 0 */
    cfg_field fields[16];     /* one per canonical field of the kind, in contract order */
    size_t nfields;
    char *cfg_file;
    int cfg_line;
} cfg_source;

typedef enum { DIR_UP, DIR_DOWN, DIR_NEUTRAL } cfg_direction;
typedef enum {
    CHART_RUN,
    CHART_I,
    CHART_MR,
    CHART_P,
    CHART_PP,
    CHART_U,
    CHART_UP,
    CHART_C
} cfg_chart;
typedef enum { MARK_POINTS, MARK_RELATIVE } cfg_mark_mode;

const char *cfg_direction_name(cfg_direction d); /* "up", "down", "neutral" */
bool cfg_direction_from_name(const char *name, cfg_direction *out);
const char *cfg_chart_name(cfg_chart c); /* "run", "i", "mr", "p", "pp", "u", "up", "c" */
bool cfg_chart_from_name(const char *name, cfg_chart *out);
const char *cfg_mark_mode_name(cfg_mark_mode m); /* "points", "relative" */

/* Statistical process control settings (STATISTICS.md): the top-level spc group holds the
 * defaults, and an indicator may override any of them but two_sigma_lines. */
typedef enum { RULES_MDC, RULES_ANHOEJ } cfg_rules;
typedef enum { CONFLICT_IMPROVEMENT, CONFLICT_CONCERN } cfg_conflict;
typedef enum {
    SIGNAL_ASTRONOMICAL,
    SIGNAL_SHIFT,
    SIGNAL_TREND,
    SIGNAL_TWO_OF_THREE,
    SIGNAL__COUNT
} cfg_signal;

const char *cfg_rules_name(cfg_rules r);       /* "mdc", "anhoej" */
const char *cfg_conflict_name(cfg_conflict c); /* "improvement", "concern" */
const char *cfg_signal_name(cfg_signal s);     /* "astronomical", "shift", "trend",
                                                  "two_of_three" */

typedef struct {
    cfg_rules rules;             /* rules: "mdc" (default) or "anhoej" */
    int minimum_points;          /* minimum_points: 2-100, default 12 */
    int shift_length;            /* shift_length: 6-8, default 7 */
    int trend_length;            /* trend_length: 6-8, default 7 */
    bool mr_screening;           /* mr_screening: default false */
    cfg_conflict conflict;       /* conflict: default improvement */
    bool signals[SIGNAL__COUNT]; /* signals: the rules applied, indexed by cfg_signal; default
                                    all four */
    bool two_sigma_lines;        /* two_sigma_lines: draw centre +/- 2 sigma; default false; set
                                    only at the top level, copied into every indicator */
} cfg_spc;

/* The defaults of every cfg_spc field (what an absent spc group gives), for code that builds a
 * cfg_indicator by hand. */
void config_spc_defaults(cfg_spc *s);

/* One entry of an indicator's annotations list: a change drawn on its chart. */
typedef struct {
    bp_month period; /* period: "YYYY-MM" */
    char *text;      /* text: non-empty */
    char *cfg_file;
    int cfg_line;
} cfg_annotation;

/* aim = { from = 12; to = 6; by = "2025-03"; label = "..."; }: in output units, like target. */
typedef struct {
    double from, to; /* from != to */
    bp_month by;
    char *label; /* label; "" when not given */
} cfg_aim;

/* gap = { reference = ["White"]; ... }: the breakdown values in reference form one group and
 * every other value the comparison group. Only for an indicator with a breakdown. */
typedef struct {
    char **reference; /* reference: at least one breakdown value, no repeats */
    size_t nreference;
    char *reference_label;  /* reference_label; default "Reference" */
    char *comparison_label; /* comparison_label; default "Comparison" */
} cfg_gap;

typedef struct {
    char *id;                /* the group's name under indicators */
    char *title;             /* title; required */
    char *description;       /* description; optional, "" when absent */
    char *source;            /* source: id of a cfg_source; required */
    char *numerator;         /* numerator: a count field of the source; required */
    char *denominator;       /* denominator: a count field; NULL for a plain count */
    char *kpi;               /* kpi: for ae_kpis, the indicator name selected; NULL otherwise */
    char *breakdown;         /* breakdown: "ethnic_group", "site", ... or NULL */
    double multiplier;       /* multiplier; default 1 (100 for %, 1000 for per 1,000) */
    char *unit;              /* unit: e.g. "per 1,000 births", "%"; default "" */
    int decimals;            /* decimals shown; default 1 */
    cfg_direction direction; /* direction: up / down / neutral; required */
    bool has_target;
    double target;           /* target, in output units */
    cfg_chart chart;         /* chart; default p when there is a denominator, else i */
    cfg_mark_mode mark_mode; /* mark_mode: points / relative; default points */
    double mark_tolerance;   /* mark_tolerance; default 1 */
    bp_month *splits;        /* splits: list of "YYYY-MM" phase starts, in time order */
    size_t nsplits;
    cfg_spc spc;             /* the top-level spc settings with this indicator's own rules,
                                minimum_points, shift_length, trend_length, mr_screening,
                                conflict and signals applied: the only place to look */
    int baseline;            /* baseline: freeze centre and limits on the first N usable points
                                of each phase; 0 (default) = every point; never 1 */
    bp_month *exclude;       /* exclude: months drawn but left out of calculations, in time
                                order */
    size_t nexclude;
    cfg_annotation *annotations; /* annotations: in time order (written order within a month) */
    size_t nannotations;
    bool has_aim;
    cfg_aim aim; /* aim: valid when has_aim */
    bool has_gap;
    cfg_gap gap; /* gap: valid when has_gap (then breakdown is set) */
    char *cfg_file;
    int cfg_line;
} cfg_indicator;

typedef enum { AUDIENCE_INTERNAL, AUDIENCE_EXTERNAL } cfg_audience;
typedef enum { SPLIT_NONE, SPLIT_ORGANISATION, SPLIT_TEAM } cfg_split;

const char *cfg_audience_name(cfg_audience a); /* "internal", "external" */
const char *cfg_split_name(cfg_split s);       /* "none", "organisation", "team" */

/* Default of cfg_pack.min_group_size (STATISTICS.md "Small groups in every audience"). */
#define CFG_MIN_GROUP_SIZE 5

typedef struct {
    char *id;              /* the group's name under packs, e.g. "maternity-board" */
    char *title;           /* title; required */
    char *template_path;   /* template, resolved like source files; NULL until templates exist */
    cfg_audience audience; /* audience: "internal" or "external"; required, never defaulted */
    cfg_split split;       /* split: "none" (default), "organisation", "team" */
    char **sources;        /* sources: list of source ids; required, non-empty */
    size_t nsources;
    char **indicators; /* indicators: list of indicator ids; may be empty */
    size_t nindicators;
    int months; /* months: how many months the tables show; default 12 */
    int spc_months; /* spc_months: months of history behind the SPC calculations and spc.csv,
                       12-240, never fewer than months; default 36, or months when larger */
    int disclosure_threshold; /* disclosure_threshold: counts 1..N are suppressed (external
                                 packs only); 1-100, default 7 */
    int min_group_size; /* min_group_size: a mean, change or test over fewer people is not
                           shown, in every audience; 2-100, default CFG_MIN_GROUP_SIZE */
    char *cfg_file;
    int cfg_line;
} cfg_pack;

typedef struct {
    char *path;           /* the main configuration file as given */
    char *organisation;   /* organisation: the name printed on covers; required */
    char *classification; /* classification: e.g. "OFFICIAL-SENSITIVE"; default "OFFICIAL" */
    char *author;         /* author: document author; default the organisation */
    unsigned output_mode; /* output_mode: "0640" (default FSUTIL_DEFAULT_MODE): the mode of every
                             file a run writes, umask aside (they hold patient-level counts) */
    csv_limits limits;    /* csv.max_field_bytes, csv.max_fields, csv.max_record_bytes */
    cfg_spc spc;          /* the spc group: defaults for every indicator */
    cfg_source *sources;
    size_t nsources;
    cfg_indicator *indicators;
    size_t nindicators;
    cfg_pack *packs;
    size_t npacks;
    char **files; /* every file read: the main file first, then each include in the
                     order met; every cfg_file above points into this list */
    size_t nfiles;
} bp_config;

/* Load and validate path (following @include directives relative to the including file).
 * Returns NULL when any error was found; every error is appended to errs with file:line and,
 * for an unknown key, " (did you mean 'KEY'?)". Cross-references (an indicator's source, a
 * pack's sources and indicators, a numerator that is not a field of its source) are checked.
 * Errors have code BP_ECONFIG (BP_EINTERNAL when memory ran out), the file and line where the
 * setting was written (an included file names itself, not the main file) and the key path
 * ("sources.maternity.file") in bp_error.key.
 * Include rules: a line that starts (after blanks) with @include "FILE" outside comments and
 * strings is replaced by FILE's text; FILE is relative to the directory of the including file
 * unless absolute. The top-level groups sources, indicators and packs may appear more than
 * once (e.g. one programme per included file): their entries are combined, and an id defined
 * twice is an error naming both places. */
bp_config *config_load(const char *path, bp_errors *errs);
void config_free(bp_config *c);

/* Does a header cell match the field's pattern? text need not be NUL-terminated. A cell that
 * is not valid UTF-8 never matches. */
bool config_field_matches(const cfg_field *f, const char *text, size_t len);

const cfg_source *config_source(const bp_config *c, const char *id);
const cfg_indicator *config_indicator(const bp_config *c, const char *id);
const cfg_pack *config_pack(const bp_config *c, const char *id);

#endif
