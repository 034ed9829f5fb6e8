/* template.h - report templates (report-templates/NAME.cfg, libconfig): a pack is an ordered list
 * of sections, each of a type with options, that programme managers edit without touching C.
 * Loading validates everything with file:line: unknown section types and options (with the
 * nearest known name), wrong types, bad values, unknown {{placeholders}} in any text. Expanding
 * the placeholders at render time fills them from a lookup the caller provides. */
#ifndef BP_TEMPLATE_H
#define BP_TEMPLATE_H

#include "config.h"
#include "error.h"
#include "strutil.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    SEC_COVER,            /* title page: pack title, organisation, period, generated, classification */
    SEC_CONTENTS,         /* contents page: section titles with page numbers, clickable */
    SEC_SUMMARY_GRID,     /* one row per indicator: latest value, target, variation and assurance
                             icons, the narrative sentence; concerns first when order = "concerns_first" */
    SEC_HEADLINE_TILES,   /* big-number tiles: latest value, label, change */
    SEC_INDICATOR_PAGES,  /* one page per indicator: SPC chart, sentence, optional breakdown charts */
    SEC_SMALL_MULTIPLES,  /* grid of mini SPC charts of one indicator by site / team / ethnic group */
    SEC_FUNNEL,           /* funnel plot of one indicator across units for the period */
    SEC_HEATMAP,          /* maturity matrix team x feature (0-5); with indicators, a KPI grid of
                             teams x KPIs */
    SEC_RAG_TABLE,        /* KPI table with value vs target and tick / N/A / cross; by = "team":
                             one row per team */
    SEC_KPI_PROGRESS,     /* baseline year vs latest year, difference, red / green */
    SEC_OUTCOMES_TABLE,   /* long-term outcomes by year, "no data" / "incomplete" kept */
    SEC_MATURITY_SUMMARY, /* teams per band (10-15, 5-9, <5), change since last quarter */
    SEC_SURVEY_TABLE,     /* before/after means per group and category with paired t-test p */
    SEC_ASSESSMENT_SCALE, /* IHI Assessment Scale distribution over time and per team */
    SEC_ATTENDANCE,       /* attendance by ICS and event type; active teams over time */
    SEC_PDSA_LOG,         /* PDSA cycles by stage and decision */
    SEC_TEXT,             /* a heading and paragraphs of text with placeholders */
    SEC_PAGE_BREAK,       /* start a new page */
    SEC__COUNT
} tpl_section_type;

/* "cover", "contents", "summary_grid", ... as written in templates. */
const char *tpl_section_type_name(tpl_section_type t);
bool tpl_section_type_from_name(const char *name, tpl_section_type *out);

typedef enum { TPL_PORTRAIT, TPL_LANDSCAPE } tpl_orientation;
typedef enum { TPL_ORDER_CONFIG, TPL_ORDER_CONCERNS_FIRST } tpl_order;
/* A comparison of two single months, shown only where a template asks for it. */
typedef enum { TPL_COMPARE_NONE, TPL_COMPARE_LAST_YEAR, TPL_COMPARE_LAST_MONTH } tpl_compare;
typedef enum { TPL_BY_NONE, TPL_BY_SITE, TPL_BY_ORGANISATION, TPL_BY_ETHNIC_GROUP, TPL_BY_TEAM } tpl_by;

const char *tpl_orientation_name(tpl_orientation o); /* "portrait", "landscape" */
const char *tpl_order_name(tpl_order o);             /* "config", "concerns_first" */
const char *tpl_compare_name(tpl_compare c);         /* "none", "last_year", "last_month" */
/* "none", "site", "organisation", "ethnic_group", "team": the value of a breakdown in
 * cfg_indicator.breakdown and in templates. */
const char *tpl_by_name(tpl_by b);
/* The same for people: "site", "organisation", "ethnic group", "team" ("" for none). */
const char *tpl_by_label(tpl_by b);

typedef struct {
    tpl_section_type type;
    char *title;             /* title: the heading (and contents / outline entry); may hold
                                placeholders; never NULL. Default per type: cover
                                "{{pack.title}}", contents "Contents", summary_grid "Summary",
                                indicator_pages "{{indicator.title}}", small_multiples
                                "<indicator title> by site", funnel "<indicator title>: sites
                                compared", text and page_break "" (no heading); see
                                docs/templates.md for the rest. "" means no heading. */
    char *text;              /* text: paragraphs (blank line = new paragraph) with placeholders;
                                for indicator_pages, the sentence under each chart (placeholders
                                {{indicator.*}} refer to the page's indicator; default
                                "{{indicator.narrative}}"); for every other type an introduction
                                under the heading, "" when absent; never NULL */
    tpl_orientation orientation; /* orientation: "portrait" (default) or "landscape"; a section
                                whose orientation differs from the page it would continue
                                starts a new page */
    bool new_page;           /* new_page: start on a new page (default true for cover, contents,
                                indicator_pages, small_multiples, funnel, heatmap, page_break;
                                else false; always true for cover and page_break) */
    char **indicators;       /* indicators: indicator ids; NULL / 0 (not written) means every
                                indicator of the pack, in the pack's order (rag_table,
                                kpi_progress: its Acting Early KPIs; heatmap: none, the maturity
                                matrix). small_multiples and funnel always hold exactly one.
                                Never an empty list when set. */
    size_t nindicators;
    tpl_by by;               /* by: "site", "organisation", "ethnic_group", "team" (small_multiples,
                                funnel: required; indicator_pages: breakdown charts; rag_table:
                                "team" for a row per team); default none */
    tpl_order order;         /* order: "config" (default) or "concerns_first" (summary_grid) */
    tpl_compare compare;     /* compare: "none" (default), "last_year" or "last_month"
                                (summary_grid, headline_tiles, indicator_pages, rag_table): the
                                latest month against one other month, both values shown */
    int columns;             /* columns: small multiples / tiles per row, 1-6; default 3 */
    int months;              /* months: months shown on charts (funnel: months pooled, ending at
                                the period; assessment_scale, attendance, pdsa_log: months
                                covered), 1-240; 0 when not written: template_section_months()
                                gives the default */
    bool two_sigma;          /* two_sigma: draw the 2-sigma lines, when has_two_sigma; use
                                template_section_two_sigma() rather than this field */
    bool has_two_sigma;      /* two_sigma was written in the template */
    bool show_annotations;   /* annotations: draw the indicator's annotations; default true */
    char *cfg_file;          /* the template file and the line of the section's '{'; NULL / 0
                                for a section of template_default() */
    int cfg_line;
} tpl_section;

