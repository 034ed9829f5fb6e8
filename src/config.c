/* config.c - loads the run configuration: expands @include relative to the including file,
 * parses the result with libconfig, walks every group against a table of its known keys and
 * checks the cross-references, reporting each problem with the file and line that holds it. */
#include "config.h"
#include "cfgfile.h"
#include "fsutil.h"
#include "infile.h"

#include "strutil.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <libconfig.h>
#include <pcre2.h>
#include "regex_jit.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names ----------------------------------------------------------------------------- */

static const char *const kind_names[SRC__COUNT] = {
    "maternity", "collab_teams", "collab_assessments", "collab_attendance", "collab_pdsa",
    "ae_kpis",   "ae_maturity",  "ae_survey",          "ae_outcomes",
};

static const char *const maternity_fields[] = {
    "org_code",          "org_name",        "site",         "period",
    "ethnic_group",      "maternities",     "total_births", "live_births",
    "stillbirths",       "neonatal_deaths", "pph_1000ml",   "bookings",
    "pph_risk_assessed",
};
static const char *const collab_teams_fields[] = {"team_id",    "team_name", "ics",
                                                  "workstream", "topic",     "aim"};
static const char *const collab_assessments_fields[] = {"team_id", "period", "score"};
static const char *const collab_attendance_fields[] = {"event_date", "event_type", "event_name",
                                                       "ics", "attendees"};
static const char *const collab_pdsa_fields[] = {"team_id",    "cycle_id",  "change_idea",
                                                 "start_date", "end_date",  "stage",
                                                 "decision",   "certainty", "agreement"};
static const char *const ae_kpis_fields[] = {"team",      "organisation", "indicator", "period",
                                             "numerator", "denominator",  "target"};
static const char *const ae_maturity_fields[] = {"team", "quarter", "domain", "feature", "score"};
static const char *const ae_survey_fields[] = {"respondent_id", "team",   "professional_group",
                                               "category",      "before", "after"};
static const char *const ae_outcomes_fields[] = {"outcome", "year", "value", "status"};

static const char *const maternity_counts[] = {
    "maternities",     "total_births", "live_births", "stillbirths",
    "neonatal_deaths", "pph_1000ml",   "bookings",    "pph_risk_assessed",
};
static const char *const ae_kpis_counts[] = {"numerator", "denominator"};
static const char *const maternity_breakdowns[] = {"site", "organisation", "ethnic_group"};
static const char *const ae_kpis_breakdowns[] = {"team", "organisation"};

typedef struct {
    const char *const *fields;
    size_t nfields;
    const char *const *counts; /* what an indicator may count */
    size_t ncounts;
    const char *const *breakdowns; /* what an indicator may be broken down by */
    size_t nbreakdowns;
} kind_info;

#define FIELDS(a) a, LEN(a)
static const kind_info kinds[SRC__COUNT] = {
    [SRC_MATERNITY] = {FIELDS(maternity_fields), FIELDS(maternity_counts),
                       FIELDS(maternity_breakdowns)},
    [SRC_COLLAB_TEAMS] = {FIELDS(collab_teams_fields), NULL, 0, NULL, 0},
    [SRC_COLLAB_ASSESSMENTS] = {FIELDS(collab_assessments_fields), NULL, 0, NULL, 0},
    [SRC_COLLAB_ATTENDANCE] = {FIELDS(collab_attendance_fields), NULL, 0, NULL, 0},
    [SRC_COLLAB_PDSA] = {FIELDS(collab_pdsa_fields), NULL, 0, NULL, 0},
    [SRC_AE_KPIS] = {FIELDS(ae_kpis_fields), FIELDS(ae_kpis_counts), FIELDS(ae_kpis_breakdowns)},
    [SRC_AE_MATURITY] = {FIELDS(ae_maturity_fields), NULL, 0, NULL, 0},
    [SRC_AE_SURVEY] = {FIELDS(ae_survey_fields), NULL, 0, NULL, 0},
    [SRC_AE_OUTCOMES] = {FIELDS(ae_outcomes_fields), NULL, 0, NULL, 0},
};

static const char *const direction_names[] = {"up", "down", "neutral"};
static const char *const chart_names[] = {"run", "i", "mr", "p", "pp", "u", "up", "c"};
static const char *const mark_mode_names[] = {"points", "relative"};
static const char *const audience_names[] = {"internal", "external"};
static const char *const split_names[] = {"none", "organisation", "team"};
static const char *const breakdown_names[] = {"site", "organisation", "ethnic_group", "team"};
static const char *const rules_names[] = {"mdc", "anhoej"};
static const char *const conflict_names[] = {"improvement", "concern"};
static const char *const signal_names[SIGNAL__COUNT] = {"astronomical", "shift", "trend",
                                                        "two_of_three"};

/* Index of name in names (ASCII case ignored), or -1. */
const char *source_kind_name(source_kind k)
{
    return (unsigned)k < SRC__COUNT ? kind_names[k] : "unknown";
}

bool source_kind_from_name(const char *name, source_kind *out)
{
    int i = bp_name_index(name, kind_names, SRC__COUNT);
    if (i >= 0)
        *out = (source_kind)i;
    return i >= 0;
}

const char *const *source_kind_names(size_t *n)
{
    *n = SRC__COUNT;
    return kind_names;
}

const char *const *source_kind_fields(source_kind k, size_t *n)
{
    *n = (unsigned)k < SRC__COUNT ? kinds[k].nfields : 0;
    return (unsigned)k < SRC__COUNT ? kinds[k].fields : NULL;
}

const char *const *source_kind_count_fields(source_kind k, size_t *n)
{
    *n = (unsigned)k < SRC__COUNT ? kinds[k].ncounts : 0;
    return (unsigned)k < SRC__COUNT ? kinds[k].counts : NULL;
}

const char *cfg_direction_name(cfg_direction d)
{
    return (unsigned)d < LEN(direction_names) ? direction_names[d] : "unknown";
}

bool cfg_direction_from_name(const char *name, cfg_direction *out)
{
    int i = bp_name_index(name, direction_names, LEN(direction_names));
    if (i >= 0)
        *out = (cfg_direction)i;
    return i >= 0;
}

const char *cfg_chart_name(cfg_chart c)
{
    return (unsigned)c < LEN(chart_names) ? chart_names[c] : "unknown";
}

bool cfg_chart_from_name(const char *name, cfg_chart *out)
{
    int i = bp_name_index(name, chart_names, LEN(chart_names));
    if (i >= 0)
        *out = (cfg_chart)i;
    return i >= 0;
}

const char *cfg_mark_mode_name(cfg_mark_mode m)
{
    return (unsigned)m < LEN(mark_mode_names) ? mark_mode_names[m] : "unknown";
}

const char *cfg_audience_name(cfg_audience a)
{
    return (unsigned)a < LEN(audience_names) ? audience_names[a] : "unknown";
}

const char *cfg_split_name(cfg_split s)
{
    return (unsigned)s < LEN(split_names) ? split_names[s] : "unknown";
}

const char *cfg_rules_name(cfg_rules r)
{
    return (unsigned)r < LEN(rules_names) ? rules_names[r] : "unknown";
}

const char *cfg_conflict_name(cfg_conflict c)
{
    return (unsigned)c < LEN(conflict_names) ? conflict_names[c] : "unknown";
}

const char *cfg_signal_name(cfg_signal s)
{
    return (unsigned)s < LEN(signal_names) ? signal_names[s] : "unknown";
}

/* ---- the loader's state and its error reporting ---------------------------------------- */

/* Where a line of the expanded text was written: files[file], line `line`. */
typedef struct {
    unsigned file;
    unsigned line;
} origin;

enum lex_mode { LEX_CODE, LEX_STRING, LEX_COMMENT };

/* Groups that may be repeated at the top level; each repeat is renamed "NAME*N" in the
 * expanded text so libconfig accepts it, and the schema walk reads it as NAME again. */
static const char *const merged_groups[] = {"sources", "indicators", "packs"};

typedef struct {
    char *alias;      /* the name written for libconfig, e.g. "sources*2" */
    const char *base; /* one of merged_groups */
} group_alias;

#define MAX_INCLUDE_DEPTH 16

/* cfgfile.h: f first, so the front end's callbacks can find the loader. */
typedef struct {
    cfgfile f;
    /* include expansion */
    bp_buf text;
    origin *lines; /* lines[i] is where expanded line i + 1 came from */
    size_t nlines, caplines;
    char **files;
    size_t nfiles, capfiles;
    struct {
        dev_t dev;
        ino_t ino;
        unsigned file;
    } stack[MAX_INCLUDE_DEPTH]; /* the files being expanded, outermost first */
    size_t depth;
    enum lex_mode mode;
    origin opened; /* where the string or comment still open began */
    int nesting;   /* brackets open: 0 means the top level */
    unsigned seen[LEN(merged_groups)];
    group_alias *aliases;
    size_t naliases, capaliases;
    /* schema walk */
    const config_setting_t *root;
    bp_config *cfg;
} loader;

/* The name of files[i]: the list moves from the loader to the config once parsing begins. */
static const char *file_name(const loader *ld, unsigned i)
{
    char *const *files = ld->cfg ? ld->cfg->files : ld->files;
    size_t n = ld->cfg ? ld->cfg->nfiles : ld->nfiles;
    return i < n ? files[i] : NULL;
}

