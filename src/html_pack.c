/* html_pack.c - a pack as one self-contained, accessible HTML file (inline CSS and SVG, no
 * script, nothing fetched): the cover as the page header, the contents as a navigation list,
 * each section with its headings in order, real tables and charts with their words and
 * numbers. It draws the blocks the builders made (content_build.h) and computes nothing. */
#include "html_pack.h"
#include "content_build.h"
#include "fsutil.h"
#include "html_svg.h"
#include "html_table.h"
#include "period.h"
#include "strutil.h"
#include "template.h"
#include "theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Colours are the theme's (theme.h), as CSS variables written before this sheet; every text
 * colour has a contrast of at least 4.5:1 on its background (test_theme.c, html_checks.py). Printing drops the navigation
 * and breaks pages between sections; 200% zoom reflows, wide tables scroll inside their box. */
static const char css[] =
    "html{font-family:\"" THEME_FONT_FAMILY "\",Arial,sans-serif;color:var(--text);background:var(--white);"
    "line-height:1.45}"
    "body{margin:0 auto;max-width:60rem;padding:0 1rem 2rem}"
    "header.cover{border-top:.5rem solid var(--nhs-blue);padding:1rem 0 .5rem}"
    ".org{font-weight:bold;color:var(--nhs-blue);margin:0}"
    "h1{font-size:1.9rem;margin:.3rem 0 .6rem}"
    "h2{font-size:1.45rem;color:var(--nhs-blue);border-bottom:2px solid var(--grid);margin-top:2rem}"
    "h3{font-size:1.15rem;margin-top:1.4rem}h4{font-size:1rem}"
    ".meta,.muted,figcaption,.note{color:var(--muted)}"
    ".note{font-size:.9rem}"
    "nav ol{padding-left:1.4rem}"
    "a{color:var(--nhs-blue)}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.9rem}"
    "caption{text-align:left;font-weight:bold;padding:.2rem 0}"
    ".sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}"
    "th,td{border-bottom:1px solid var(--grid);padding:.3rem .5rem;vertical-align:top}"
    "thead th{border-bottom:2px solid var(--axis)}"
    "tbody tr:nth-child(even){background:var(--pale)}"
    ".r{text-align:right}.c{text-align:center}.l{text-align:left}"
    ".b{font-weight:bold}.indent{padding-left:1.5rem}.small{font-size:.85rem}"
    ".better{color:var(--better)}.worse{color:var(--worse)}"
    ".icon{vertical-align:middle;margin-right:.3rem}"
    "figure{margin:1rem 0}svg{max-width:100%;height:auto;display:block}"
    "svg.icon{display:inline-block;flex:none}"
    "svg text{font-family:inherit;fill:var(--text)}svg .tick{font-size:10px}"
    "svg .axis{font-size:11px;fill:var(--muted)}svg .strong{font-weight:bold}"
    ".panels{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}"
    ".panel-title{font-weight:bold;margin:.2rem 0}"
    ".tiles{list-style:none;padding:0;display:grid;"
    "grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem}"
    ".tile{border:1px solid var(--grid);background:var(--pale);padding:.6rem .8rem}"
    ".tile-value{font-size:1.8rem;font-weight:bold;margin:0}.tile p{margin:.2rem 0}"
    ".strip{display:flex;flex-wrap:wrap;gap:1rem 3rem}.strip p{margin:.3rem 0}"
    "details{margin:.3rem 0 1rem}summary{cursor:pointer;color:var(--nhs-blue)}"
    ".heatmap td{min-width:2.6rem;white-space:nowrap}"
    ".sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;"
    "border:1px solid var(--axis);vertical-align:middle}"
    "footer{border-top:1px solid var(--grid);margin-top:2rem;font-size:.85rem;color:var(--muted)}"
    "@media print{nav{display:none}"
    "section{break-before:page}h2,h3{break-after:avoid}tr,figure{break-inside:avoid}"
    "body{max-width:none}}";

typedef struct {
    FILE *fp;
    const pack_content *p;
    unsigned ids; /* charts numbered for their SVG ids */
} hp_ctx;

static const char *hp_text(const char *s)
{
    return s ? s : "";
}

