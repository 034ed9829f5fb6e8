/* template.c - report templates: reads one libconfig file, checks every section and option
 * against a table of what each section type takes, validates {{placeholders}} with a single
 * PCRE2 pattern, and expands them at render time from a lookup the caller provides. */
#include "template.h"
#include "cfgfile.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include "regex_jit.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(t) (1u << (t))
#define ALL_TYPES (BIT(SEC__COUNT) - 1u)

/* ---- names ----------------------------------------------------------------------------- */

static const char *const type_names[SEC__COUNT] = {
    [SEC_COVER] = "cover",
    [SEC_CONTENTS] = "contents",
    [SEC_SUMMARY_GRID] = "summary_grid",
    [SEC_HEADLINE_TILES] = "headline_tiles",
    [SEC_INDICATOR_PAGES] = "indicator_pages",
    [SEC_SMALL_MULTIPLES] = "small_multiples",
    [SEC_FUNNEL] = "funnel",
    [SEC_HEATMAP] = "heatmap",
    [SEC_RAG_TABLE] = "rag_table",
    [SEC_KPI_PROGRESS] = "kpi_progress",
    [SEC_OUTCOMES_TABLE] = "outcomes_table",
    [SEC_MATURITY_SUMMARY] = "maturity_summary",
    [SEC_SURVEY_TABLE] = "survey_table",
    [SEC_ASSESSMENT_SCALE] = "assessment_scale",
    [SEC_ATTENDANCE] = "attendance",
    [SEC_PDSA_LOG] = "pdsa_log",
    [SEC_TEXT] = "text",
    [SEC_PAGE_BREAK] = "page_break",
};

/* The heading a section gets when the template gives none (small_multiples and funnel build
 * theirs from the indicator's title, see default_title). */
static const char *const default_titles[SEC__COUNT] = {
    [SEC_COVER] = "{{pack.title}}",
    [SEC_CONTENTS] = "Contents",
    [SEC_SUMMARY_GRID] = "Summary",
    [SEC_HEADLINE_TILES] = "Headlines",
    [SEC_INDICATOR_PAGES] = "{{indicator.title}}",
    [SEC_SMALL_MULTIPLES] = "",
    [SEC_FUNNEL] = "",
    [SEC_HEATMAP] = "Maturity matrix",
    [SEC_RAG_TABLE] = "Key performance indicators",
    [SEC_KPI_PROGRESS] = "Progress since the baseline year",
    [SEC_OUTCOMES_TABLE] = "Long-term outcomes",
    [SEC_MATURITY_SUMMARY] = "Maturity summary",
    [SEC_SURVEY_TABLE] = "Survey: before and after",
    [SEC_ASSESSMENT_SCALE] = "IHI Assessment Scale",
    [SEC_ATTENDANCE] = "Attendance and engagement",
    [SEC_PDSA_LOG] = "PDSA cycles",
    [SEC_TEXT] = "",
    [SEC_PAGE_BREAK] = "",
};

/* Sections that begin on a fresh page unless new_page = false. */
static const unsigned new_page_types = BIT(SEC_COVER) | BIT(SEC_CONTENTS) |
                                       BIT(SEC_INDICATOR_PAGES) | BIT(SEC_SMALL_MULTIPLES) |
                                       BIT(SEC_FUNNEL) | BIT(SEC_HEATMAP) | BIT(SEC_PAGE_BREAK);

static const char *const orientation_names[] = {"portrait", "landscape"};
static const char *const order_names[] = {"config", "concerns_first"};
static const char *const compare_names[] = {"none", "last_year", "last_month"};
/* by_names[0] is "none", which a template cannot write: leaving `by` out means none. */
static const char *const by_names[] = {"none", "site", "organisation", "ethnic_group", "team"};
static const char *const by_labels[] = {"", "site", "organisation", "ethnic group", "team"};

static const char *const placeholder_names[] = {
    "pack.title",
    "pack.organisation",
    "pack.period",
    "pack.period_iso",
    "pack.months",
    "pack.generated",
    "pack.classification",
    "pack.sources",
    "pack.audience",
    "indicator.title",
    "indicator.description",
    "indicator.unit",
    "indicator.latest",
    "indicator.latest_period",
    "indicator.change",
    "indicator.target",
    "indicator.variation",
    "indicator.assurance",
    "indicator.centre",
    "indicator.narrative",
    "indicator.aim",
    "indicator.gap",
    "indicator.level",
};

const char *tpl_section_type_name(tpl_section_type t)
{
    return (unsigned)t < SEC__COUNT ? type_names[t] : "unknown";
}

bool tpl_section_type_from_name(const char *name, tpl_section_type *out)
{
    int i = name ? bp_name_index(name, type_names, SEC__COUNT) : -1;
    if (i >= 0)
        *out = (tpl_section_type)i;
    return i >= 0;
}

const char *tpl_orientation_name(tpl_orientation o)
{
    return (unsigned)o < LEN(orientation_names) ? orientation_names[o] : "unknown";
}

const char *tpl_compare_name(tpl_compare c)
{
    return (unsigned)c < LEN(compare_names) ? compare_names[c] : "unknown";
}

const char *tpl_order_name(tpl_order o)
{
    return (unsigned)o < LEN(order_names) ? order_names[o] : "unknown";
}

const char *tpl_by_name(tpl_by b)
{
    return (unsigned)b < LEN(by_names) ? by_names[b] : "unknown";
}

const char *tpl_by_label(tpl_by b)
{
    return (unsigned)b < LEN(by_labels) ? by_labels[b] : "";
}

const char *const *template_placeholders(size_t *n)
{
    *n = LEN(placeholder_names);
    return placeholder_names;
}

static bool is_pack_placeholder(const char *name)
{
    return strncmp(name, "pack.", 5) == 0;
}

/* ctx: a section type, or SEC__COUNT for the template's own title and footer_note. */
static bool placeholder_allowed_in(int ctx, const char *name)
{
    if (bp_name_index(name, placeholder_names, LEN(placeholder_names)) < 0)
        return false;
    return is_pack_placeholder(name) || ctx == SEC_INDICATOR_PAGES;
}

bool template_placeholder_allowed(tpl_section_type t, const char *name)
{
    return (unsigned)t < SEC__COUNT && name && placeholder_allowed_in((int)t, name);
}

/* ---- options --------------------------------------------------------------------------- */

enum {
    OPT_TITLE,
    OPT_TEXT,
    OPT_ORIENTATION,
    OPT_NEW_PAGE,
    OPT_INDICATORS,
    OPT_BY,
    OPT_ORDER,
    OPT_COMPARE,
    OPT_COLUMNS,
    OPT_MONTHS,
    OPT_TWO_SIGMA,
    OPT_ANNOTATIONS,
    OPT__N
};

/* An option is a key (cfgfile.h) that only some section types take. */
typedef struct {
    cfgfile_key key;
    unsigned applies; /* BIT(type) for each section type that takes the option */
} opt_spec;

CFGFILE_NAME_LIST(orientation_list, orientation_names)
CFGFILE_NAME_LIST(order_list, order_names)
CFGFILE_NAME_LIST(compare_list, compare_names)

/* by_names without "none". */
static const char *const *by_list(size_t *n)
{
    *n = LEN(by_names) - 1;
    return by_names + 1;
}