static void report(loader *ld, origin o, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(loader *ld, origin o, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cfgfile_vreport(&ld->f, file_name(ld, o.file), o.line, 0, key, fmt, ap);
    va_end(ap);
}

/* An error about a whole file, e.g. one that cannot be read. */
static void report_path(loader *ld, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report_path(loader *ld, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cfgfile_vreport(&ld->f, path, 0, 0, "", fmt, ap);
    va_end(ap);
}

/* Room for need items of size bytes; NULL when memory ran out (items stay valid). */
static void *reserve(void *items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return items;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(items, n * size);
    if (p)
        *cap = n;
    return p;
}

/* The origin of a line of the expanded text (libconfig numbers lines from 1). */
static origin origin_of_line(const loader *ld, long line)
{
    if (ld->nlines == 0 || line <= 0)
        return (origin){0, 0};
    if ((size_t)line > ld->nlines)
        return ld->lines[ld->nlines - 1];
    return ld->lines[line - 1];
}

static origin origin_of(const loader *ld, const config_setting_t *s)
{
    return origin_of_line(ld, s ? (long)config_setting_source_line(s) : 0);
}

/* cfgfile_map_line_fn: a line of the expanded text is reported where it was written. */
static void map_line(const cfgfile *f, long line, const char **file, long *file_line)
{
    const loader *ld = (const loader *)f;
    origin o = origin_of_line(ld, line);
    *file = file_name(ld, o.file);
    *file_line = o.line;
}

/* cfgfile_name_fn: the name of a setting as the schema knows it (a repeated top-level group's
 * alias undone). */
static const char *setting_name(const cfgfile *f, const config_setting_t *s)
{
    const loader *ld = (const loader *)f;
    const char *name = config_setting_name(s);
    if (config_setting_parent(s) == ld->root)
        for (size_t i = 0; i < ld->naliases; i++)
            if (strcmp(name, ld->aliases[i].alias) == 0)
                return ld->aliases[i].base;
    return name;
}

/* ---- @include expansion ---------------------------------------------------------------- */

static bool add_file(loader *ld, const char *path, unsigned *idx)
{
    char **files = reserve(ld->files, &ld->capfiles, ld->nfiles + 1, sizeof(*files));
    if (files)
        ld->files = files;
    char *copy = files ? bp_strdup(path) : NULL;
    if (!copy)
        return false;
    *idx = (unsigned)ld->nfiles;
    ld->files[ld->nfiles++] = copy;
    return true;
}

static bool end_line(loader *ld, origin o)
{
    origin *lines = reserve(ld->lines, &ld->caplines, ld->nlines + 1, sizeof(*lines));
    if (!lines)
        return false;
    ld->lines = lines;
    ld->lines[ld->nlines++] = o;
    return bp_buf_putc(&ld->text, '\n');
}

/* A top-level setting name: repeats of sources, indicators and packs get an alias. */
static void put_top_name(loader *ld, const char *s, size_t n)
{
    for (size_t k = 0; k < LEN(merged_groups); k++) {
        if (strlen(merged_groups[k]) != n || memcmp(s, merged_groups[k], n) != 0)
            continue;
        if (ld->seen[k]++ == 0)
            break;
        group_alias *a = reserve(ld->aliases, &ld->capaliases, ld->naliases + 1, sizeof(*a));
        if (a)
            ld->aliases = a;
        char *alias = a ? bp_asprintf("%s*%u", merged_groups[k], ld->seen[k]) : NULL;
        if (!alias) {
            ld->text.failed = true;
            return;
        }
        ld->aliases[ld->naliases++] = (group_alias){alias, merged_groups[k]};
        bp_buf_puts(&ld->text, alias);
        return;
    }
    bp_buf_append(&ld->text, s, n);
}

static bool is_name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '*';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Copy one token of code (outside strings and comments), tracking nesting and the start of
 * strings and comments. Returns the index after it. */
static size_t scan_code(loader *ld, origin here, const char *s, size_t n, size_t i)
{
    char c = s[i];
    size_t j = i + 1;
    if (c == '"' || (c == '/' && j < n && s[j] == '*')) {
        ld->mode = c == '"' ? LEX_STRING : LEX_COMMENT;
        ld->opened = here;
        j = c == '"' ? j : j + 1;
    } else if (c == '#' || (c == '/' && j < n && s[j] == '/')) {
        j = n;
    } else if (c == '{' || c == '[' || c == '(') {
        ld->nesting++;
    } else if ((c == '}' || c == ']' || c == ')') && ld->nesting > 0) {
        ld->nesting--;
    } else if (is_name_start(c)) {
        while (j < n && is_name_char(s[j]))
            j++;
        if (ld->nesting == 0) {
            put_top_name(ld, s + i, j - i);
            return j;
        }
    } else if (c >= '0' && c <= '9') {
        /* A number such as 1e5 or 0x1F must not be read as a name. */
        while (j < n && (is_name_char(s[j]) || s[j] == '.' || s[j] == '+'))
            j++;
    }
    bp_buf_append(&ld->text, s + i, j - i);
    return j;
}

/* Copy text inside a string or comment up to and including its end, or to the line's end. */
static size_t scan_open(loader *ld, const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n) {
        if (ld->mode == LEX_STRING && s[j] == '\\') {
            j += 2;
        } else if (ld->mode == LEX_STRING && s[j] == '"') {
            j++;
            ld->mode = LEX_CODE;
            break;
        } else if (ld->mode == LEX_COMMENT && s[j] == '*' && j + 1 < n && s[j + 1] == '/') {
            j += 2;
            ld->mode = LEX_CODE;
            break;
        } else {
            j++;
        }
    }
    if (j > n)
        j = n;
    bp_buf_append(&ld->text, s + i, j - i);
    return j;
}

static bool emit_line(loader *ld, origin here, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n)
        i = ld->mode == LEX_CODE ? scan_code(ld, here, s, n, i) : scan_open(ld, s, n, i);
    return end_line(ld, here) && !ld->text.failed;
}

/* Is the line an @include directive? 0: no; 1: yes, *name is the file (malloc'ed) and *rest
 * what follows the closing quote; -1: a malformed directive, already reported. */
static int parse_include(loader *ld, origin here, const char *s, size_t n, char **name,
                         size_t *rest)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (n - i < 8 || memcmp(s + i, "@include", 8) != 0)
        return 0;
    for (i += 8; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
        ;
    if (i == n || s[i] != '"') {
        report(ld, here, "", "@include must be followed by a file name in double quotes");
        return -1;
    }
    bp_buf b;
    bp_buf_init(&b);
    for (i++; i < n && s[i] != '"'; i++) {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        bp_buf_putc(&b, s[i]);
    }
    if (i == n || b.len == 0 || b.failed) {
        report(ld, here, "", "@include needs a file name in double quotes, found %s",
               i == n ? "no closing quote" : "an empty name");
        bp_buf_free(&b);
        return -1;
    }
    *name = b.data;
    *rest = i + 1;
    return 1;
}

static void expand_file(loader *ld, const char *path, const origin *from, const char *written);

static void expand_include(loader *ld, origin here, const char *written)
{
    char *dir = fsutil_dirname(ld->files[here.file]);
    char *path = dir ? fsutil_join(dir, written) : NULL;
    if (path)
        expand_file(ld, path, &here, written);
    else
        cfgfile_out_of_memory(&ld->f);
    free(dir);
    free(path);
}

static bool expand_line(loader *ld, origin here, const char *s, size_t n)
{
    char *name = NULL;
    size_t rest = 0;
    int inc = ld->mode == LEX_CODE ? parse_include(ld, here, s, n, &name, &rest) : 0;
    if (inc < 0)
        return end_line(ld, here);
    if (inc > 0) {
        expand_include(ld, here, name);
        free(name);
        s += rest;
        n -= rest;
    }
    return emit_line(ld, here, s, n);
}

static void expand_lines(loader *ld, unsigned file, const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (unsigned line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        if (memchr(p, '\0', (size_t)(eol - p))) {
            report(ld, (origin){file, line}, "", "this line holds a NUL byte: is it a text file?");
            return;
        }
        if (!expand_line(ld, (origin){file, line}, p, (size_t)(eol - p))) {
            cfgfile_out_of_memory(&ld->f);
            return;
        }
        p = nl ? nl + 1 : end;
    }
    if (ld->mode != LEX_CODE) {
        report(ld, ld->opened, "", "this %s is not closed before the end of the file",
               ld->mode == LEX_STRING ? "string (\")" : "comment (/*)");
        ld->mode = LEX_CODE;
    }
}

/* Report an include cycle: the chain from the first appearance of the file to here. */
static void report_cycle(loader *ld, const origin *from, size_t first, const char *path)
{
    bp_buf chain;
    bp_buf_init(&chain);
    for (size_t i = first; i < ld->depth; i++)
        bp_buf_printf(&chain, "%s -> ", ld->files[ld->stack[i].file]);
    bp_buf_puts(&chain, path);
    report(ld, *from, "", "@include makes a cycle: %s", chain.data ? chain.data : path);
    bp_buf_free(&chain);
}

