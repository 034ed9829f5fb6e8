/* html_table.c - content-model tables and cell texts as HTML: captions, header cells with
 * scope, column groups, colour roles as classes (the words carry the meaning, the colour only
 * repeats it) and the icons beside their words. */
#include "html_table.h"
#include "disclosure.h"

#include <string.h>

const char *html_colour(theme_colour c)
{
    static char css[THEME__COUNT + 1][THEME_CSS_HEX_SIZE];
    size_t i = (unsigned)c < THEME__COUNT ? (size_t)c : THEME__COUNT;
    if (!css[i][0])
        theme_css_hex(c, css[i]);
    return css[i];
}

void html_esc(FILE *fp, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        default:
            fputc(*s, fp);
        }
    }
}

void html_lines(FILE *fp, const char *s)
{
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char buf[512];
        while (n > 0) {
            size_t k = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;
            memcpy(buf, s, k);
            buf[k] = '\0';
            html_esc(fp, buf);
            s += k;
            n -= k;
        }
        if (!nl)
            break;
        fputs("<br>", fp);
        s = nl + 1;
    }
}

/* Icon colours as the PDF draws them (Making Data Count, from the theme): blue improvement,
 * orange concern, purple neither, grey common cause; the letter says high or low, pass or
 * fail. */
static const char *icon_fill(cm_icon icon, const char **letter, const char **ink)
{
    *ink = html_colour(THEME_WHITE);
    if (icon.kind == CM_ICON_ASSURANCE) {
        *letter = icon.assurance == CHART_ASSURE_PASS   ? "P"
                  : icon.assurance == CHART_ASSURE_FAIL ? "F"
                                                        : "?";
        if (icon.assurance == CHART_ASSURE_FAIL)
            *ink = html_colour(THEME_TEXT);
        return html_colour(icon.assurance == CHART_ASSURE_PASS   ? THEME_IMPROVEMENT
                           : icon.assurance == CHART_ASSURE_FAIL ? THEME_CONCERN
                                                                 : THEME_COMMON);
    }
    chart_variation v = icon.variation;
    bool high = v == CHART_VAR_IMPROVEMENT_HIGH || v == CHART_VAR_CONCERN_HIGH ||
                v == CHART_VAR_NEITHER_HIGH;
    *letter = v == CHART_VAR_COMMON ? "" : high ? "H" : "L";
    if (v == CHART_VAR_IMPROVEMENT_HIGH || v == CHART_VAR_IMPROVEMENT_LOW)
        return html_colour(THEME_IMPROVEMENT);
    if (v == CHART_VAR_CONCERN_HIGH || v == CHART_VAR_CONCERN_LOW) {
        *ink = html_colour(THEME_TEXT);
        return html_colour(THEME_CONCERN);
    }
    if (v == CHART_VAR_NEITHER_HIGH || v == CHART_VAR_NEITHER_LOW)
        return html_colour(THEME_NEUTRAL);
    return html_colour(THEME_COMMON);
}

void html_icon(FILE *fp, cm_icon icon)
{
    if (icon.kind == CM_ICON_NONE ||
        (icon.kind == CM_ICON_VARIATION && icon.variation == CHART_VAR_NONE) ||
        (icon.kind == CM_ICON_ASSURANCE && icon.assurance == CHART_ASSURE_NONE))
        return;
    const char *letter, *ink, *fill = icon_fill(icon, &letter, &ink);
    fprintf(fp,
            "<svg class=\"icon\" viewBox=\"0 0 20 20\" width=\"20\" height=\"20\" "
            "aria-hidden=\"true\" focusable=\"false\"><circle cx=\"10\" cy=\"10\" r=\"9\" "
            "fill=\"%s\"/>",
            fill);
    if (*letter)
        fprintf(fp,
                "<text x=\"10\" y=\"14\" text-anchor=\"middle\" font-size=\"11\" "
                "font-weight=\"bold\" fill=\"%s\">%s</text>",
                ink, letter);
    else
        fprintf(fp, "<circle cx=\"6\" cy=\"10\" r=\"1.6\" fill=\"%s\"/><circle cx=\"10\" "
                    "cy=\"10\" r=\"1.6\" fill=\"%s\"/><circle cx=\"14\" cy=\"10\" r=\"1.6\" "
                    "fill=\"%s\"/>",
                ink, ink, ink);
    fputs("</svg>", fp);
}