#define OPT(n, t, types) .key.name = n, .key.type = CFGFILE_##t, .applies = (types)
#define TEXT .key.empty_ok = true
#define CHOICES(fn) .key.choices = fn
#define BETWEEN(lo, hi) .key.range = CFGFILE_BETWEEN, .key.min = lo, .key.max = hi
static const opt_spec options[OPT__N] = {
    [OPT_TITLE] = {OPT("title", STRING, ALL_TYPES & ~BIT(SEC_PAGE_BREAK)), TEXT},
    [OPT_TEXT] = {OPT("text", STRING, ALL_TYPES & ~(BIT(SEC_PAGE_BREAK) | BIT(SEC_CONTENTS))),
                  TEXT},
    [OPT_ORIENTATION] = {OPT("orientation", CHOICE, ALL_TYPES), CHOICES(orientation_list)},
    [OPT_NEW_PAGE] = {OPT("new_page", BOOL, ALL_TYPES & ~(BIT(SEC_COVER) | BIT(SEC_PAGE_BREAK)))},
    [OPT_INDICATORS] = {OPT("indicators", STRINGS,
                            BIT(SEC_SUMMARY_GRID) | BIT(SEC_HEADLINE_TILES) |
                                BIT(SEC_INDICATOR_PAGES) | BIT(SEC_SMALL_MULTIPLES) |
                                BIT(SEC_FUNNEL) | BIT(SEC_HEATMAP) | BIT(SEC_RAG_TABLE) |
                                BIT(SEC_KPI_PROGRESS))},
    [OPT_BY] = {OPT("by", CHOICE,
                    BIT(SEC_INDICATOR_PAGES) | BIT(SEC_SMALL_MULTIPLES) | BIT(SEC_FUNNEL) |
                        BIT(SEC_RAG_TABLE)),
                CHOICES(by_list)},
    [OPT_ORDER] = {OPT("order", CHOICE, BIT(SEC_SUMMARY_GRID)), CHOICES(order_list)},
    [OPT_COMPARE] = {OPT("compare", CHOICE,
                         BIT(SEC_SUMMARY_GRID) | BIT(SEC_HEADLINE_TILES) |
                             BIT(SEC_INDICATOR_PAGES) | BIT(SEC_RAG_TABLE)),
                     CHOICES(compare_list)},
    [OPT_COLUMNS] = {OPT("columns", INT, BIT(SEC_HEADLINE_TILES) | BIT(SEC_SMALL_MULTIPLES)),
                     BETWEEN(1, 6)},
    [OPT_MONTHS] = {OPT("months", INT,
                        BIT(SEC_INDICATOR_PAGES) | BIT(SEC_SMALL_MULTIPLES) | BIT(SEC_FUNNEL) |
                            BIT(SEC_ASSESSMENT_SCALE) | BIT(SEC_ATTENDANCE) | BIT(SEC_PDSA_LOG)),
                    BETWEEN(1, 240)},
    [OPT_TWO_SIGMA] = {OPT("two_sigma", BOOL, BIT(SEC_INDICATOR_PAGES) | BIT(SEC_SMALL_MULTIPLES))},
    [OPT_ANNOTATIONS] = {OPT("annotations", BOOL, BIT(SEC_INDICATOR_PAGES))},
};

/* Sections that show Acting Early KPIs only (a heatmap when it lists indicators). */
static const unsigned kpi_types = BIT(SEC_RAG_TABLE) | BIT(SEC_KPI_PROGRESS) | BIT(SEC_HEATMAP);

/* Sections showing one indicator only: `indicators` must name exactly one, and `by` is
 * required. */
static const unsigned single_indicator_types = BIT(SEC_SMALL_MULTIPLES) | BIT(SEC_FUNNEL);

static const char *option_names[OPT__N + 1];

const char *const *template_option_names(size_t *n)
{
    for (size_t i = 0; i < OPT__N; i++)
        option_names[i] = options[i].key.name;
    *n = OPT__N;
    return option_names;
}

static int option_index(const char *name)
{
    for (size_t i = 0; i < OPT__N; i++)
        if (strcmp(options[i].key.name, name) == 0)
            return (int)i;
    return -1;
}

bool template_option_applies(tpl_section_type t, const char *name)
{
    if ((unsigned)t >= SEC__COUNT || !name)
        return false;
    if (strcmp(name, "type") == 0)
        return true;
    int i = option_index(name);
    return i >= 0 && (options[i].applies & BIT(t));
}

int template_section_months(const tpl_section *s, const cfg_pack *p)
{
    if (s->months > 0)
        return s->months;
    if (s->type == SEC_FUNNEL)
        return TPL_FUNNEL_MONTHS;
    return p ? p->spc_months : 0;
}

bool template_section_two_sigma(const tpl_section *s, const bp_config *cfg)
{
    if (s->has_two_sigma)
        return s->two_sigma;
    return cfg ? cfg->spc.two_sigma_lines : false;
}

/* ---- placeholders: one pattern for checking and expanding ------------------------------ */

/* The pattern, compiled on first use and kept for the life of the process. */
static const pcre2_code *placeholder_re(void)
{
    static pcre2_code *re;
    if (!re) {
        int err;
        PCRE2_SIZE off;
        re = pcre2_compile((PCRE2_SPTR) "\\{\\{\\s*([a-z_.]+)\\s*\\}\\}", PCRE2_ZERO_TERMINATED, 0,
                           &err, &off, NULL);
        if (re)
            bp_regex_jit(re);
    }
    return re;
}

typedef struct {
    size_t start, end;           /* the whole "{{ name }}" */
    size_t name_start, name_len; /* the name inside */
} ph_match;

/* A scan of one text for placeholders: call ph_next until it returns false. */
typedef struct {
    const pcre2_code *re;
    pcre2_match_data *md;
    const char *text;
    size_t len, pos;
    bool failed; /* out of memory or a matching error */
} ph_scan;

static bool ph_begin(ph_scan *sc, const char *text)
{
    sc->re = placeholder_re();
    sc->md = sc->re ? pcre2_match_data_create_from_pattern(sc->re, NULL) : NULL;
    sc->text = text;
    sc->len = strlen(text);
    sc->pos = 0;
    sc->failed = !sc->md;
    return !sc->failed;
}

static void ph_end(ph_scan *sc)
{
    pcre2_match_data_free(sc->md);
}

/* The next placeholder at or after sc->pos; sc->pos moves past it. */
static bool ph_next(ph_scan *sc, ph_match *m)
{
    if (sc->failed || sc->pos > sc->len)
        return false;
    int rc = pcre2_match(sc->re, (PCRE2_SPTR)sc->text, sc->len, sc->pos, 0, sc->md, NULL);
    if (rc < 0) {
        sc->failed = rc != PCRE2_ERROR_NOMATCH;
        return false;
    }
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    *m = (ph_match){ov[0], ov[1], ov[2], ov[3] - ov[2]};
    sc->pos = ov[1];
    return true;
}

/* Look name (not NUL-terminated) up: copied to a terminated string first. */
static const char *lookup_name(tpl_lookup_fn lookup, void *ctx, const char *name, size_t n,
                               bool *oom)
{
    char small[64];
    if (!lookup)
        return NULL;
    if (n < sizeof(small)) {
        memcpy(small, name, n);
        small[n] = '\0';
        return lookup(ctx, small);
    }
    char *big = bp_strndup(name, n);
    if (!big) {
        *oom = true;
        return NULL;
    }
    const char *v = lookup(ctx, big);
    free(big);
    return v;
}