static bool check_can_push(loader *ld, const char *path, const origin *from, const cfgfile_text *ft)
{
    for (size_t i = 0; i < ld->depth; i++) {
        if (ld->stack[i].dev == ft->dev && ld->stack[i].ino == ft->ino) {
            report_cycle(ld, from, i, path);
            return false;
        }
    }
    if (ld->depth == MAX_INCLUDE_DEPTH) {
        report(ld, *from, "", "@include nested more than %d deep", MAX_INCLUDE_DEPTH);
        return false;
    }
    return true;
}

/* Append path's text (from: the directive that included it; NULL for the main file). */
static void expand_file(loader *ld, const char *path, const origin *from, const char *written)
{
    cfgfile_text ft;
    infile_error why;
    bool ok = cfgfile_read(path, &ft, &why);
    if (!ok && from)
        report(ld, *from, "", "cannot include \"%s\" (looked for %s): %s", written, path,
               why.reason);
    else if (!ok)
        report_path(ld, path, "cannot read the configuration file: %s", why.reason);
    if (!ok)
        return;
    /* An empty main file is what a failed deploy leaves; libconfig would accept it as a
     * configuration with nothing in it, so say so before the missing keys are listed. */
    if (!from && ft.len == 0) {
        report_path(ld, path, "the configuration file is empty (0 bytes): expected the sources, "
                              "indicators and packs groups");
        free(ft.data);
        return;
    }
    unsigned idx;
    if (!from || check_can_push(ld, path, from, &ft)) {
        if (add_file(ld, path, &idx)) {
            ld->stack[ld->depth].dev = ft.dev;
            ld->stack[ld->depth].ino = ft.ino;
            ld->stack[ld->depth++].file = idx;
            expand_lines(ld, idx, ft.data, ft.len);
            ld->depth--;
        } else {
            cfgfile_out_of_memory(&ld->f);
        }
    }
    free(ft.data);
}

/* ---- the schema: one table of known keys per group ------------------------------------- */

CFGFILE_NAME_LIST(direction_list, direction_names)
CFGFILE_NAME_LIST(chart_list, chart_names)
CFGFILE_NAME_LIST(mark_mode_list, mark_mode_names)
CFGFILE_NAME_LIST(audience_list, audience_names)
CFGFILE_NAME_LIST(split_list, split_names)
CFGFILE_NAME_LIST(breakdown_list, breakdown_names)
CFGFILE_NAME_LIST(rules_list, rules_names)
CFGFILE_NAME_LIST(conflict_list, conflict_names)
CFGFILE_NAME_LIST(signal_list, signal_names)

#define KEY(n, t) .name = n, .type = CFGFILE_##t
#define CHOICE(n, list) .name = n, .type = CFGFILE_CHOICE, .choices = list

enum {
    TOP_ORGANISATION,
    TOP_CLASSIFICATION,
    TOP_AUTHOR,
    TOP_OUTPUT_MODE,
    TOP_CSV,
    TOP_SPC,
    TOP_SOURCES,
    TOP_INDICATORS,
    TOP_PACKS,
    TOP__N
};
static const cfgfile_key top_keys[TOP__N] = {
    [TOP_ORGANISATION] = {KEY("organisation", STRING), .required = true,
                          .hint = "the organisation's name, printed on every cover"},
    [TOP_CLASSIFICATION] = {KEY("classification", STRING)},
    [TOP_AUTHOR] = {KEY("author", STRING)},
    [TOP_OUTPUT_MODE] = {KEY("output_mode", STRING)},
    [TOP_CSV] = {KEY("csv", GROUP)},
    [TOP_SPC] = {KEY("spc", GROUP)},
    [TOP_SOURCES] = {KEY("sources", GROUP)},
    [TOP_INDICATORS] = {KEY("indicators", GROUP)},
    [TOP_PACKS] = {KEY("packs", GROUP)},
};

enum { CK_MAX_FIELD_BYTES, CK_MAX_FIELDS, CK_MAX_RECORD_BYTES, CK_MAX_FILE_BYTES, CK__N };
static const cfgfile_key csv_keys[CK__N] = {
    [CK_MAX_FIELD_BYTES] = {KEY("max_field_bytes", INT), .range = CFGFILE_AT_LEAST, .min = 1},
    [CK_MAX_FIELDS] = {KEY("max_fields", INT), .range = CFGFILE_AT_LEAST, .min = 1},
    [CK_MAX_RECORD_BYTES] = {KEY("max_record_bytes", INT), .range = CFGFILE_AT_LEAST, .min = 1},
    [CK_MAX_FILE_BYTES] = {KEY("max_file_bytes", INT), .range = CFGFILE_AT_LEAST, .min = 1},
};

/* The SPC settings: the top-level spc group's keys, and (all but two_sigma_lines) an
 * indicator's, in the same order in both tables so one function applies either. */
#define SPC_KEY_SPECS                                                                              \
    {CHOICE("rules", rules_list)},                                                                 \
        {KEY("minimum_points", INT), .range = CFGFILE_BETWEEN, .min = 2, .max = 100},              \
        {KEY("shift_length", INT), .range = CFGFILE_BETWEEN, .min = 6, .max = 8},                  \
        {KEY("trend_length", INT), .range = CFGFILE_BETWEEN, .min = 6, .max = 8},                  \
        {KEY("mr_screening", BOOL)}, {CHOICE("conflict", conflict_list)},                          \
        {KEY("signals", CHOICES), .choices = signal_list}

enum {
    SPK_RULES,
    SPK_MINIMUM_POINTS,
    SPK_SHIFT_LENGTH,
    SPK_TREND_LENGTH,
    SPK_MR_SCREENING,
    SPK_CONFLICT,
    SPK_SIGNALS,
    SPK_TWO_SIGMA_LINES,
    SPK_BASELINE,
    SPK__N
};
static const cfgfile_key spc_keys[SPK__N] = {
    SPC_KEY_SPECS,
    [SPK_TWO_SIGMA_LINES] = {KEY("two_sigma_lines", BOOL)},
    [SPK_BASELINE] = {KEY("baseline", INT),
                      .misplaced = "a baseline is a number of an indicator's own points, so it "
                                   "is set in the indicator"},
};

enum { SK_KIND, SK_FILE, SK_PERIOD_FORMAT, SK_MAX_REJECTED, SK_FIELDS, SK__N };
static const cfgfile_key source_keys[SK__N] = {
    [SK_KIND] = {CHOICE("kind", source_kind_names)},
    [SK_FILE] = {KEY("file", STRING), .required = true,
                 .hint = "the extract's path, relative to this configuration file"},
    [SK_PERIOD_FORMAT] = {CHOICE("period_format", period_format_names)},
    [SK_MAX_REJECTED] = {KEY("max_rejected_percent", NUMBER), .range = CFGFILE_BETWEEN, .min = 0,
                         .max = 100},
    [SK_FIELDS] = {KEY("fields", GROUP)},
};

enum {
    IK_TITLE,
    IK_DESCRIPTION,
    IK_SOURCE,
    IK_NUMERATOR,
    IK_DENOMINATOR,
    IK_KPI,
    IK_BREAKDOWN,
    IK_MULTIPLIER,
    IK_UNIT,
    IK_DECIMALS,
    IK_DIRECTION,
    IK_TARGET,
    IK_CHART,
    IK_MARK_MODE,
    IK_MARK_TOLERANCE,
    IK_SPLITS,
    IK_RULES, /* IK_RULES .. IK_SIGNALS: in the order of SPK_RULES .. SPK_SIGNALS */
    IK_MINIMUM_POINTS,
    IK_SHIFT_LENGTH,
    IK_TREND_LENGTH,
    IK_MR_SCREENING,
    IK_CONFLICT,
    IK_SIGNALS,
    IK_TWO_SIGMA_LINES,
    IK_BASELINE,
    IK_EXCLUDE,
    IK_ANNOTATIONS,
    IK_AIM,
    IK_GAP,
    IK__N
};
_Static_assert(IK_SIGNALS - IK_RULES == SPK_SIGNALS - SPK_RULES, "SPC keys out of step");
static const cfgfile_key indicator_keys[IK__N] = {
    [IK_TITLE] = {KEY("title", STRING), .required = true},
    [IK_DESCRIPTION] = {KEY("description", STRING), .empty_ok = true},
    [IK_SOURCE] = {KEY("source", STRING), .required = true, .hint = "the id of a source"},
    [IK_NUMERATOR] = {KEY("numerator", STRING), .required = true,
                      .hint = "the count field to plot, e.g. \"stillbirths\""},
    [IK_DENOMINATOR] = {KEY("denominator", STRING)},
    [IK_KPI] = {KEY("kpi", STRING)},
    [IK_BREAKDOWN] = {CHOICE("breakdown", breakdown_list)},
    [IK_MULTIPLIER] = {KEY("multiplier", NUMBER), .range = CFGFILE_ABOVE, .min = 0},
    [IK_UNIT] = {KEY("unit", STRING), .empty_ok = true},
    [IK_DECIMALS] = {KEY("decimals", INT), .range = CFGFILE_BETWEEN, .min = 0, .max = 6},
    [IK_DIRECTION] = {CHOICE("direction", direction_list), .required = true,
                      .hint = "which way is better: \"up\", \"down\" or \"neutral\""},
    [IK_TARGET] = {KEY("target", NUMBER)},
    [IK_CHART] = {CHOICE("chart", chart_list)},
    [IK_MARK_MODE] = {CHOICE("mark_mode", mark_mode_list)},
    [IK_MARK_TOLERANCE] = {KEY("mark_tolerance", NUMBER), .range = CFGFILE_AT_LEAST, .min = 0},
    [IK_SPLITS] = {KEY("splits", MONTHS), .item = "split"},
    [IK_RULES] = SPC_KEY_SPECS,
    [IK_TWO_SIGMA_LINES] = {KEY("two_sigma_lines", BOOL),
                            .misplaced = "2-sigma lines are drawn on every chart or on none, so "
                                         "the setting is in the top-level spc group"},
    [IK_BASELINE] = {KEY("baseline", INT), .range = CFGFILE_AT_LEAST, .min = 0},
    [IK_EXCLUDE] = {KEY("exclude", MONTHS), .item = "exclude"},
    [IK_ANNOTATIONS] = {KEY("annotations", LIST)},
    [IK_AIM] = {KEY("aim", GROUP)},
    [IK_GAP] = {KEY("gap", GROUP)},
};