/* Template text: paragraphs split at blank lines. */
static void hp_paragraphs(hp_ctx *c, const char *text, const char *cls)
{
    const char *s = text;
    while (s && *s) {
        while (*s == '\n' || *s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        const char *end = strstr(s, "\n\n");
        size_t n = end ? (size_t)(end - s) : strlen(s);
        char *para = bp_strndup(s, n);
        if (para) {
            for (char *t = para; *t; t++)
                if (*t == '\n' || *t == '\t')
                    *t = ' ';
            fprintf(c->fp, cls ? "<p class=\"%s\">" : "<p>", cls);
            html_esc(c->fp, para);
            fputs("</p>\n", c->fp);
            free(para);
        }
        s += n;
    }
}

/* Section levels: the pack's title is the one h1, a section's title h2, a heading of level L
 * inside a section h(L+1). */
static void hp_heading(hp_ctx *c, int level, const char *text, const char *id)
{
    int h = level + 1 > 6 ? 6 : level + 1;
    fprintf(c->fp, "<h%d", h);
    if (id)
        fprintf(c->fp, " id=\"%s\"", id);
    fputc('>', c->fp);
    html_esc(c->fp, text);
    fprintf(c->fp, "</h%d>\n", h);
}

static void hp_blocks(hp_ctx *c, const cm_section *sec)
{
    const char *last_heading = sec->title;
    for (size_t i = 0; i < sec->nblocks; i++) {
        const cm_block *b = &sec->blocks[i];
        const char *above = i > 0 && sec->blocks[i - 1].kind == CM_HEADING
                                ? sec->blocks[i - 1].u.heading.text
                                : NULL;
        switch (b->kind) {
        case CM_HEADING:
            hp_heading(c, b->u.heading.level, b->u.heading.text, NULL);
            last_heading = b->u.heading.text;
            break;
        case CM_PARAGRAPH:
            hp_paragraphs(c, b->u.text, NULL);
            break;
        case CM_NOTE:
            hp_paragraphs(c, b->u.text, "note");
            break;
        case CM_TABLE:
            html_table(c->fp, b->u.table, "data", last_heading, above);
            break;
        case CM_CHART:
            html_chart(c->fp, &b->u.chart, ++c->ids);
            break;
        case CM_KEY:
            fputs("<p class=\"note\"><strong>", c->fp);
            html_esc(c->fp, b->u.key.title);
            fputs("</strong></p><ul class=\"note\">", c->fp);
            for (int v = CHART_VAR_COMMON; v <= CHART_VAR_NEITHER_LOW; v++)
                if (b->u.key.variations[v]) {
                    fputs("<li>", c->fp);
                    html_icon(c->fp, (cm_icon){.kind = CM_ICON_VARIATION,
                                               .variation = (chart_variation)v});
                    html_esc(c->fp, chart_variation_label((chart_variation)v));
                    fputs("</li>", c->fp);
                }
            for (int a = CHART_ASSURE_PASS; a <= CHART_ASSURE_HIT_AND_MISS; a++)
                if (b->u.key.assurances[a]) {
                    fputs("<li>", c->fp);
                    html_icon(c->fp, (cm_icon){.kind = CM_ICON_ASSURANCE,
                                               .assurance = (chart_assurance)a});
                    html_esc(c->fp, chart_assurance_label((chart_assurance)a));
                    fputs("</li>", c->fp);
                }
            fputs("</ul>\n", c->fp);
            break;
        case CM_BLOCK__COUNT:
            break;
        }
    }
}

/* Sections a reader navigates to: those with a title and something in them. */
static bool hp_listed(const cm_section *s)
{
    return s->type != SEC_COVER && s->type != SEC_CONTENTS && s->type != SEC_PAGE_BREAK &&
           s->title && *s->title;
}

static void hp_header(hp_ctx *c, const char *title, const cm_doc *d)
{
    const pack_content *p = c->p;
    fputs("<header class=\"cover\">", c->fp);
    if (p->organisation && *p->organisation) {
        fputs("<p class=\"org\">", c->fp);
        html_esc(c->fp, p->organisation);
        fputs("</p>", c->fp);
    }
    fputs("<h1>", c->fp);
    html_esc(c->fp, title);
    fputs("</h1><p>Reporting period: ", c->fp);
    char buf[64];
    period_format_long(p->period, buf, sizeof(buf));
    html_esc(c->fp, p->period_label ? p->period_label : buf);
    fputs("</p><p class=\"meta\">Generated ", c->fp);
    period_format_timestamp(p->generated_at, buf, sizeof(buf));
    html_esc(c->fp, p->generated_label ? p->generated_label : buf);
    if (p->classification && *p->classification) {
        fputs(". ", c->fp);
        html_esc(c->fp, p->classification);
    }
    fputs("</p>", c->fp);
    for (size_t i = 0; i < cm_doc_nsections(d); i++) {
        const cm_section *s = cm_doc_section(d, i);
        if (s->type == SEC_COVER)
            hp_paragraphs(c, s->intro, NULL);
    }
    fputs("</header>\n<nav aria-label=\"Contents\"><h2>Contents</h2><ol>", c->fp);
    for (size_t i = 0; i < cm_doc_nsections(d); i++) {
        const cm_section *s = cm_doc_section(d, i);
        if (!hp_listed(s))
            continue;
        fprintf(c->fp, "<li><a href=\"#s%zu\">", i + 1);
        html_esc(c->fp, s->title);
        fputs("</a></li>", c->fp);
    }
    fputs("</ol></nav>\n", c->fp);
}

static void hp_section(hp_ctx *c, const cm_section *s, size_t i)
{
    if (s->type == SEC_COVER || s->type == SEC_CONTENTS || s->type == SEC_PAGE_BREAK)
        return;
    fprintf(c->fp, "<section id=\"s%zu\">\n", i + 1);
    /* indicator pages carry their headings in their blocks */
    if (!s->own_headings || s->unavailable)
        hp_heading(c, 1, s->title && *s->title ? s->title : "Section", NULL);
    hp_paragraphs(c, s->intro, NULL);
    if (s->unavailable) {
        fputs("<p><strong>Not available:</strong> ", c->fp);
        html_esc(c->fp, s->unavailable);
        fputs(".</p>\n", c->fp);
    } else {
        hp_blocks(c, s);
    }
    fputs("</section>\n", c->fp);
}

static void hp_document(hp_ctx *c, const cm_doc *d)
{
    const pack_content *p = c->p;
    const char *title = p->template_title && *p->template_title ? p->template_title
                                                                : hp_text(p->title);
    for (size_t i = 0; i < cm_doc_nsections(d); i++) {
        const cm_section *s = cm_doc_section(d, i);
        if (s->type == SEC_COVER && s->title && *s->title)
            title = s->title;
    }
    char period[64];
    period_format_long(p->period, period, sizeof(period));
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          c->fp);
    html_esc(c->fp, title);
    if (p->organisation && *p->organisation) {
        fputs(" \xE2\x80\x93 ", c->fp);
        html_esc(c->fp, p->organisation);
    }
    fputs(" \xE2\x80\x93 ", c->fp);
    html_esc(c->fp, p->period_label ? p->period_label : period);
    fputs("</title>\n<style>:root{", c->fp);
    for (int k = 0; k < THEME__COUNT; k++) {
        /* --nhs-blue: the role's name in lower case with hyphens */
        fputs("--", c->fp);
        for (const char *n = theme_name((theme_colour)k); *n; n++)
            fputc(*n == '_' ? '-' : (*n >= 'A' && *n <= 'Z' ? *n - 'A' + 'a' : *n), c->fp);
        fprintf(c->fp, ":%s;", html_colour((theme_colour)k));
    }
    fprintf(c->fp, "}%s</style>\n</head>\n<body>\n", css);
    hp_header(c, title, d);
    fputs("<main>\n", c->fp);
    for (size_t i = 0; i < cm_doc_nsections(d); i++)
        hp_section(c, cm_doc_section(d, i), i);
    fputs("</main>\n<footer>", c->fp);
    hp_paragraphs(c, p->source_note, NULL);
    fprintf(c->fp, "<p>%s A dash (\xE2\x80\x93) marks a month with no data.</p>",
            p->suppressed ? "Small numbers are suppressed and shown as *." : "");
    hp_paragraphs(c, p->footer, NULL);
    fputs("</footer>\n</body>\n</html>\n", c->fp);
}

bp_status html_pack_write(const pack_content *p, const model *m, const char *path, bp_error *err)
{
    cm_doc *d = NULL;
    bp_status st = content_build(p, m, &d, err);
    if (st != BP_OK)
        return st;
    FILE *fp = fopen(path, "w");
    if (!fp) {
        cm_doc_free(d);
        return fsutil_output_error(err, path, errno);
    }
    hp_ctx c = {.fp = fp, .p = p};
    hp_document(&c, d);
    cm_doc_free(d);
    int e = fsutil_close_stream(fp);
    return e != 0 ? fsutil_output_error(err, path, e) : BP_OK;
}