bool template_expand(const char *text, tpl_lookup_fn lookup, void *ctx, bp_buf *out)
{
    bp_buf_append(out, "", 0);
    if (!text)
        return !out->failed;
    ph_scan sc;
    if (!ph_begin(&sc, text))
        return false;
    size_t copied = 0;
    bool oom = false;
    ph_match m;
    while (ph_next(&sc, &m)) {
        bp_buf_append(out, text + copied, m.start - copied);
        const char *v = lookup_name(lookup, ctx, text + m.name_start, m.name_len, &oom);
        if (v)
            bp_buf_puts(out, v);
        copied = m.end;
    }
    bp_buf_append(out, text + copied, sc.len - copied);
    bool ok = !sc.failed && !oom && !out->failed;
    ph_end(&sc);
    return ok;
}

/* ---- the loader ---------------------------------------------------------------------- */

typedef struct {
    cfgfile f; /* errors, and the file as given (f.path) */
    char *raw; /* the file as libconfig reads it (an @include line blanked) */
    size_t rawlen;
    const bp_config *cfg;
    tpl_template *t;
    long contents_line; /* the first contents section, 0 until one is met */
} loader;

static long line_of(const config_setting_t *s)
{
    return s ? (long)config_setting_source_line(s) : 0;
}

static const char *article(const char *word)
{
    return strchr("aeiou", word[0]) ? "an" : "a";
}

/* ---- reading the file: @include, unclosed comments and strings ------------------------ */

enum lex_mode { LEX_CODE, LEX_STRING, LEX_LINE_COMMENT, LEX_BLOCK_COMMENT };

typedef struct {
    enum lex_mode mode;
    long line, opened; /* the current line; where the open string or comment began */
    bool blank_so_far; /* only blanks since the start of the line */
} lexer;

/* An @include at i (the start of a line in code): report it and blank the line, so libconfig
 * neither reads another file nor stops the rest of the template from being checked. */
static size_t skip_include(loader *ld, const lexer *lx, size_t i)
{
    cfgfile_report_line(
        &ld->f, lx->line, "",
        "@include is not supported in templates: a template is one file (copy the sections "
        "you need into it)");
    size_t j = i;
    while (j < ld->rawlen && ld->raw[j] != '\n')
        ld->raw[j++] = ' ';
    return j - 1;
}

/* Step the lexer over the code character at i; returns the index of the last one used. */
static size_t lex_code(loader *ld, lexer *lx, size_t i)
{
    const char *s = ld->raw;
    char c = s[i], next = i + 1 < ld->rawlen ? s[i + 1] : '\0';
    if (lx->blank_so_far && c == '@' && strncmp(s + i, "@include", 8) == 0)
        return skip_include(ld, lx, i);
    if (c != ' ' && c != '\t' && c != '\r')
        lx->blank_so_far = false;
    if (c == '"') {
        lx->mode = LEX_STRING;
        lx->opened = lx->line;
    } else if (c == '#' || (c == '/' && next == '/')) {
        lx->mode = LEX_LINE_COMMENT;
    } else if (c == '/' && next == '*') {
        lx->mode = LEX_BLOCK_COMMENT;
        lx->opened = lx->line;
        return i + 1;
    }
    return i;
}

/* Walk the text as libconfig will. False when a string is never closed (libconfig would only
 * say "syntax error" on the last line, far from the cause). */
static bool prescan(loader *ld)
{
    lexer lx = {LEX_CODE, 1, 0, true};
    for (size_t i = 0; i < ld->rawlen; i++) {
        char c = ld->raw[i];
        if (c == '\n') {
            lx.line++;
            lx.blank_so_far = true;
            if (lx.mode == LEX_LINE_COMMENT)
                lx.mode = LEX_CODE;
        } else if (lx.mode == LEX_CODE) {
            i = lex_code(ld, &lx, i);
        } else if (lx.mode == LEX_STRING) {
            if (c == '\\' && i + 1 < ld->rawlen && ld->raw[i + 1] != '\n')
                i++;
            else if (c == '"')
                lx.mode = LEX_CODE;
        } else if (lx.mode == LEX_BLOCK_COMMENT && c == '*' && i + 1 < ld->rawlen &&
                   ld->raw[i + 1] == '/') {
            lx.mode = LEX_CODE;
            i++;
        }
    }
    if (lx.mode == LEX_BLOCK_COMMENT)
        cfgfile_report_line(
            &ld->f, lx.opened, "",
            "this comment, opened with '/*', is never closed with '*/': everything after it "
            "is ignored");
    if (lx.mode == LEX_STRING)
        cfgfile_report_line(&ld->f, lx.opened, "",
                            "this string, opened with '\"', is never closed: add the closing '\"'");
    return lx.mode != LEX_STRING;
}

static const cfgfile_hints parse_hints = {
    .syntax = " (look for a missing ';', '=' or ',', a value without double quotes or a bracket "
              "not closed, on this line or the one before)",
    .duplicate = " (an option may be set only once in each section)",
};

/* ---- placeholders in a text setting ---------------------------------------------------- */

/* The first occurrence of needle[0..n) in [hay, hay+len), or NULL (memmem is not C11). */
static const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; n && i + n <= len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* A text being checked: the setting holding it, where it is (for messages) and which
 * placeholders it may use. */
typedef struct {
    const config_setting_t *s;
    const char *value;
    const char *what; /* "the title of section 3 (summary_grid)" */
    const char *key;
    int ctx; /* a tpl_section_type, or SEC__COUNT outside sections */
} text_ref;

/* Where value[off .. off+len) was written: the same bytes are looked for in the file from the
 * setting's line on (the n-th time they appear in the value, the n-th time in the file). Falls
 * back to the setting's line, without a column, when they were written differently (split
 * across strings, or with an escape). */