/* Option names exactly as written in templates, in the order docs/templates.md lists them. */
const char *const *template_option_names(size_t *n);
/* Does a section of type t take option name ("title", "by", ...)? ("type" is always taken.) */
bool template_option_applies(tpl_section_type t, const char *name);

/* The funnel's window when a template does not set months. */
#define TPL_FUNNEL_MONTHS 12

/* months shown on the section's charts: its months, else TPL_FUNNEL_MONTHS for a funnel, else
 * the pack's spc_months (0 when p is NULL). */
int template_section_months(const tpl_section *s, const cfg_pack *p);
/* Draw the 2-sigma lines: the section's two_sigma when written, else the configuration's
 * spc.two_sigma_lines (false when cfg is NULL). */
bool template_section_two_sigma(const tpl_section *s, const bp_config *cfg);

/* The files a pack writes besides its spc.csv (template key outputs; default all three). */
#define TPL_OUTPUT_PDF 1u
#define TPL_OUTPUT_XLSX 2u
#define TPL_OUTPUT_HTML 4u
#define TPL_OUTPUTS_ALL (TPL_OUTPUT_PDF | TPL_OUTPUT_XLSX | TPL_OUTPUT_HTML)

typedef struct {
    char *path;              /* as given */
    char *title;             /* title: optional template title, "" when absent */
    char *footer_note;       /* footer_note: text in every footer (placeholders allowed);
                                default "Source: {{pack.sources}}" */
    unsigned outputs;        /* outputs: TPL_OUTPUT_* bits, at least one */
    tpl_section *sections;
    size_t nsections;
} tpl_template;

/* Load and validate path. Every problem is appended to errs (BP_ECONFIG, file:line, and
 * "did you mean" for unknown names); NULL when any was found. cfg (may be NULL) lets the loader
 * check indicator ids. Placeholders are validated against template_placeholders().
 * A template is one file: @include is reported as an error (templates are small, and one file
 * is easier for the people who edit them to follow). Placeholder errors carry the line and
 * column of the placeholder itself; other errors the line of the setting (or of the '{' that
 * opens the section). BP_EINTERNAL when memory ran out. */
tpl_template *template_load(const char *path, const bp_config *cfg, bp_errors *errs);
void template_free(tpl_template *t); /* NULL is fine */

/* The built-in template used by a pack without one: cover, contents, summary grid (concerns
 * first), indicator pages (text "{{indicator.narrative}}"). NULL when memory ran out. */
tpl_template *template_default(void);

/* Check t against the pack that will use it (template_load knows no pack): every indicator a
 * section lists is one of the pack's indicators; a section that shows the pack's indicators
 * has some to show; rag_table, kpi_progress and a heatmap listing indicators show Acting
 * Early KPIs only (ae_kpis source with a kpi name); `by` is a breakdown the indicators' source has (maternity: site,
 * organisation, ethnic_group; ae_kpis: team, organisation); heatmap / maturity_summary need an
 * ae_maturity source, survey_table ae_survey, outcomes_table ae_outcomes, assessment_scale
 * collab_assessments, attendance collab_attendance, pdsa_log collab_pdsa among the pack's
 * sources. Errors name the section's file:line (the pack's, for template_default()) and are
 * appended to errs; returns BP_OK or BP_ECONFIG. */
bp_status template_check_pack(const tpl_template *t, const bp_config *cfg, const cfg_pack *p,
                              bp_errors *errs);

/* Every placeholder name, e.g. "pack.period", "indicator.latest"; *n receives the count. */
const char *const *template_placeholders(size_t *n);
/* Is name (without braces) a placeholder allowed in this section type's text / title?
 * pack.* everywhere (and in footer_note and the template title); indicator.* only in the title
 * and text of indicator_pages, where one indicator is in view. */
bool template_placeholder_allowed(tpl_section_type t, const char *name);

/* The value of a placeholder, or NULL when it has none here (expanded as ""). */
typedef const char *(*tpl_lookup_fn)(void *ctx, const char *name);

/* Append text to out with every {{name}} replaced by lookup(ctx, name) (PCRE2 match loop;
 * values are literal: "$" and "\" stay as they are, and a "{{" in a value is not expanded
 * again). Text without placeholders is copied; spaces inside the braces are allowed
 * ("{{ pack.period }}"); anything else, such as a stray "{{", is copied as written. NULL text
 * appends nothing. out is NUL-terminated afterwards (data not NULL). False when memory ran out. */
bool template_expand(const char *text, tpl_lookup_fn lookup, void *ctx, bp_buf *out);

#endif