enum { ANK_PERIOD, ANK_TEXT, ANK__N };
static const cfgfile_key annotation_keys[ANK__N] = {
    [ANK_PERIOD] = {KEY("period", MONTH), .required = true,
                    .hint = "the month the change was made, \"YYYY-MM\""},
    [ANK_TEXT] = {KEY("text", STRING), .required = true,
                  .hint = "what changed, as the chart should say it"},
};

enum { AK_FROM, AK_TO, AK_BY, AK_LABEL, AK__N };
static const cfgfile_key aim_keys[AK__N] = {
    [AK_FROM] = {KEY("from", NUMBER), .required = true,
                 .hint = "the starting value, in the indicator's units"},
    [AK_TO] = {KEY("to", NUMBER), .required = true,
               .hint = "the value aimed for, in the indicator's units"},
    [AK_BY] = {KEY("by", MONTH), .required = true,
               .hint = "the month by which the aim should be met, \"YYYY-MM\""},
    [AK_LABEL] = {KEY("label", STRING)},
};

enum { GK_REFERENCE, GK_REFERENCE_LABEL, GK_COMPARISON_LABEL, GK__N };
static const cfgfile_key gap_keys[GK__N] = {
    [GK_REFERENCE] = {KEY("reference", STRINGS), .required = true, .range = CFGFILE_AT_LEAST,
                      .min = 1,
                      .hint = "the breakdown values forming the reference group, e.g. "
                              "[\"White\"]"},
    [GK_REFERENCE_LABEL] = {KEY("reference_label", STRING)},
    [GK_COMPARISON_LABEL] = {KEY("comparison_label", STRING)},
};

enum {
    PK_TITLE,
    PK_TEMPLATE,
    PK_AUDIENCE,
    PK_SPLIT,
    PK_SOURCES,
    PK_INDICATORS,
    PK_MONTHS,
    PK_SPC_MONTHS,
    PK_DISCLOSURE_THRESHOLD,
    PK_MIN_GROUP_SIZE,
    PK__N
};
static const cfgfile_key pack_keys[PK__N] = {
    [PK_TITLE] = {KEY("title", STRING), .required = true},
    [PK_TEMPLATE] = {KEY("template", STRING)},
    [PK_AUDIENCE] = {CHOICE("audience", audience_list), .required = true,
                     .hint = "\"internal\" or \"external\": it decides what the pack may "
                             "disclose, so it is never assumed"},
    [PK_SPLIT] = {CHOICE("split", split_list)},
    [PK_SOURCES] = {KEY("sources", STRINGS), .required = true, .range = CFGFILE_AT_LEAST, .min = 1,
                    .hint = "the ids of the sources the pack reads"},
    [PK_INDICATORS] = {KEY("indicators", STRINGS)},
    [PK_MONTHS] = {KEY("months", INT), .range = CFGFILE_BETWEEN, .min = 1, .max = 120},
    [PK_SPC_MONTHS] = {KEY("spc_months", INT), .range = CFGFILE_BETWEEN, .min = 12, .max = 240},
    [PK_DISCLOSURE_THRESHOLD] = {KEY("disclosure_threshold", INT), .range = CFGFILE_BETWEEN,
                                 .min = 1, .max = 100},
    /* From 2: a mean of one person is that person's answer, so it can never be allowed. */
    [PK_MIN_GROUP_SIZE] = {KEY("min_group_size", INT), .range = CFGFILE_BETWEEN, .min = 2,
                           .max = 100},
};

/* ---- building the configuration from checked settings ---------------------------------- */

static void set_origin(loader *ld, const config_setting_t *s, char **file, int *line)
{
    origin o = origin_of(ld, s);
    *file = ld->cfg->files[o.file];
    *line = (int)o.line;
}

/* A path written in the configuration, resolved against the directory of its file. */
static char *resolve_path(loader *ld, const config_setting_t *s)
{
    char *dir = fsutil_dirname(ld->cfg->files[origin_of(ld, s).file]);
    char *path = dir ? fsutil_join(dir, config_setting_get_string(s)) : NULL;
    free(dir);
    if (!path)
        cfgfile_out_of_memory(&ld->f);
    return path;
}

static char **take_strings(loader *ld, const config_setting_t *s, size_t *n)
{
    *n = 0;
    if (!s)
        return NULL;
    size_t count = (size_t)config_setting_length(s);
    char **v = calloc(count ? count : 1, sizeof(*v));
    if (!v) {
        cfgfile_out_of_memory(&ld->f);
        return NULL;
    }
    for (size_t i = 0; i < count; i++)
        v[(*n)++] = cfgfile_strdup(
            &ld->f, config_setting_get_string(config_setting_get_elem(s, (unsigned)i)));
    return v;
}

static int exact_index(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

static void build_csv(loader *ld, const config_setting_t *s)
{
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, csv_keys, CK__N, &(cfgfile_place){"in csv", "csv"}, &w);
    csv_limits *l = &ld->cfg->limits;
    l->max_field_bytes =
        (size_t)cfgfile_number(w.set[CK_MAX_FIELD_BYTES], (double)l->max_field_bytes);
    l->max_fields = (size_t)cfgfile_number(w.set[CK_MAX_FIELDS], (double)l->max_fields);
    l->max_record_bytes =
        (size_t)cfgfile_number(w.set[CK_MAX_RECORD_BYTES], (double)l->max_record_bytes);
    l->max_file_bytes =
        (long long)cfgfile_number(w.set[CK_MAX_FILE_BYTES], (double)l->max_file_bytes);
}

/* ---- sources --------------------------------------------------------------------------- */

static void *compile_pattern(loader *ld, const cfg_field *f, origin o, const char *key,
                             const char *source_id)
{
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)f->pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_CASELESS | PCRE2_UTF, &code, &offset, NULL);
    if (!re) {
        PCRE2_UCHAR why[256];
        pcre2_get_error_message(code, why, sizeof(why));
        report(ld, o, key,
               "pattern \"%s\" for field '%s' of source '%s' does not compile: %s "
               "at offset %zu",
               f->pattern, f->field, source_id, (const char *)why, (size_t)offset);
        return NULL;
    }
    bp_regex_jit(re);
    return re;
}

/* fields: one entry per canonical field of the kind, the default pattern where none is set. */
static void build_fields(loader *ld, cfg_source *src, const config_setting_t *fields,
                         const cfgfile_place *src_at)
{
    size_t n;
    const char *const *names = source_kind_fields(src->kind, &n);
    cfgfile_key keys[CFGFILE_MAX_KEYS] = {{0}};
    for (size_t i = 0; i < n; i++)
        keys[i] = (cfgfile_key){KEY(names[i], STRING)};
    char where[300], key[160];
    snprintf(where, sizeof(where), "in fields of source '%s'", src->id);
    cfgfile_key_join(key, sizeof(key), src_at->key, "fields");
    cfgfile_walk w = {{0}, {0}};
    if (fields)
        cfgfile_walk_group(&ld->f, fields, keys, n, &(cfgfile_place){where, key}, &w);
    for (size_t i = 0; i < n; i++) {
        cfg_field *f = &src->fields[src->nfields++];
        f->field = cfgfile_strdup(&ld->f, names[i]);
        char fkey[160];
        cfgfile_key_join(fkey, sizeof(fkey), key, names[i]);
        if (w.set[i]) {
            f->pattern = cfgfile_strdup(&ld->f, config_setting_get_string(w.set[i]));
            set_origin(ld, w.set[i], &f->cfg_file, &f->cfg_line);
        } else {
            f->pattern = bp_asprintf("^\\s*%s\\s*$", names[i]);
            f->cfg_file = src->cfg_file;
            f->cfg_line = src->cfg_line;
        }
        if (!f->field || !f->pattern)
            continue;
        origin o = w.set[i] ? origin_of(ld, w.set[i]) : origin_of(ld, fields);
        f->re = compile_pattern(ld, f, o, fkey, src->id);
    }
}