static bool numeric(const cm_column *c)
{
    return c->kind == CM_COL_COUNT || c->kind == CM_COL_NUMBER || c->kind == CM_COL_PERCENT;
}

static const char *role_class(cm_role r)
{
    return r == CM_ROLE_BETTER  ? " better"
           : r == CM_ROLE_WORSE ? " worse"
           : r == CM_ROLE_MUTED ? " muted"
                                : "";
}

static void cell(FILE *fp, const cm_table *t, size_t r, size_t k)
{
    const cm_cell *c = cm_cell_at(t, r, k);
    const cm_column *col = &t->cols[k];
    bool head = t->row_headers && k == 0;
    bool right = col->align == CM_ALIGN_RIGHT || (numeric(col) && col->align != CM_ALIGN_CENTRE);
    fprintf(fp, "<%s%s class=\"%s%s%s%s%s\"", head ? "th" : "td", head ? " scope=\"row\"" : "",
            right ? "r" : col->align == CM_ALIGN_CENTRE ? "c" : "l", role_class(c->role),
            c->bold ? " b" : "", c->indent > 0 ? " indent" : "", col->small ? " small" : "");
    if (c->has_value)
        fprintf(fp, " data-value=\"%.*f\"", c->decimals > 0 ? c->decimals + 2 : 2, c->value);
    fputc('>', fp);
    html_icon(fp, c->icon);
    if (c->suppressed)
        fputs("<abbr title=\"suppressed: a small number\">" DISCLOSURE_MARK "</abbr>", fp);
    else
        html_lines(fp, c->text);
    fprintf(fp, "</%s>", head ? "th" : "td");
}

static void header(FILE *fp, const cm_table *t)
{
    fputs("<thead>", fp);
    if (t->ngroups > 0) {
        fputs("<tr>", fp);
        size_t k = 0;
        for (size_t g = 0; g < t->ngroups; g++) {
            for (; k < t->groups[g].first && k < t->ncols; k++)
                fputs("<td></td>", fp);
            fprintf(fp, "<th scope=\"colgroup\" colspan=\"%zu\" class=\"c\">", t->groups[g].count);
            html_esc(fp, t->groups[g].text);
            fputs("</th>", fp);
            k = t->groups[g].first + t->groups[g].count;
        }
        for (; k < t->ncols; k++)
            fputs("<td></td>", fp);
        fputs("</tr>", fp);
    }
    fputs("<tr>", fp);
    for (size_t k = 0; k < t->ncols; k++) {
        const cm_column *col = &t->cols[k];
        bool right = col->align == CM_ALIGN_RIGHT || numeric(col);
        fprintf(fp, "<th scope=\"col\" class=\"%s\">", right ? "r" : "l");
        html_lines(fp, col->header && *col->header ? col->header : " ");
        fputs("</th>", fp);
    }
    fputs("</tr></thead>", fp);
}

void html_scroll_open(FILE *fp, const char *label)
{
    fputs("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"", fp);
    html_esc(fp, label && *label ? label : "Table");
    fputs("\">", fp);
}

void html_table(FILE *fp, const cm_table *t, const char *cls, const char *caption,
                const char *heading)
{
    if (!t || t->ncols == 0)
        return;
    const char *cap = t->caption && *t->caption ? t->caption : caption;
    html_scroll_open(fp, cap);
    fprintf(fp, "<table class=\"%s\">", cls);
    if (cap && *cap) {
        fputs(heading && strcmp(heading, cap) == 0 ? "<caption class=\"sr-only\">" : "<caption>",
              fp);
        html_esc(fp, cap);
        fputs("</caption>", fp);
    }
    header(fp, t);
    fputs("<tbody>", fp);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs("<tr>", fp);
        for (size_t k = 0; k < t->ncols; k++)
            cell(fp, t, r, k);
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div>\n", fp);
}