static void locate(const loader *ld, const text_ref *r, size_t off, size_t len, long *line,
                   long *col)
{
    *line = line_of(r->s);
    *col = 0;
    size_t nth = 0;
    for (size_t i = 0; i < off; i++)
        nth += strncmp(r->value + i, r->value + off, len) == 0;
    const char *start = ld->raw, *end = ld->raw + ld->rawlen;
    for (long l = 1; l < *line && start < end; l++) {
        const char *nl = memchr(start, '\n', (size_t)(end - start));
        start = nl ? nl + 1 : end;
    }
    const char *hit = start - 1;
    do {
        hit = find_bytes(hit + 1, (size_t)(end - hit - 1), r->value + off, len);
    } while (hit && nth-- > 0);
    if (!hit)
        return;
    *line = cfgfile_line_at(ld->raw, (size_t)(hit - ld->raw));
    const char *bol = hit;
    while (bol > ld->raw && bol[-1] != '\n')
        bol--;
    long chars = 1;
    for (const char *p = bol; p < hit; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    *col = chars;
}

static void report_at(loader *ld, const text_ref *r, size_t off, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void report_at(loader *ld, const text_ref *r, size_t off, size_t len, const char *fmt, ...)
{
    char msg[sizeof(((bp_error *)0)->message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line, col;
    locate(ld, r, off, len, &line, &col);
    cfgfile_report(&ld->f, ld->f.path, line, col, r->key, "%s", msg);
}

static const char *where_allowed(const char *name)
{
    if (!is_pack_placeholder(name))
        return "indicator.* placeholders describe one indicator, so they may be used only in "
               "the title and text of an indicator_pages section";
    return "";
}

/* " (did you mean {{X}}?)" when a placeholder is near word, else "". */
static void placeholder_hint(char *buf, size_t n, const char *word)
{
    const char *near = bp_nearest(word, placeholder_names, LEN(placeholder_names));
    if (near)
        snprintf(buf, n, " (did you mean {{%s}}?)", near);
    else
        buf[0] = '\0';
}

static void check_name(loader *ld, const text_ref *r, const ph_match *m)
{
    char name[128], hint[200];
    snprintf(name, sizeof(name), "%.*s", (int)(m->name_len < 100 ? m->name_len : 100),
             r->value + m->name_start);
    if (bp_name_index(name, placeholder_names, LEN(placeholder_names)) < 0) {
        placeholder_hint(hint, sizeof(hint), name);
        report_at(ld, r, m->start, m->end - m->start,
                  "unknown placeholder {{%s}} in %s%s; see docs/templates.md for the list", name,
                  r->what, hint);
    } else if (!placeholder_allowed_in(r->ctx, name)) {
        report_at(ld, r, m->start, m->end - m->start, "placeholder {{%s}} cannot be used in %s: %s",
                  name, r->what, where_allowed(name));
    }
}

/* "{{ ... }}" that the pattern did not take (a name in capitals, with a hyphen, empty...):
 * [open, end) spans both pairs of braces. */
static void report_malformed(loader *ld, const text_ref *r, size_t open, size_t end)
{
    char inner[128], hint[200];
    size_t n = end - open - 4;
    snprintf(inner, sizeof(inner), "%.*s", (int)(n < 100 ? n : 100), r->value + open + 2);
    bp_trim(inner);
    placeholder_hint(hint, sizeof(hint), inner);
    report_at(ld, r, open, 2,
              "{{%s}} in %s is not a placeholder: names are lower-case letters, '_' and '.', "
              "such as {{pack.period}}%s",
              inner, r->what, hint);
}

/* Stray braces in the text between two placeholders, [from, to). */
static void check_gap(loader *ld, const text_ref *r, size_t from, size_t to)
{
    const char *v = r->value;
    size_t i = from;
    while (i + 1 < to) {
        if (v[i] == '{' && v[i + 1] == '{') {
            const char *close = find_bytes(v + i + 2, to - i - 2, "}}", 2);
            if (!close) {
                report_at(ld, r, i, 2,
                          "'{{' in %s is not closed by '}}' (a placeholder is written "
                          "{{pack.period}})",
                          r->what);
                return;
            }
            report_malformed(ld, r, i, (size_t)(close - v) + 2);
            i = (size_t)(close - v) + 2;
        } else if (v[i] == '}' && v[i + 1] == '}') {
            report_at(ld, r, i, 2, "'}}' in %s has no '{{' before it", r->what);
            i += 2;
        } else {
            i++;
        }
    }
}

static void check_text(loader *ld, const text_ref *r)
{
    ph_scan sc;
    if (!ph_begin(&sc, r->value)) {
        cfgfile_out_of_memory(&ld->f);
        return;
    }
    size_t pos = 0;
    ph_match m;
    while (ph_next(&sc, &m)) {
        check_gap(ld, r, pos, m.start);
        check_name(ld, r, &m);
        pos = m.end;
    }
    check_gap(ld, r, pos, sc.len);
    if (sc.failed)
        cfgfile_out_of_memory(&ld->f);
    ph_end(&sc);
}

/* ---- one section ----------------------------------------------------------------------- */

/* Where a section is, for messages and bp_error.key. */
typedef struct {
    int number; /* 1-based */
    bool typed; /* type is known */
    tpl_section_type type;
    char where[80]; /* "section 3 (summary_grid)" */
    char in[84];    /* "in section 3 (summary_grid)" */
    char key[40];   /* "sections[3]" */
    cfgfile_place place; /* in and key, for the checks of cfgfile.h */
} sec_place;

static void option_key(char *buf, size_t n, const sec_place *at, const char *name)
{
    snprintf(buf, n, "%s.%s", at->key, name);
}

static void report_wrong_type(loader *ld, const config_setting_t *s, const opt_spec *o,
                              const sec_place *at)
{
    char expected[300], key[80], list[300], range[100];
    size_t n = 0;
    const char *const *choices = o->key.choices ? o->key.choices(&n) : NULL;
    switch (o->key.type) {
    case CFGFILE_BOOL:
        snprintf(expected, sizeof(expected), "true or false (without quotes)");
        break;
    case CFGFILE_INT:
        cfgfile_describe_range(&o->key, range, sizeof(range));
        snprintf(expected, sizeof(expected), "a whole number %s", range);
        break;
    case CFGFILE_CHOICE:
        snprintf(expected, sizeof(expected), "one of: %s",
                 cfgfile_join_names(list, sizeof(list), choices, n));
        break;
    case CFGFILE_STRINGS:
        snprintf(expected, sizeof(expected), "an array of indicator ids such as [\"a\", \"b\"]");
        break;
    default:
        snprintf(expected, sizeof(expected), "text in double quotes");
        break;
    }
    option_key(key, sizeof(key), at, o->key.name);
    cfgfile_report_mismatch(&ld->f, s, o->key.name, &at->place, key, expected);
}

static bool take_choice(loader *ld, const config_setting_t *s, const opt_spec *o,
                        const sec_place *at, int *out)
{
    char key[80];
    option_key(key, sizeof(key), at, o->key.name);
    int i = cfgfile_check_choice(&ld->f, s, &o->key, &at->place, key);
    if (i >= 0)
        *out = i;
    return i >= 0;
}

static bool take_int(loader *ld, const config_setting_t *s, const opt_spec *o, const sec_place *at,
                     int *out)
{
    long long v = config_setting_type(s) == CONFIG_TYPE_INT64 ? config_setting_get_int64(s)
                                                              : config_setting_get_int(s);
    if (cfgfile_in_range(&o->key, (double)v)) {
        *out = (int)v;
        return true;
    }
    char key[80], range[100];
    option_key(key, sizeof(key), at, o->key.name);
    cfgfile_describe_range(&o->key, range, sizeof(range));
    cfgfile_report_at(&ld->f, s, key, "'%s' %s must be %s, found %lld", o->key.name, at->in, range,
                      v);
    return false;
}

static void take_text(loader *ld, const config_setting_t *s, const opt_spec *o, const sec_place *at,
                      char **out)
{
    char what[160], key[80];
    snprintf(what, sizeof(what), "the %s of %s", o->key.name, at->where);
    option_key(key, sizeof(key), at, o->key.name);
    text_ref r = {s, config_setting_get_string(s), what, key, (int)at->type};
    check_text(ld, &r);
    free(*out);
    *out = cfgfile_strdup(&ld->f, r.value);
}

/* The ids of the configuration's indicators, for "did you mean". */
static const char **indicator_ids(const bp_config *cfg)
{
    const char **ids = calloc(cfg->nindicators + 1, sizeof(*ids));
    for (size_t i = 0; ids && i < cfg->nindicators; i++)
        ids[i] = cfg->indicators[i].id;
    return ids;
}

static bool check_id_known(loader *ld, const config_setting_t *e, const char *id,
                           const sec_place *at, const char *key)
{
    if (!ld->cfg || config_indicator(ld->cfg, id))
        return true;
    const char **ids = indicator_ids(ld->cfg);
    char hint[200] = "", list[600] = "";
    if (ids) {
        cfgfile_did_you_mean(hint, sizeof(hint), id, ids, ld->cfg->nindicators);
        if (!hint[0])
            snprintf(hint, sizeof(hint), " (the configuration defines: %.150s)",
                     cfgfile_join_names(list, sizeof(list), ids, ld->cfg->nindicators));
    }
    free(ids);
    cfgfile_report_at(&ld->f, e, key, "indicator '%s' in %s is not defined in the configuration%s",
                      id, at->where, hint);
    return false;
}

/* Is item i of ids a non-empty string, not given before, naming a known indicator? */
static bool check_id(loader *ld, const config_setting_t *ids, int i, const sec_place *at)
{
    char key[80], found[300];
    option_key(key, sizeof(key), at, "indicators");
    const config_setting_t *e = config_setting_get_elem(ids, (unsigned)i);
    if (config_setting_type(e) != CONFIG_TYPE_STRING || !config_setting_get_string(e)[0]) {
        cfgfile_describe_found(&ld->f, e, found, sizeof(found));
        cfgfile_report_at(
            &ld->f, e, key,
            "item %d of 'indicators' in %s must be an indicator id in double quotes, found %s",
            i + 1, at->where, found);
        return false;
    }
    const char *id = config_setting_get_string(e);
    for (int j = 0; j < i; j++) {
        const config_setting_t *f = config_setting_get_elem(ids, (unsigned)j);
        if (config_setting_type(f) == CONFIG_TYPE_STRING &&
            strcmp(config_setting_get_string(f), id) == 0) {
            cfgfile_report_at(&ld->f, e, key, "'indicators' in %s lists '%s' twice", at->where, id);
            return false;
        }
    }
    return check_id_known(ld, e, id, at, key);
}

static void take_ids(loader *ld, const config_setting_t *s, const sec_place *at, tpl_section *sec)
{
    char key[80];
    option_key(key, sizeof(key), at, "indicators");
    int n = config_setting_length(s);
    bool ok = n > 0;
    if (n == 0)
        cfgfile_report_at(
            &ld->f, s, key,
            "'indicators' in %s is empty: list indicator ids, or leave 'indicators' out to "
            "show every indicator of the pack",
            at->where);
    else if (at->typed && (single_indicator_types & BIT(at->type)) && n != 1) {
        cfgfile_report_at(
            &ld->f, s, key,
            "%s %s section shows exactly one indicator, but 'indicators' in %s lists %d "
            "(use one section per indicator)",
            article(type_names[at->type]), type_names[at->type], at->where, n);
        ok = false;
    }
    for (int i = 0; i < n; i++)
        ok = check_id(ld, s, i, at) && ok;
    if (!ok || !(sec->indicators = calloc((size_t)n, sizeof(char *)))) {
        if (ok)
            cfgfile_out_of_memory(&ld->f);
        return;
    }
    for (int i = 0; i < n; i++)
        sec->indicators[i] = cfgfile_strdup(
            &ld->f, config_setting_get_string(config_setting_get_elem(s, (unsigned)i)));
    sec->nindicators = (size_t)n;
}

/* "every section type but page_break" or "summary_grid, headline_tiles". */
static const char *applies_to(char *buf, size_t n, unsigned applies)
{
    const char *names[SEC__COUNT];
    size_t count = 0, listed = 0;
    for (int t = 0; t < SEC__COUNT; t++)
        count += (applies & BIT(t)) != 0;
    bool by_exclusion = count > SEC__COUNT / 2;
    for (int t = 0; t < SEC__COUNT; t++)
        if (((applies & BIT(t)) != 0) != by_exclusion)
            names[listed++] = type_names[t];
    if (!by_exclusion)
        return cfgfile_join_names(buf, n, names, listed);
    char list[300];
    snprintf(buf, n, "every section type but %s",
             cfgfile_join_names(list, sizeof(list), names, listed));
    return buf;
}

static void report_unknown_option(loader *ld, const config_setting_t *s, const sec_place *at)
{
    const char *name = config_setting_name(s);
    const char *names[OPT__N + 1];
    size_t n = 0;
    names[n++] = "type";
    for (size_t i = 0; i < OPT__N; i++)
        if (!at->typed || (options[i].applies & BIT(at->type)))
            names[n++] = options[i].key.name;
    char hint[600], list[300], key[80];
    cfgfile_join_names(list, sizeof(list), names, n);
    cfgfile_did_you_mean(hint, sizeof(hint), name, names, n);
    size_t all;
    const char *const *every = template_option_names(&all);
    /* The nearest may be an option this type does not take: still the likely meaning, but
     * correcting the spelling alone would not help. */
    const char *near = hint[0] ? NULL : bp_nearest(name, every, all);
    if (near)
        snprintf(hint, sizeof(hint),
                 " (did you mean '%s'? %s %s section does not take it; it "
                 "takes: %s)",
                 near, article(type_names[at->type]), type_names[at->type], list);
    else if (!hint[0])
        snprintf(hint, sizeof(hint), " (%s takes: %s)",
                 at->typed ? type_names[at->type] : "a section", list);
    option_key(key, sizeof(key), at, name);
    cfgfile_report_at(&ld->f, s, key, "unknown option '%s' in %s%s", name, at->where, hint);
}

static void report_not_applicable(loader *ld, const config_setting_t *s, const opt_spec *o,
                                  const sec_place *at)
{
    char list[400], key[80];
    option_key(key, sizeof(key), at, o->key.name);
    cfgfile_report_at(&ld->f, s, key,
                      "option '%s' does not apply to %s %s section; it applies to: %s", o->key.name,
                      article(type_names[at->type]), type_names[at->type],
                      applies_to(list, sizeof(list), o->applies));
}

/* A valid-typed option value into sec (values outside their range or list are reported). */
static void take_option(loader *ld, const config_setting_t *s, int i, const sec_place *at,
                        tpl_section *sec)
{
    const opt_spec *o = &options[i];
    int v;
    switch (i) {
    case OPT_TITLE:
        take_text(ld, s, o, at, &sec->title);
        break;
    case OPT_TEXT:
        take_text(ld, s, o, at, &sec->text);
        break;
    case OPT_ORIENTATION:
        if (take_choice(ld, s, o, at, &v))
            sec->orientation = (tpl_orientation)v;
        break;
    case OPT_ORDER:
        if (take_choice(ld, s, o, at, &v))
            sec->order = (tpl_order)v;
        break;
    case OPT_COMPARE:
        if (take_choice(ld, s, o, at, &v))
            sec->compare = (tpl_compare)v;
        break;
    case OPT_BY:
        if (take_choice(ld, s, o, at, &v))
            sec->by = (tpl_by)(v + 1);
        break;
    case OPT_INDICATORS:
        take_ids(ld, s, at, sec);
        break;
    case OPT_COLUMNS:
        take_int(ld, s, o, at, &sec->columns);
        break;
    case OPT_MONTHS:
        take_int(ld, s, o, at, &sec->months);
        break;
    case OPT_NEW_PAGE:
        sec->new_page = config_setting_get_bool(s);
        break;
    case OPT_TWO_SIGMA:
        sec->two_sigma = config_setting_get_bool(s);
        sec->has_two_sigma = true;
        break;
    case OPT_ANNOTATIONS:
        sec->show_annotations = config_setting_get_bool(s);
        break;
    }
}

/* Check one setting of a section (not its type): name, whether the type takes it, value. */
static void walk_option(loader *ld, const config_setting_t *s, const sec_place *at,
                        tpl_section *sec, bool *present)
{
    const char *name = config_setting_name(s);
    if (strcmp(name, "type") == 0)
        return;
    int i = option_index(name);
    if (i < 0) {
        report_unknown_option(ld, s, at);
        return;
    }
    present[i] = true;
    if (!at->typed)
        return; /* the type error is the one to fix first */
    if (!(options[i].applies & BIT(at->type)))
        report_not_applicable(ld, s, &options[i], at);
    else if (!cfgfile_type_fits(config_setting_type(s), options[i].key.type))
        report_wrong_type(ld, s, &options[i], at);
    else
        take_option(ld, s, i, at, sec);
}

static bool resolve_type(loader *ld, const config_setting_t *g, sec_place *at)
{
    const config_setting_t *s = config_setting_get_member(g, "type");
    char key[80], list[400], hint[600], found[300];
    option_key(key, sizeof(key), at, "type");
    cfgfile_join_names(list, sizeof(list), type_names, SEC__COUNT);
    if (!s) {
        cfgfile_report_at(&ld->f, g, key, "section %d has no 'type' (one of: %s)", at->number,
                          list);
        return false;
    }
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        cfgfile_describe_found(&ld->f, s, found, sizeof(found));
        cfgfile_report_at(&ld->f, s, key,
                          "'type' of section %d must be a section type in double quotes such as "
                          "\"cover\", found %s",
                          at->number, found);
        return false;
    }
    const char *v = config_setting_get_string(s);
    if (tpl_section_type_from_name(v, &at->type))
        return true;
    cfgfile_did_you_mean(hint, sizeof(hint), v, type_names, SEC__COUNT);
    if (!hint[0])
        snprintf(hint, sizeof(hint), " (one of: %s)", list);
    cfgfile_report_at(&ld->f, s, key, "unknown section type '%s' in section %d%s", v, at->number,
                      hint);
    return false;
}

static void section_defaults(tpl_section *sec, tpl_section_type t)
{
    memset(sec, 0, sizeof(*sec));
    sec->type = t;
    sec->orientation = TPL_PORTRAIT;
    sec->new_page = (new_page_types & BIT(t)) != 0;
    sec->by = TPL_BY_NONE;
    sec->order = TPL_ORDER_CONFIG;
    sec->compare = TPL_COMPARE_NONE;
    sec->columns = 3;
    sec->show_annotations = true;
}

/* The heading of a small_multiples or funnel section: "Stillbirth rate by site". */
static char *single_title(const bp_config *cfg, const tpl_section *sec)
{
    const char *name = sec->nindicators ? sec->indicators[0] : "";
    const cfg_indicator *ind = cfg && name ? config_indicator(cfg, name) : NULL;
    if (ind)
        name = ind->title;
    if (sec->type == SEC_FUNNEL)
        return bp_asprintf("%s: %ss compared", name, tpl_by_label(sec->by));
    return bp_asprintf("%s by %s", name, tpl_by_label(sec->by));
}

/* Titles and texts the template did not write. */
static bool fill_defaults(const bp_config *cfg, tpl_section *sec)
{
    if (!sec->title)
        sec->title = (single_indicator_types & BIT(sec->type))
                         ? single_title(cfg, sec)
                         : bp_strdup(default_titles[sec->type]);
    if (!sec->text)
        sec->text = bp_strdup(sec->type == SEC_INDICATOR_PAGES ? "{{indicator.narrative}}" : "");
    return sec->title && sec->text;
}

/* What a section of its type needs, now that every option has been read. */
static void check_section_needs(loader *ld, const config_setting_t *g, const sec_place *at,
                                const tpl_section *sec, const bool *present)
{
    const char *tn = type_names[at->type];
    char key[80];
    if ((single_indicator_types & BIT(at->type)) && !present[OPT_INDICATORS]) {
        option_key(key, sizeof(key), at, "indicators");
        cfgfile_report_at(
            &ld->f, g, key,
            "missing 'indicators' in %s: %s %s section shows exactly one indicator, e.g. "
            "indicators = [\"pph_1000ml\"];",
            at->where, article(tn), tn);
    }
    if ((single_indicator_types & BIT(at->type)) && !present[OPT_BY]) {
        option_key(key, sizeof(key), at, "by");
        cfgfile_report_at(
            &ld->f, g, key,
            "missing 'by' in %s: say what to draw one %s per, one of: site, organisation, "
            "ethnic_group, team",
            at->where, at->type == SEC_FUNNEL ? "point" : "chart");
    }
    if (at->type == SEC_TEXT && (!sec->title || !sec->title[0]) && (!sec->text || !sec->text[0]))
        cfgfile_report_at(&ld->f, g, at->key,
                          "%s has neither 'title' nor 'text': give it one or both", at->where);
    if (at->type == SEC_CONTENTS && ld->contents_line)
        cfgfile_report_at(
            &ld->f, g, at->key,
            "%s is a second contents section (the first is on line %ld): a pack has one "
            "contents page",
            at->where, ld->contents_line);
    if (at->type == SEC_CONTENTS && !ld->contents_line)
        ld->contents_line = line_of(g);
}

static void build_section(loader *ld, const config_setting_t *g, int number, tpl_section *sec)
{
    sec_place at = {.number = number};
    snprintf(at.key, sizeof(at.key), "sections[%d]", number);
    at.typed = resolve_type(ld, g, &at);
    section_defaults(sec, at.typed ? at.type : SEC_TEXT);
    if (at.typed)
        snprintf(at.where, sizeof(at.where), "section %d (%s)", number, type_names[at.type]);
    else
        snprintf(at.where, sizeof(at.where), "section %d", number);
    snprintf(at.in, sizeof(at.in), "in %s", at.where);
    at.place = (cfgfile_place){at.in, at.key};
    sec->cfg_line = (int)line_of(g);
    sec->cfg_file = cfgfile_strdup(&ld->f, ld->f.path);
    bool present[OPT__N] = {false};
    int n = config_setting_length(g);
    for (int i = 0; i < n; i++)
        walk_option(ld, config_setting_get_elem(g, (unsigned)i), &at, sec, present);
    if (!at.typed)
        return;
    check_section_needs(ld, g, &at, sec, present);
    if (!fill_defaults(ld->cfg, sec))
        cfgfile_out_of_memory(&ld->f);
}

/* ---- the top level --------------------------------------------------------------------- */

enum { TK_TITLE, TK_FOOTER_NOTE, TK_OUTPUTS, TK_SECTIONS, TK__N };
static const char *const top_names[TK__N] = {"title", "footer_note", "outputs", "sections"};

static const char *const output_names[] = {"pdf", "xlsx", "html"};
#define N_OUTPUTS (sizeof(output_names) / sizeof(output_names[0]))

/* outputs = ["pdf", "xlsx", "html"]: which files the pack writes (its spc.csv always). */
static void take_outputs(loader *ld, const config_setting_t *s)
{
    static const char *expect = "an array of one or more of \"pdf\", \"xlsx\" and \"html\", "
                                "e.g. outputs = [\"pdf\", \"html\"];";
    char found[300];
    int n = config_setting_type(s) == CONFIG_TYPE_ARRAY ? config_setting_length(s) : -1;
    if (n <= 0) {
        cfgfile_describe_found(&ld->f, s, found, sizeof(found));
        cfgfile_report_at(&ld->f, s, "outputs", "'outputs' must be %s found %s", expect, found);
        return;
    }
    unsigned bits = 0;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        const char *v = config_setting_type(e) == CONFIG_TYPE_STRING ? config_setting_get_string(e)
                                                                    : NULL;
        size_t k = 0;
        while (v && k < N_OUTPUTS && strcmp(v, output_names[k]) != 0)
            k++;
        if (!v || k == N_OUTPUTS) {
            cfgfile_describe_found(&ld->f, e, found, sizeof(found));
            cfgfile_report_at(&ld->f, e, "outputs",
                              "item %d of 'outputs' must be \"pdf\", \"xlsx\" or \"html\", "
                              "found %s",
                              i + 1, found);
            continue;
        }
        if (bits & (1u << k))
            cfgfile_report_at(&ld->f, e, "outputs", "'outputs' names \"%s\" twice", v);
        bits |= 1u << k;
    }
    ld->t->outputs = bits;
}

static void build_sections(loader *ld, const config_setting_t *s)
{
    int n = config_setting_length(s);
    if (n == 0) {
        cfgfile_report_at(&ld->f, s, "sections",
                          "'sections' is empty: a template needs at least one section, e.g. "
                          "( { type = \"cover\"; } )");
        return;
    }
    tpl_template *t = ld->t;
    if (!(t->sections = calloc((size_t)n, sizeof(*t->sections)))) {
        cfgfile_out_of_memory(&ld->f);
        return;
    }
    t->nsections = (size_t)n;
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(s, (unsigned)i);
        if (config_setting_type(g) == CONFIG_TYPE_GROUP) {
            build_section(ld, g, i + 1, &t->sections[i]);
            continue;
        }
        char found[300];
        cfgfile_describe_found(&ld->f, g, found, sizeof(found));
        cfgfile_report_at(
            &ld->f, g, "sections",
            "item %d of 'sections' must be a section in braces such as { type = \"cover\"; }, "
            "found %s",
            i + 1, found);
    }
}

static void take_top_text(loader *ld, const config_setting_t *s, const char *name, char **out)
{
    char found[300];
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        cfgfile_describe_found(&ld->f, s, found, sizeof(found));
        cfgfile_report_at(&ld->f, s, name, "'%s' must be text in double quotes, found %s", name,
                          found);
        return;
    }
    char what[40];
    snprintf(what, sizeof(what), "'%s'", name);
    text_ref r = {s, config_setting_get_string(s), what, name, SEC__COUNT};
    check_text(ld, &r);
    free(*out);
    *out = cfgfile_strdup(&ld->f, r.value);
}