static void build_source(loader *ld, const config_setting_t *s, cfg_source *src)
{
    const char *id = config_setting_name(s);
    char where[300], key[160];
    snprintf(where, sizeof(where), "in source '%s'", id);
    cfgfile_key_join(key, sizeof(key), "sources", id);
    cfgfile_place at = {where, key};
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, source_keys, SK__N, &at, &w);
    src->id = cfgfile_strdup(&ld->f, id);
    set_origin(ld, s, &src->cfg_file, &src->cfg_line);
    src->kind = SRC__COUNT;
    if (w.set[SK_KIND])
        source_kind_from_name(config_setting_get_string(w.set[SK_KIND]), &src->kind);
    else if (!w.present[SK_KIND] && !source_kind_from_name(id, &src->kind))
        cfgfile_report_missing(
            &ld->f, s,
            &(cfgfile_key){KEY("kind", CHOICE),
                           .hint = "the id is not a kind name, so say which of the nine "
                                   "extracts this is, e.g. kind = \"maternity\""},
            &at);
    if (w.set[SK_FILE]) {
        src->file_label = cfgfile_strdup(&ld->f, config_setting_get_string(w.set[SK_FILE]));
        src->path = resolve_path(ld, w.set[SK_FILE]);
    }
    src->period_fmt = PERIOD_FMT_YYYY_MM;
    if (w.set[SK_PERIOD_FORMAT])
        period_format_from_name(config_setting_get_string(w.set[SK_PERIOD_FORMAT]),
                                &src->period_fmt);
    src->max_rejected_pct = cfgfile_number(w.set[SK_MAX_REJECTED], 0);
    if (src->kind != SRC__COUNT)
        build_fields(ld, src, w.set[SK_FIELDS], &at);
}

/* Every entry of every top-level group named base (repeats of the group are combined). Each
 * must be a group, and no id may be defined twice. */
static bool entry_ok(loader *ld, const config_setting_t *e, const char *base, const char *what,
                     const config_setting_t *const *seen, size_t nseen)
{
    const char *id = config_setting_name(e);
    char key[160];
    cfgfile_key_join(key, sizeof(key), base, id);
    if (config_setting_type(e) != CONFIG_TYPE_GROUP) {
        char found[300];
        cfgfile_describe_found(&ld->f, e, found, sizeof(found));
        cfgfile_report_at(&ld->f, e, key, "%s '%s' must be a group { ... }, found %s", what, id,
                          found);
        return false;
    }
    for (size_t i = 0; i < nseen; i++) {
        if (strcmp(config_setting_name(seen[i]), id) == 0) {
            origin first = origin_of(ld, seen[i]);
            cfgfile_report_at(&ld->f, e, key, "%s '%s' is defined twice (first at %s:%u)", what, id,
                              file_name(ld, first.file), first.line);
            return false;
        }
    }
    return true;
}

static const config_setting_t **collect_entries(loader *ld, const char *base, const char *what,
                                                size_t *n)
{
    size_t total = 0;
    int ntop = config_setting_length(ld->root);
    for (int i = 0; i < ntop; i++) {
        const config_setting_t *g = config_setting_get_elem(ld->root, (unsigned)i);
        if (config_setting_type(g) == CONFIG_TYPE_GROUP &&
            strcmp(cfgfile_name(&ld->f, g), base) == 0)
            total += (size_t)config_setting_length(g);
    }
    const config_setting_t **out = calloc(total ? total : 1, sizeof(*out));
    *n = 0;
    if (!out) {
        cfgfile_out_of_memory(&ld->f);
        return NULL;
    }
    for (int i = 0; i < ntop; i++) {
        const config_setting_t *g = config_setting_get_elem(ld->root, (unsigned)i);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP ||
            strcmp(cfgfile_name(&ld->f, g), base) != 0)
            continue;
        for (int j = 0; j < config_setting_length(g); j++) {
            const config_setting_t *e = config_setting_get_elem(g, (unsigned)j);
            if (entry_ok(ld, e, base, what, out, *n))
                out[(*n)++] = e;
        }
    }
    return out;
}

static void build_sources(loader *ld)
{
    size_t n;
    const config_setting_t **entries = collect_entries(ld, "sources", "source", &n);
    bp_config *c = ld->cfg;
    c->sources = entries ? calloc(n ? n : 1, sizeof(*c->sources)) : NULL;
    if (entries && !c->sources)
        cfgfile_out_of_memory(&ld->f);
    for (size_t i = 0; c->sources && i < n; i++)
        build_source(ld, entries[i], &c->sources[c->nsources++]);
    free(entries);
}

/* ---- indicators ------------------------------------------------------------------------ */

/* The text after "which is not defined": a near id, or the ids there are. */
static const char *undefined_hint(char *buf, size_t n, const char *id, const char *const *ids,
                                  size_t count, const char *what)
{
    char list[600];
    cfgfile_did_you_mean(buf, n, id, ids, count);
    if (!buf[0] && count)
        snprintf(buf, n, " (%ss defined: %s)", what,
                 cfgfile_join_names(list, sizeof(list), ids, count));
    else if (!buf[0])
        snprintf(buf, n, " (no %ss are defined)", what);
    return buf;
}

static const char **source_ids(loader *ld)
{
    const char **ids = calloc(ld->cfg->nsources + 1, sizeof(*ids));
    for (size_t i = 0; ids && i < ld->cfg->nsources; i++)
        ids[i] = ld->cfg->sources[i].id ? ld->cfg->sources[i].id : "";
    if (!ids)
        cfgfile_out_of_memory(&ld->f);
    return ids;
}

static const char **indicator_ids(loader *ld)
{
    const char **ids = calloc(ld->cfg->nindicators + 1, sizeof(*ids));
    for (size_t i = 0; ids && i < ld->cfg->nindicators; i++)
        ids[i] = ld->cfg->indicators[i].id ? ld->cfg->indicators[i].id : "";
    if (!ids)
        cfgfile_out_of_memory(&ld->f);
    return ids;
}

static void report_undefined_source(loader *ld, const config_setting_t *s, const char *key,
                                    const char *lead)
{
    const char **ids = source_ids(ld);
    char hint[800];
    if (ids)
        cfgfile_report_at(&ld->f, s, key, "%s '%s', which is not defined%s", lead,
                          config_setting_get_string(s),
                          undefined_hint(hint, sizeof(hint), config_setting_get_string(s), ids,
                                         ld->cfg->nsources, "source"));
    free(ids);
}

/* numerator or denominator: a count field of the source's kind. */
static void check_count_field(loader *ld, const config_setting_t *s, const cfg_indicator *ind,
                              const cfg_source *src, const cfgfile_place *at)
{
    if (!s)
        return;
    const kind_info *ki = &kinds[src->kind];
    const char *v = config_setting_get_string(s);
    if (exact_index(v, ki->counts, ki->ncounts) >= 0)
        return;
    char key[160], list[600], hint[200];
    cfgfile_key_join(key, sizeof(key), at->key, config_setting_name(s));
    if (ki->ncounts == 0)
        cfgfile_report_at(
            &ld->f, s, key,
            "%s '%s' of indicator '%s' cannot be counted: source '%s' is a %s extract, "
            "which has no count fields (indicators count maternity and ae_kpis extracts)",
            config_setting_name(s), v, ind->id, src->id, kind_names[src->kind]);
    else
        cfgfile_report_at(
            &ld->f, s, key,
            "%s '%s' of indicator '%s' is not a count field of %s source '%s' (expected one "
            "of: %s)%s",
            config_setting_name(s), v, ind->id, kind_names[src->kind], src->id,
            cfgfile_join_names(list, sizeof(list), ki->counts, ki->ncounts),
            cfgfile_did_you_mean(hint, sizeof(hint), v, ki->counts, ki->ncounts));
}

static void check_kpi_and_breakdown(loader *ld, const config_setting_t *ind_setting,
                                    const cfgfile_walk *w, const cfg_source *src,
                                    const cfgfile_place *at)
{
    char key[160], list[400];
    const kind_info *ki = &kinds[src->kind];
    if (w->set[IK_KPI] && src->kind != SRC_AE_KPIS) {
        cfgfile_key_join(key, sizeof(key), at->key, "kpi");
        cfgfile_report_at(&ld->f, w->set[IK_KPI], key,
                          "'kpi' %s applies only to ae_kpis sources; source '%s' is a %s extract",
                          at->where, src->id, kind_names[src->kind]);
    }
    if (src->kind == SRC_AE_KPIS && !w->present[IK_KPI])
        cfgfile_report_missing(
            &ld->f, ind_setting,
            &(cfgfile_key){KEY("kpi", STRING),
                           .hint = "it reads an ae_kpis source: name the indicator as "
                                   "written in that extract's indicator column"},
            at);
    const config_setting_t *b = w->set[IK_BREAKDOWN];
    if (b && exact_index(cfgfile_choice_name(b, &indicator_keys[IK_BREAKDOWN]), ki->breakdowns,
                         ki->nbreakdowns) < 0) {
        cfgfile_key_join(key, sizeof(key), at->key, "breakdown");
        if (ki->nbreakdowns)
            cfgfile_report_at(
                &ld->f, b, key,
                "breakdown '%s' %s is not available for %s source '%s' (it has: %s)",
                config_setting_get_string(b), at->where, kind_names[src->kind], src->id,
                cfgfile_join_names(list, sizeof(list), ki->breakdowns, ki->nbreakdowns));
        else
            cfgfile_report_at(&ld->f, b, key,
                              "breakdown '%s' %s is not available: a %s extract has no breakdowns",
                              config_setting_get_string(b), at->where, kind_names[src->kind]);
    }
}