static void walk_top_setting(loader *ld, const config_setting_t *s, bool *seen)
{
    const char *name = config_setting_name(s);
    int i = bp_name_index(name, top_names, TK__N);
    if (i < 0 || strcmp(name, top_names[i]) != 0) {
        cfgfile_report_unknown(&ld->f, s, name, top_names, TK__N,
                               &(cfgfile_place){"at the top level of the template", ""}, name);
        return;
    }
    seen[i] = true;
    if (i == TK_TITLE)
        take_top_text(ld, s, name, &ld->t->title);
    else if (i == TK_FOOTER_NOTE)
        take_top_text(ld, s, name, &ld->t->footer_note);
    else if (i == TK_OUTPUTS)
        take_outputs(ld, s);
    else if (config_setting_type(s) == CONFIG_TYPE_LIST ||
             config_setting_type(s) == CONFIG_TYPE_ARRAY)
        build_sections(ld, s);
    else {
        char found[300];
        cfgfile_describe_found(&ld->f, s, found, sizeof(found));
        cfgfile_report_at(&ld->f, s, name,
                          "'sections' must be a list of sections in round brackets such as "
                          "( { type = \"cover\"; }, { type = \"contents\"; } ), found %s",
                          found);
    }
}

static void build_top(loader *ld, const config_setting_t *root)
{
    bool seen[TK__N] = {false};
    int n = config_setting_length(root);
    for (int i = 0; i < n; i++)
        walk_top_setting(ld, config_setting_get_elem(root, (unsigned)i), seen);
    if (!seen[TK_SECTIONS])
        cfgfile_report_line(&ld->f, 1, "sections",
                            "the template has no 'sections': it must list its sections, e.g. "
                            "sections = ( { type = \"cover\"; }, { type = \"summary_grid\"; } );");
    tpl_template *t = ld->t;
    if (!t->title)
        t->title = cfgfile_strdup(&ld->f, "");
    if (!t->footer_note)
        t->footer_note = cfgfile_strdup(&ld->f, "Source: {{pack.sources}}");
    if (!seen[TK_OUTPUTS])
        t->outputs = TPL_OUTPUTS_ALL;
}