/* Charts of a proportion or a rate cannot be drawn without a denominator. */
static void check_chart(loader *ld, const cfg_indicator *ind, const cfgfile_walk *w,
                        const cfgfile_place *at)
{
    const config_setting_t *c = w->set[IK_CHART];
    if (!c || w->present[IK_DENOMINATOR])
        return;
    if (ind->chart == CHART_P || ind->chart == CHART_PP || ind->chart == CHART_U ||
        ind->chart == CHART_UP) {
        char key[160];
        cfgfile_key_join(key, sizeof(key), at->key, "chart");
        cfgfile_report_at(
            &ld->f, c, key,
            "chart '%s' %s needs a denominator (p, pp, u and up charts plot a proportion or "
            "a rate); set denominator or use chart \"i\"",
            cfg_chart_name(ind->chart), at->where);
    }
}

static void check_indicator_refs(loader *ld, const config_setting_t *s, const cfg_indicator *ind,
                                 const cfgfile_walk *w, const cfgfile_place *at)
{
    check_chart(ld, ind, w, at);
    if (!w->set[IK_SOURCE])
        return;
    const cfg_source *src = config_source(ld->cfg, ind->source);
    if (!src) {
        char key[160], lead[400];
        cfgfile_key_join(key, sizeof(key), at->key, "source");
        snprintf(lead, sizeof(lead), "indicator '%s' reads source", ind->id);
        report_undefined_source(ld, w->set[IK_SOURCE], key, lead);
        return;
    }
    if (src->kind == SRC__COUNT)
        return; /* the source's own error says why */
    check_count_field(ld, w->set[IK_NUMERATOR], ind, src, at);
    check_count_field(ld, w->set[IK_DENOMINATOR], ind, src, at);
    check_kpi_and_breakdown(ld, s, w, src, at);
}

/* The months of a checked CFGFILE_MONTHS array, in time order; NULL when s is NULL. */
static bp_month *take_months(loader *ld, const config_setting_t *s, size_t *n)
{
    *n = 0;
    if (!s)
        return NULL;
    size_t count = (size_t)config_setting_length(s);
    bp_month *v = calloc(count ? count : 1, sizeof(*v));
    if (!v) {
        cfgfile_out_of_memory(&ld->f);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        bp_month m;
        period_parse(config_setting_get_string(config_setting_get_elem(s, (unsigned)i)),
                     PERIOD_FMT_YYYY_MM, &m, NULL, 0);
        size_t j = (*n)++;
        for (; j > 0 && v[j - 1] > m; j--)
            v[j] = v[j - 1];
        v[j] = m;
    }
    return v;
}

/* ---- an indicator's SPC settings ------------------------------------------------------- */

void config_spc_defaults(cfg_spc *s)
{
    *s = (cfg_spc){.rules = RULES_MDC,
                   .minimum_points = 12,
                   .shift_length = 7,
                   .trend_length = 7,
                   .conflict = CONFLICT_IMPROVEMENT};
    for (size_t i = 0; i < SIGNAL__COUNT; i++)
        s->signals[i] = true;
}

/* Apply the checked settings v[SPK_RULES .. SPK_SIGNALS] (NULL: not given) over s. */
static void apply_spc(const config_setting_t *const *v, cfg_spc *s)
{
    if (v[SPK_RULES])
        s->rules = (cfg_rules)cfgfile_choice_index(v[SPK_RULES], &spc_keys[SPK_RULES]);
    s->minimum_points = (int)cfgfile_number(v[SPK_MINIMUM_POINTS], s->minimum_points);
    s->shift_length = (int)cfgfile_number(v[SPK_SHIFT_LENGTH], s->shift_length);
    s->trend_length = (int)cfgfile_number(v[SPK_TREND_LENGTH], s->trend_length);
    if (v[SPK_MR_SCREENING])
        s->mr_screening = config_setting_get_bool(v[SPK_MR_SCREENING]);
    if (v[SPK_CONFLICT])
        s->conflict = (cfg_conflict)cfgfile_choice_index(v[SPK_CONFLICT], &spc_keys[SPK_CONFLICT]);
    if (!v[SPK_SIGNALS])
        return;
    for (size_t i = 0; i < SIGNAL__COUNT; i++)
        s->signals[i] = false;
    for (int i = 0; i < config_setting_length(v[SPK_SIGNALS]); i++) {
        const char *name = config_setting_get_string(config_setting_get_elem(v[SPK_SIGNALS],
                                                                             (unsigned)i));
        s->signals[bp_name_index(name, signal_names, SIGNAL__COUNT)] = true;
    }
}

/* The top-level spc group: the defaults every indicator starts from. */
static void build_spc(loader *ld, const config_setting_t *s)
{
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, spc_keys, SPK__N, &(cfgfile_place){"in spc", "spc"}, &w);
    apply_spc(w.set, &ld->cfg->spc);
    if (w.set[SPK_TWO_SIGMA_LINES])
        ld->cfg->spc.two_sigma_lines = config_setting_get_bool(w.set[SPK_TWO_SIGMA_LINES]);
}

static void build_annotation(loader *ld, const config_setting_t *s, int i, cfg_indicator *ind,
                             const cfgfile_place *ind_at)
{
    char where[300], key[200];
    snprintf(where, sizeof(where), "in annotation %d of indicator '%s'", i + 1, ind->id);
    snprintf(key, sizeof(key), "%s.annotations.[%d]", ind_at->key, i);
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, annotation_keys, ANK__N, &(cfgfile_place){where, key}, &w);
    if (!w.set[ANK_PERIOD] || !w.set[ANK_TEXT])
        return; /* reported */
    cfg_annotation a = {0};
    period_parse(config_setting_get_string(w.set[ANK_PERIOD]), PERIOD_FMT_YYYY_MM, &a.period,
                 NULL, 0);
    a.text = cfgfile_strdup(&ld->f, config_setting_get_string(w.set[ANK_TEXT]));
    set_origin(ld, s, &a.cfg_file, &a.cfg_line);
    /* In time order, and in written order within a month. */
    size_t j = ind->nannotations++;
    for (; j > 0 && ind->annotations[j - 1].period > a.period; j--)
        ind->annotations[j] = ind->annotations[j - 1];
    ind->annotations[j] = a;
}

static void take_annotations(loader *ld, const config_setting_t *s, cfg_indicator *ind,
                             const cfgfile_place *at)
{
    if (!s)
        return;
    int n = config_setting_length(s);
    ind->annotations = calloc(n ? (size_t)n : 1, sizeof(*ind->annotations));
    if (!ind->annotations) {
        cfgfile_out_of_memory(&ld->f);
        return;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(e) == CONFIG_TYPE_GROUP)
            build_annotation(ld, e, i, ind, at);
    }
}

/* An aim must move the measure, and in the direction the indicator calls better. */
static void check_aim(loader *ld, const config_setting_t *s, const cfgfile_walk *aw,
                      const cfg_indicator *ind, bool has_direction, const char *key)
{
    const cfg_aim *a = &ind->aim;
    if (a->from == a->to) {
        cfgfile_report_at(&ld->f, aw->set[AK_TO], key,
                          "aim of indicator '%s' goes from %g to %g: 'from' and 'to' must differ",
                          ind->id, a->from, a->to);
        return;
    }
    bool rises = a->to > a->from;
    if (has_direction && ind->direction != DIR_NEUTRAL && rises != (ind->direction == DIR_UP))
        cfgfile_report_at(
            &ld->f, s, key,
            "aim of indicator '%s' goes %s, from %g to %g, but its direction is \"%s\" "
            "(%s is better)",
            ind->id, rises ? "up" : "down", a->from, a->to, cfg_direction_name(ind->direction),
            ind->direction == DIR_UP ? "higher" : "lower");
}

static void build_aim(loader *ld, const config_setting_t *s, cfg_indicator *ind, bool has_direction,
                      const cfgfile_place *ind_at)
{
    char where[300], key[160];
    snprintf(where, sizeof(where), "in aim of indicator '%s'", ind->id);
    cfgfile_key_join(key, sizeof(key), ind_at->key, "aim");
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, aim_keys, AK__N, &(cfgfile_place){where, key}, &w);
    if (!w.set[AK_FROM] || !w.set[AK_TO] || !w.set[AK_BY])
        return; /* reported */
    ind->has_aim = true;
    ind->aim.from = cfgfile_number(w.set[AK_FROM], 0);
    ind->aim.to = cfgfile_number(w.set[AK_TO], 0);
    period_parse(config_setting_get_string(w.set[AK_BY]), PERIOD_FMT_YYYY_MM, &ind->aim.by, NULL,
                 0);
    ind->aim.label = cfgfile_strdup(&ld->f, cfgfile_string(w.set[AK_LABEL], ""));
    check_aim(ld, s, &w, ind, has_direction, key);
}