static tpl_template *parse_and_build(loader *ld)
{
    config_t lc;
    if (!cfgfile_parse(&ld->f, &lc, ld->raw, &parse_hints)) {
        config_destroy(&lc);
        return NULL;
    }
    ld->t = calloc(1, sizeof(*ld->t));
    if (!ld->t || !(ld->t->path = bp_strdup(ld->f.path)))
        cfgfile_out_of_memory(&ld->f);
    else
        build_top(ld, config_root_setting(&lc));
    config_destroy(&lc);
    return ld->t;
}

tpl_template *template_load(const char *path, const bp_config *cfg, bp_errors *errs)
{
    loader ld = {.cfg = cfg};
    cfgfile_init(&ld.f, errs, path, "template");
    ld.f.quote_max = 200;
    cfgfile_text text;
    infile_error why;
    bool read = cfgfile_read(path, &text, &why);
    if (!read && why.errnum == ENOMEM)
        cfgfile_out_of_memory(&ld.f);
    else if (!read)
        cfgfile_report(&ld.f, path, 0, 0, "", "cannot read the template: %s", why.reason);
    tpl_template *t = NULL;
    if (read) {
        ld.raw = text.data;
        ld.rawlen = text.len;
        if (cfgfile_check_text(&ld.f, ld.raw, ld.rawlen) && prescan(&ld))
            t = parse_and_build(&ld);
    }
    free(ld.raw);
    if (ld.f.nerrors) {
        template_free(t);
        return NULL;
    }
    return t;
}