static void build_gap(loader *ld, const config_setting_t *s, cfg_indicator *ind, bool has_breakdown,
                      const cfgfile_place *ind_at)
{
    char where[300], key[160], rkey[160];
    snprintf(where, sizeof(where), "in gap of indicator '%s'", ind->id);
    cfgfile_key_join(key, sizeof(key), ind_at->key, "gap");
    cfgfile_place at = {where, key};
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, gap_keys, GK__N, &at, &w);
    if (!has_breakdown)
        cfgfile_report_at(
            &ld->f, s, key,
            "'gap' in indicator '%s' needs a breakdown: its groups are values of the "
            "breakdown column (e.g. breakdown = \"ethnic_group\"; gap = { reference = "
            "[\"White\"]; })",
            ind->id);
    cfgfile_key_join(rkey, sizeof(rkey), key, "reference");
    const config_setting_t *ref = w.set[GK_REFERENCE];
    for (int i = 0; ref && i < config_setting_length(ref); i++)
        if (!cfgfile_check_item_repeat(&ld->f, ref, i, &gap_keys[GK_REFERENCE], &at, rkey))
            ref = NULL;
    if (!ref)
        return;
    ind->has_gap = true;
    ind->gap.reference = take_strings(ld, ref, &ind->gap.nreference);
    ind->gap.reference_label =
        cfgfile_strdup(&ld->f, cfgfile_string(w.set[GK_REFERENCE_LABEL], "Reference"));
    ind->gap.comparison_label =
        cfgfile_strdup(&ld->f, cfgfile_string(w.set[GK_COMPARISON_LABEL], "Comparison"));
}

/* rules ... signals over the top-level defaults, then baseline, exclude, annotations, aim, gap. */
static void build_indicator_spc(loader *ld, const cfgfile_walk *w, cfg_indicator *ind,
                                const cfgfile_place *at)
{
    const config_setting_t *const *v = w->set;
    ind->spc = ld->cfg->spc;
    apply_spc(v + IK_RULES, &ind->spc);
    ind->baseline = (int)cfgfile_number(v[IK_BASELINE], 0);
    if (ind->baseline == 1) {
        char key[160];
        cfgfile_key_join(key, sizeof(key), at->key, "baseline");
        cfgfile_report_at(
            &ld->f, v[IK_BASELINE], key,
            "'baseline' %s must be 0 (every usable point) or at least 2 (limits need two "
            "points), found 1",
            at->where);
    }
    ind->exclude = take_months(ld, v[IK_EXCLUDE], &ind->nexclude);
    take_annotations(ld, v[IK_ANNOTATIONS], ind, at);
    if (v[IK_AIM])
        build_aim(ld, v[IK_AIM], ind, v[IK_DIRECTION] != NULL, at);
    if (v[IK_GAP])
        build_gap(ld, v[IK_GAP], ind, w->present[IK_BREAKDOWN], at);
}

static void build_indicator(loader *ld, const config_setting_t *s, cfg_indicator *ind)
{
    const char *id = config_setting_name(s);
    char where[300], key[160];
    snprintf(where, sizeof(where), "in indicator '%s'", id);
    cfgfile_key_join(key, sizeof(key), "indicators", id);
    cfgfile_place at = {where, key};
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, indicator_keys, IK__N, &at, &w);
    const config_setting_t *const *v = w.set;
    ind->id = cfgfile_strdup(&ld->f, id);
    set_origin(ld, s, &ind->cfg_file, &ind->cfg_line);
    ind->title = cfgfile_strdup(&ld->f, cfgfile_string(v[IK_TITLE], ""));
    ind->description = cfgfile_strdup(&ld->f, cfgfile_string(v[IK_DESCRIPTION], ""));
    ind->source = cfgfile_strdup(&ld->f, cfgfile_string(v[IK_SOURCE], NULL));
    ind->numerator = cfgfile_strdup(&ld->f, cfgfile_string(v[IK_NUMERATOR], NULL));
    ind->denominator = cfgfile_strdup(&ld->f, cfgfile_string(v[IK_DENOMINATOR], NULL));
    ind->kpi = cfgfile_strdup(&ld->f, cfgfile_string(v[IK_KPI], NULL));
    if (v[IK_BREAKDOWN])
        ind->breakdown = cfgfile_strdup(
            &ld->f, cfgfile_choice_name(v[IK_BREAKDOWN], &indicator_keys[IK_BREAKDOWN]));
    ind->multiplier = cfgfile_number(v[IK_MULTIPLIER], 1);
    ind->unit = cfgfile_strdup(&ld->f, cfgfile_string(v[IK_UNIT], ""));
    ind->decimals = (int)cfgfile_number(v[IK_DECIMALS], 1);
    if (v[IK_DIRECTION])
        ind->direction =
            (cfg_direction)cfgfile_choice_index(v[IK_DIRECTION], &indicator_keys[IK_DIRECTION]);
    ind->has_target = v[IK_TARGET] != NULL;
    ind->target = cfgfile_number(v[IK_TARGET], 0);
    ind->chart = w.present[IK_DENOMINATOR] ? CHART_P : CHART_I;
    if (v[IK_CHART])
        ind->chart = (cfg_chart)cfgfile_choice_index(v[IK_CHART], &indicator_keys[IK_CHART]);
    ind->mark_mode = MARK_POINTS;
    if (v[IK_MARK_MODE])
        ind->mark_mode =
            (cfg_mark_mode)cfgfile_choice_index(v[IK_MARK_MODE], &indicator_keys[IK_MARK_MODE]);
    ind->mark_tolerance = cfgfile_number(v[IK_MARK_TOLERANCE], 1);
    ind->splits = take_months(ld, v[IK_SPLITS], &ind->nsplits);
    build_indicator_spc(ld, &w, ind, &at);
    check_indicator_refs(ld, s, ind, &w, &at);
}

static void build_indicators(loader *ld)
{
    size_t n;
    const config_setting_t **entries = collect_entries(ld, "indicators", "indicator", &n);
    bp_config *c = ld->cfg;
    c->indicators = entries ? calloc(n ? n : 1, sizeof(*c->indicators)) : NULL;
    if (entries && !c->indicators)
        cfgfile_out_of_memory(&ld->f);
    for (size_t i = 0; c->indicators && i < n; i++)
        build_indicator(ld, entries[i], &c->indicators[c->nindicators++]);
    free(entries);
}

/* ---- packs ----------------------------------------------------------------------------- */

/* Is item i of a pack's list a repeat of an earlier one? */
static bool listed_before(char *const *items, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (items[j] && items[i] && strcmp(items[j], items[i]) == 0)
            return true;
    return false;
}

static void check_pack_sources(loader *ld, const cfg_pack *p, const config_setting_t *list,
                               const cfgfile_place *at)
{
    char key[160], lead[400];
    cfgfile_key_join(key, sizeof(key), at->key, "sources");
    for (size_t i = 0; list && i < p->nsources; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        snprintf(lead, sizeof(lead), "pack '%s' lists source", p->id);
        if (listed_before(p->sources, i))
            cfgfile_report_at(&ld->f, e, key, "%s '%s' twice", lead, p->sources[i]);
        else if (!config_source(ld->cfg, p->sources[i]))
            report_undefined_source(ld, e, key, lead);
    }
}

static bool pack_reads(const cfg_pack *p, const char *source_id)
{
    for (size_t i = 0; i < p->nsources; i++)
        if (p->sources[i] && strcmp(p->sources[i], source_id) == 0)
            return true;
    return false;
}

static void check_pack_indicator(loader *ld, const cfg_pack *p, size_t i, const config_setting_t *e,
                                 bool sources_ok, const char *key)
{
    char hint[800];
    const cfg_indicator *ind = config_indicator(ld->cfg, p->indicators[i]);
    if (listed_before(p->indicators, i)) {
        cfgfile_report_at(&ld->f, e, key, "pack '%s' lists indicator '%s' twice", p->id,
                          p->indicators[i]);
    } else if (!ind) {
        const char **ids = indicator_ids(ld);
        if (ids)
            cfgfile_report_at(&ld->f, e, key,
                              "pack '%s' lists indicator '%s', which is not defined%s", p->id,
                              p->indicators[i],
                              undefined_hint(hint, sizeof(hint), p->indicators[i], ids,
                                             ld->cfg->nindicators, "indicator"));
        free(ids);
    } else if (sources_ok && ind->source && !pack_reads(p, ind->source)) {
        cfgfile_report_at(
            &ld->f, e, key,
            "pack '%s' lists indicator '%s', which reads source '%s': add \"%s\" to the "
            "pack's sources",
            p->id, ind->id, ind->source, ind->source);
    }
}

/* spc_months: the SPC history covers at least the months the tables show. */
static void take_spc_months(loader *ld, const config_setting_t *s, cfg_pack *p,
                            const cfgfile_place *at)
{
    p->spc_months = (int)cfgfile_number(s, p->months > 36 ? p->months : 36);
    if (!s || p->spc_months >= p->months)
        return;
    char key[160];
    cfgfile_key_join(key, sizeof(key), at->key, "spc_months");
    cfgfile_report_at(
        &ld->f, s, key,
        "'spc_months' %s is %d, fewer than 'months' (%d): the SPC history must cover at "
        "least the months the tables show",
        at->where, p->spc_months, p->months);
}