static void free_section(tpl_section *s)
{
    free(s->title);
    free(s->text);
    for (size_t i = 0; i < s->nindicators; i++)
        free(s->indicators[i]);
    free(s->indicators);
    free(s->cfg_file);
}

void template_free(tpl_template *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nsections; i++)
        free_section(&t->sections[i]);
    free(t->sections);
    free(t->path);
    free(t->title);
    free(t->footer_note);
    free(t);
}

tpl_template *template_default(void)
{
    static const tpl_section_type types[] = {SEC_COVER, SEC_CONTENTS, SEC_SUMMARY_GRID,
                                             SEC_INDICATOR_PAGES};
    tpl_template *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->sections = calloc(LEN(types), sizeof(*t->sections));
    t->path = bp_strdup("built-in");
    t->title = bp_strdup("Built-in template");
    t->footer_note = bp_strdup("Source: {{pack.sources}}");
    t->outputs = TPL_OUTPUTS_ALL;
    bool ok = t->sections && t->path && t->title && t->footer_note;
    for (size_t i = 0; ok && i < LEN(types); i++) {
        section_defaults(&t->sections[i], types[i]);
        t->nsections++;
        ok = fill_defaults(NULL, &t->sections[i]);
    }
    if (ok)
        t->sections[2].order = TPL_ORDER_CONCERNS_FIRST;
    else {
        template_free(t);
        t = NULL;
    }
    return t;
}

/* ---- a template against the pack that uses it ------------------------------------------ */

static const struct {
    tpl_section_type type;
    source_kind kind;
} section_sources[] = {
    {SEC_HEATMAP, SRC_AE_MATURITY},
    {SEC_MATURITY_SUMMARY, SRC_AE_MATURITY},
    {SEC_SURVEY_TABLE, SRC_AE_SURVEY},
    {SEC_OUTCOMES_TABLE, SRC_AE_OUTCOMES},
    {SEC_ASSESSMENT_SCALE, SRC_COLLAB_ASSESSMENTS},
    {SEC_ATTENDANCE, SRC_COLLAB_ATTENDANCE},
    {SEC_PDSA_LOG, SRC_COLLAB_PDSA},
};

/* Can an indicator counted from a source of kind k be split by b? (the columns of its rows) */
static bool kind_has_breakdown(source_kind k, tpl_by b)
{
    if (k == SRC_MATERNITY)
        return b == TPL_BY_SITE || b == TPL_BY_ORGANISATION || b == TPL_BY_ETHNIC_GROUP;
    if (k == SRC_AE_KPIS)
        return b == TPL_BY_TEAM || b == TPL_BY_ORGANISATION;
    return false;
}

typedef struct {
    cfgfile f; /* errors; no file of its own: each names its section's */
    const bp_config *cfg;
    const cfg_pack *p;
} pack_check;

static void pack_report(pack_check *pc, const tpl_section *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void pack_report(pack_check *pc, const tpl_section *s, const char *fmt, ...)
{
    char msg[sizeof(((bp_error *)0)->message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    bool own = s->cfg_file != NULL;
    cfgfile_report(
        &pc->f, own ? s->cfg_file : pc->p->cfg_file, own ? s->cfg_line : pc->p->cfg_line, 0, "",
        "%s%s",
        own ? "" : "the built-in template (used because the pack names no template): ", msg);
}

static bool pack_lists(const cfg_pack *p, const char *id)
{
    for (size_t i = 0; i < p->nindicators; i++)
        if (strcmp(p->indicators[i], id) == 0)
            return true;
    return false;
}

static bool pack_reads_kind(const pack_check *pc, source_kind k)
{
    for (size_t i = 0; i < pc->p->nsources; i++) {
        const cfg_source *src = config_source(pc->cfg, pc->p->sources[i]);
        if (src && src->kind == k)
            return true;
    }
    return false;
}

static void check_section_source(pack_check *pc, const tpl_section *s, size_t number)
{
    /* A heatmap listing indicators is a KPI grid, not the maturity matrix. */
    if (s->type == SEC_HEATMAP && s->nindicators)
        return;
    for (size_t i = 0; i < LEN(section_sources); i++)
        if (section_sources[i].type == s->type && !pack_reads_kind(pc, section_sources[i].kind))
            pack_report(pc, s,
                        "section %zu (%s) needs a source of kind %s, and pack '%s' reads none: "
                        "add one to the pack's sources or remove the section",
                        number, type_names[s->type], source_kind_name(section_sources[i].kind),
                        pc->p->id);
}

/* An Acting Early KPI: counted from an ae_kpis source, with its kpi name. */
static bool is_kpi(const bp_config *cfg, const char *id)
{
    const cfg_indicator *d = config_indicator(cfg, id);
    const cfg_source *src = d ? config_source(cfg, d->source) : NULL;
    return d && d->kpi && src && src->kind == SRC_AE_KPIS;
}

/* by on one indicator: does its source have that column? */
static void check_breakdown(pack_check *pc, const tpl_section *s, size_t number, const char *id)
{
    const cfg_indicator *ind = config_indicator(pc->cfg, id);
    const cfg_source *src = ind ? config_source(pc->cfg, ind->source) : NULL;
    if (!src || kind_has_breakdown(src->kind, s->by))
        return;
    pack_report(pc, s,
                "section %zu (%s) draws '%s' by %s, but its source '%s' (kind %s) has no %s "
                "column: maternity indicators go by site, organisation or ethnic_group, "
                "Acting Early KPIs by team or organisation",
                number, type_names[s->type], id, tpl_by_name(s->by), src->id,
                source_kind_name(src->kind), tpl_by_name(s->by));
}

/* One indicator the section lists itself: in the pack, a KPI where only KPIs are shown, and
 * splittable by `by`. */
static void check_listed(pack_check *pc, const tpl_section *s, size_t number, const char *id)
{
    if (!pack_lists(pc->p, id))
        pack_report(pc, s,
                    "section %zu (%s) shows '%s', which pack '%s' does not include: add it to "
                    "the pack's indicators (%s:%d) or remove it from the section",
                    number, type_names[s->type], id, pc->p->id,
                    pc->p->cfg_file ? pc->p->cfg_file : "", pc->p->cfg_line);
    else if ((kpi_types & BIT(s->type)) && !is_kpi(pc->cfg, id))
        pack_report(pc, s,
                    "section %zu (%s) shows Acting Early KPIs only, and '%s' is not one (a KPI "
                    "is counted from an ae_kpis source and has a 'kpi' name)",
                    number, type_names[s->type], id);
    else if (s->by != TPL_BY_NONE)
        check_breakdown(pc, s, number, id);
}

/* A section showing the pack's indicators: there must be some it can show. */
static void check_pack_indicators(pack_check *pc, const tpl_section *s, size_t number)
{
    bool kpis_only = (kpi_types & BIT(s->type)) != 0;
    size_t shown = 0;
    for (size_t i = 0; i < pc->p->nindicators; i++) {
        const char *id = pc->p->indicators[i];
        if (kpis_only && !is_kpi(pc->cfg, id))
            continue; /* left out of a KPI table, not wrong */
        shown++;
        if (s->by != TPL_BY_NONE)
            check_breakdown(pc, s, number, id);
    }
    if (!shown)
        pack_report(pc, s,
                    "section %zu (%s) shows the pack's %s, and pack '%s' lists none: add them "
                    "to the pack's indicators or remove the section",
                    number, type_names[s->type], kpis_only ? "Acting Early KPIs" : "indicators",
                    pc->p->id);
}

static void check_section_indicators(pack_check *pc, const tpl_section *s, size_t number)
{
    if (!(options[OPT_INDICATORS].applies & BIT(s->type)))
        return;
    if (s->type == SEC_HEATMAP && !s->nindicators)
        return; /* the maturity matrix */
    if (!s->nindicators) {
        check_pack_indicators(pc, s, number);
        return;
    }
    for (size_t i = 0; i < s->nindicators; i++)
        check_listed(pc, s, number, s->indicators[i]);
}

bp_status template_check_pack(const tpl_template *t, const bp_config *cfg, const cfg_pack *p,
                              bp_errors *errs)
{
    pack_check pc = {.cfg = cfg, .p = p};
    cfgfile_init(&pc.f, errs, NULL, "template");
    for (size_t i = 0; i < t->nsections; i++) {
        check_section_source(&pc, &t->sections[i], i + 1);
        check_section_indicators(&pc, &t->sections[i], i + 1);
    }
    return pc.f.nerrors ? BP_ECONFIG : BP_OK;
}