static void build_pack(loader *ld, const config_setting_t *s, cfg_pack *p)
{
    const char *id = config_setting_name(s);
    char where[300], key[160], ikey[160];
    snprintf(where, sizeof(where), "in pack '%s'", id);
    cfgfile_key_join(key, sizeof(key), "packs", id);
    cfgfile_place at = {where, key};
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, s, pack_keys, PK__N, &at, &w);
    const config_setting_t *const *v = w.set;
    p->id = cfgfile_strdup(&ld->f, id);
    set_origin(ld, s, &p->cfg_file, &p->cfg_line);
    p->title = cfgfile_strdup(&ld->f, cfgfile_string(v[PK_TITLE], ""));
    if (v[PK_TEMPLATE])
        p->template_path = resolve_path(ld, v[PK_TEMPLATE]);
    if (v[PK_AUDIENCE])
        p->audience = (cfg_audience)cfgfile_choice_index(v[PK_AUDIENCE], &pack_keys[PK_AUDIENCE]);
    p->split = SPLIT_NONE;
    if (v[PK_SPLIT])
        p->split = (cfg_split)cfgfile_choice_index(v[PK_SPLIT], &pack_keys[PK_SPLIT]);
    p->sources = take_strings(ld, v[PK_SOURCES], &p->nsources);
    p->indicators = take_strings(ld, v[PK_INDICATORS], &p->nindicators);
    p->months = (int)cfgfile_number(v[PK_MONTHS], 12);
    take_spc_months(ld, v[PK_SPC_MONTHS], p, &at);
    p->disclosure_threshold = (int)cfgfile_number(v[PK_DISCLOSURE_THRESHOLD], 7);
    p->min_group_size = (int)cfgfile_number(v[PK_MIN_GROUP_SIZE], CFG_MIN_GROUP_SIZE);
    check_pack_sources(ld, p, v[PK_SOURCES], &at);
    cfgfile_key_join(ikey, sizeof(ikey), key, "indicators");
    for (size_t i = 0; i < p->nindicators; i++)
        check_pack_indicator(ld, p, i, config_setting_get_elem(v[PK_INDICATORS], (unsigned)i),
                             v[PK_SOURCES] != NULL, ikey);
}

static void build_packs(loader *ld)
{
    size_t n;
    const config_setting_t **entries = collect_entries(ld, "packs", "pack", &n);
    bp_config *c = ld->cfg;
    c->packs = entries ? calloc(n ? n : 1, sizeof(*c->packs)) : NULL;
    if (entries && !c->packs)
        cfgfile_out_of_memory(&ld->f);
    for (size_t i = 0; c->packs && i < n; i++)
        build_pack(ld, entries[i], &c->packs[c->npacks++]);
    free(entries);
}

/* ---- the whole file -------------------------------------------------------------------- */

static void build_top(loader *ld)
{
    cfgfile_walk w;
    cfgfile_walk_group(&ld->f, ld->root, top_keys, TOP__N, &(cfgfile_place){"at the top level", ""},
                       &w);
    bp_config *c = ld->cfg;
    c->organisation = cfgfile_strdup(&ld->f, cfgfile_string(w.set[TOP_ORGANISATION], ""));
    c->classification =
        cfgfile_strdup(&ld->f, cfgfile_string(w.set[TOP_CLASSIFICATION], "OFFICIAL"));
    c->author = cfgfile_strdup(
        &ld->f, cfgfile_string(w.set[TOP_AUTHOR], cfgfile_string(w.set[TOP_ORGANISATION], "")));
    c->output_mode = FSUTIL_DEFAULT_MODE;
    const config_setting_t *mode = w.set[TOP_OUTPUT_MODE];
    if (mode && !fsutil_parse_mode(cfgfile_string(mode, ""), &c->output_mode))
        cfgfile_report_at(
            &ld->f, mode, "output_mode",
            "'output_mode' must be a file mode in octal digits that lets the owner read and "
            "write, e.g. \"0640\" (owner and group read) or \"0600\", found \"%s\"",
            cfgfile_string(mode, ""));
    c->limits = (csv_limits)CSV_DEFAULT_LIMITS;
    if (w.set[TOP_CSV])
        build_csv(ld, w.set[TOP_CSV]);
    config_spc_defaults(&c->spc);
    if (w.set[TOP_SPC])
        build_spc(ld, w.set[TOP_SPC]);
    /* Sources first: indicators and packs are checked against them as they are built. */
    build_sources(ld);
    build_indicators(ld);
    build_packs(ld);
}

static const cfgfile_hints parse_hints = {
    .syntax = " (look for a missing ';' or '=', a value without double quotes or a bracket "
              "not closed, on this line or the one before)",
    .duplicate = " (a key may be set only once in each group)",
};

static bp_config *parse_and_build(loader *ld, const char *path)
{
    config_t lc;
    if (!cfgfile_parse(&ld->f, &lc, ld->text.data ? ld->text.data : "", &parse_hints)) {
        config_destroy(&lc);
        return NULL;
    }
    bp_config *c = calloc(1, sizeof(*c));
    if (!c || !(c->path = bp_strdup(path))) {
        free(c);
        config_destroy(&lc);
        cfgfile_out_of_memory(&ld->f);
        return NULL;
    }
    /* The config takes the file names: every cfg_file points into them. */
    c->files = ld->files;
    c->nfiles = ld->nfiles;
    ld->files = NULL;
    ld->nfiles = 0;
    ld->cfg = c;
    ld->root = config_root_setting(&lc);
    build_top(ld);
    config_destroy(&lc);
    if (ld->f.nerrors) {
        config_free(c);
        return NULL;
    }
    return c;
}

static void loader_free(loader *ld)
{
    bp_buf_free(&ld->text);
    free(ld->lines);
    for (size_t i = 0; i < ld->nfiles; i++)
        free(ld->files[i]);
    free(ld->files);
    for (size_t i = 0; i < ld->naliases; i++)
        free(ld->aliases[i].alias);
    free(ld->aliases);
}

bp_config *config_load(const char *path, bp_errors *errs)
{
    loader ld;
    memset(&ld, 0, sizeof(ld));
    cfgfile_init(&ld.f, errs, NULL, "configuration");
    ld.f.map_line = map_line;
    ld.f.name_of = setting_name;
    bp_buf_init(&ld.text);
    expand_file(&ld, path, NULL, path);
    if (ld.text.failed)
        cfgfile_out_of_memory(&ld.f);
    bp_config *c = NULL;
    if (ld.f.nerrors == 0)
        c = parse_and_build(&ld, path);
    loader_free(&ld);
    return c;
}

static void free_source(cfg_source *s)
{
    free(s->id);
    free(s->path);
    free(s->file_label);
    for (size_t i = 0; i < s->nfields; i++) {
        free(s->fields[i].field);
        free(s->fields[i].pattern);
        pcre2_code_free(s->fields[i].re);
    }
}

static void free_indicator(cfg_indicator *ind)
{
    free(ind->id);
    free(ind->title);
    free(ind->description);
    free(ind->source);
    free(ind->numerator);
    free(ind->denominator);
    free(ind->kpi);
    free(ind->breakdown);
    free(ind->unit);
    free(ind->splits);
    free(ind->exclude);
    for (size_t i = 0; i < ind->nannotations; i++)
        free(ind->annotations[i].text);
    free(ind->annotations);
    free(ind->aim.label);
    for (size_t i = 0; i < ind->gap.nreference; i++)
        free(ind->gap.reference[i]);
    free(ind->gap.reference);
    free(ind->gap.reference_label);
    free(ind->gap.comparison_label);
}

static void free_pack(cfg_pack *p)
{
    free(p->id);
    free(p->title);
    free(p->template_path);
    for (size_t i = 0; i < p->nsources; i++)
        free(p->sources[i]);
    free(p->sources);
    for (size_t i = 0; i < p->nindicators; i++)
        free(p->indicators[i]);
    free(p->indicators);
}

void config_free(bp_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nsources; i++)
        free_source(&c->sources[i]);
    free(c->sources);
    for (size_t i = 0; i < c->nindicators; i++)
        free_indicator(&c->indicators[i]);
    free(c->indicators);
    for (size_t i = 0; i < c->npacks; i++)
        free_pack(&c->packs[i]);
    free(c->packs);
    for (size_t i = 0; i < c->nfiles; i++)
        free(c->files[i]);
    free(c->files);
    free(c->path);
    free(c->organisation);
    free(c->classification);
    free(c->author);
    free(c);
}

const cfg_source *config_source(const bp_config *c, const char *id)
{
    for (size_t i = 0; c && id && i < c->nsources; i++)
        if (c->sources[i].id && strcmp(c->sources[i].id, id) == 0)
            return &c->sources[i];
    return NULL;
}

const cfg_indicator *config_indicator(const bp_config *c, const char *id)
{
    for (size_t i = 0; c && id && i < c->nindicators; i++)
        if (c->indicators[i].id && strcmp(c->indicators[i].id, id) == 0)
            return &c->indicators[i];
    return NULL;
}

const cfg_pack *config_pack(const bp_config *c, const char *id)
{
    for (size_t i = 0; c && id && i < c->npacks; i++)
        if (c->packs[i].id && strcmp(c->packs[i].id, id) == 0)
            return &c->packs[i];
    return NULL;
}

bool config_field_matches(const cfg_field *f, const char *text, size_t len)
{
    if (!f || !f->re || !bp_utf8_valid(text, len, NULL))
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(f->re, NULL);
    if (!md)
        return false;
    int rc = pcre2_match(f->re, (PCRE2_SPTR)text, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}
