/* html_svg.c - chart blocks as inline SVG for the HTML pack: SPC charts, small multiples,
 * grouped bars, heat maps, funnel plots, stacked distributions, tiles and the indicator strip.
 * Each is a <figure> with an SVG titled and described for screen readers and, under it, the
 * numbers drawn as a table, so that nothing is carried by the picture alone. */
#include "html_svg.h"
#include "disclosure.h"
#include "html_table.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define EN_DASH "\xE2\x80\x93"

/* The PDF's colours, from the theme: data line, centre, limits, target, aim and the point
 * kinds; text in the SVG is dark grey on white (contrast above 4.5:1). */
#define C_VALUE html_colour(THEME_SPC_VALUE)
#define C_CENTRE html_colour(THEME_SPC_CENTRE)
#define C_LIMIT html_colour(THEME_SPC_LIMIT)
#define C_TARGET html_colour(THEME_SPC_TARGET)
#define C_AIM html_colour(THEME_SPC_AIM)
#define C_AXIS html_colour(THEME_AXIS)
#define C_GRID html_colour(THEME_GRID)
#define C_TEXT html_colour(THEME_TEXT)
#define C_WHITE html_colour(THEME_WHITE)

typedef struct {
    double x0, x1, y0, y1; /* the plot area in SVG units (y0 the top) */
    double lo, hi;         /* the y range */
    double xlo, xhi;       /* the x range */
} frame;

static double fy(const frame *f, double v)
{
    double span = f->hi - f->lo;
    return span > 0 ? f->y1 - (v - f->lo) / span * (f->y1 - f->y0) : (f->y0 + f->y1) / 2;
}

static double fx(const frame *f, double v)
{
    double span = f->xhi - f->xlo;
    return span > 0 ? f->x0 + (v - f->xlo) / span * (f->x1 - f->x0) : (f->x0 + f->x1) / 2;
}

static void grow(bool *any, double *lo, double *hi, double v)
{
    if (!isfinite(v))
        return;
    if (!*any || v < *lo)
        *lo = v;
    if (!*any || v > *hi)
        *hi = v;
    *any = true;
}

/* A step of 1, 2 or 5 times a power of ten giving about five ticks. */
static double nice_step(double span)
{
    if (!(span > 0))
        return 1;
    double raw = span / 5, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static int step_decimals(double step)
{
    int d = 0;
    while (d < 4 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9)
        d++;
    return d;
}

static void pad_range(double *lo, double *hi)
{
    if (*hi - *lo < 1e-12) {
        double m = fabs(*lo) > 0 ? fabs(*lo) * 0.1 : 1;
        *lo -= m;
        *hi += m;
    }
    double step = nice_step(*hi - *lo);
    *lo = floor(*lo / step) * step;
    *hi = ceil(*hi / step) * step;
}

static void y_axis(FILE *fp, const frame *f, const char *suffix, const char *title)
{
    double step = nice_step(f->hi - f->lo);
    int dec = step_decimals(step);
    for (double v = f->lo; v <= f->hi + step * 1e-6; v += step) {
        double y = fy(f, v);
        fprintf(fp,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/><text "
                "x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%.*f%s</text>",
                f->x0, y, f->x1, y, C_GRID, f->x0 - 4, y + 3.5, dec, v, suffix ? suffix : "");
    }
    if (title && *title) {
        fprintf(fp, "<text transform=\"translate(12 %.1f) rotate(-90)\" text-anchor=\"middle\" "
                    "class=\"axis\">",
                (f->y0 + f->y1) / 2);
        html_esc(fp, title);
        fputs("</text>", fp);
    }
    fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", f->x0,
            f->y1, f->x1, f->y1, C_AXIS);
}

static void svg_open(FILE *fp, unsigned id, double w, double h, const char *title,
                     const char *desc)
{
    fprintf(fp,
            "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"ch%u-t ch%u-d\" "
            "preserveAspectRatio=\"xMinYMin meet\"><title id=\"ch%u-t\">",
            w, h, id, id, id);
    html_esc(fp, title && *title ? title : "Chart");
    fprintf(fp, "</title><desc id=\"ch%u-d\">", id);
    html_esc(fp, desc && *desc ? desc : "The numbers are in the table below the chart.");
    fputs("</desc>", fp);
}

/* ---- shapes of the point kinds: circle, diamond, square, triangle (not colour alone) ---- */

static void marker(FILE *fp, double x, double y, chart_point_kind k, bool hollow)
{
    const char *fill = html_colour(k == CHART_POINT_IMPROVEMENT ? THEME_IMPROVEMENT
                                   : k == CHART_POINT_CONCERN   ? THEME_CONCERN
                                   : k == CHART_POINT_NEUTRAL   ? THEME_NEUTRAL
                                                                : THEME_COMMON);
    char style[80];
    if (hollow)
        snprintf(style, sizeof(style), "fill=\"%s\" stroke=\"%s\"", C_WHITE, C_VALUE);
    else
        snprintf(style, sizeof(style), "fill=\"%s\" stroke=\"%s\" stroke-width=\"0.5\"", fill,
                 C_CENTRE);
    if (k == CHART_POINT_IMPROVEMENT)
        fprintf(fp, "<path d=\"M%.1f %.1fl4 4l-4 4l-4 -4z\" %s/>", x, y - 4, style);
    else if (k == CHART_POINT_CONCERN)
        fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" %s/>", x - 3.5, y - 3.5,
                style);
    else if (k == CHART_POINT_NEUTRAL)
        fprintf(fp, "<path d=\"M%.1f %.1fl4 7h-8z\" %s/>", x, y - 4, style);
    else
        fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" %s/>", x, y, style);
}


/* ---- SPC ---------------------------------------------------------------------------------- */

/* A line through the points that have it, broken at gaps and at phase changes. */
static void spc_path(FILE *fp, const frame *f, const chart_spc_data *d, int which,
                     const char *colour, const char *dash)
{
    bool open = false;
    int phase = 0;
    for (size_t i = 0; i < d->n; i++) {
        const chart_spc_point *p = &d->pts[i];
        bool has = which == 0   ? p->has_value
                   : which == 1 ? p->has_centre
                   : which == 2 ? p->has_lcl
                                : p->has_ucl;
        double v = which == 0 ? p->value : which == 1 ? p->centre : which == 2 ? p->lcl : p->ucl;
        if (open && (!has || p->phase != phase)) {
            fputs("\"/>", fp);
            open = false;
        }
        if (!has)
            continue;
        double x = fx(f, (double)i), y = fy(f, v);
        if (!open) {
            fprintf(fp, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"M%.1f %.1f",
                    colour, which == 0 ? "1.5" : "1", dash, x, y);
            open = true;
            phase = p->phase;
        } else {
            fprintf(fp, " L%.1f %.1f", x, y);
        }
    }
    if (open)
        fputs("\"/>", fp);
}

static void ref_line(FILE *fp, const frame *f, double v, const char *colour, const char *dash,
                     const char *label)
{
    double y = fy(f, v);
    fprintf(fp,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"1.2\" stroke-dasharray=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" "
            "class=\"tick\" fill=\"%s\">",
            f->x0, y, f->x1, y, colour, dash, f->x1 + 4, y + 3.5, colour);
    html_esc(fp, label);
    fputs("</text>", fp);
}

static void spc_svg(FILE *fp, const chart_spc_data *d, unsigned id, double w, double h,
                    const char *desc)
{
    frame f = {.x0 = 52, .x1 = w - 92, .y0 = 14, .y1 = h - 40, .xlo = 0,
               .xhi = d->n > 1 ? (double)(d->n - 1) : 1};
    bool any = false;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < d->n; i++) {
        const chart_spc_point *p = &d->pts[i];
        if (p->has_value)
            grow(&any, &lo, &hi, p->value);
        if (p->has_centre)
            grow(&any, &lo, &hi, p->centre);
        if (p->has_lcl)
            grow(&any, &lo, &hi, p->lcl);
        if (p->has_ucl)
            grow(&any, &lo, &hi, p->ucl);
    }
    if (d->has_target)
        grow(&any, &lo, &hi, d->target);
    if (d->has_aim)
        grow(&any, &lo, &hi, d->aim);
    if (d->has_y_range) {
        grow(&any, &lo, &hi, d->y_min);
        grow(&any, &lo, &hi, d->y_max);
    }
    pad_range(&lo, &hi);
    f.lo = lo;
    f.hi = hi;
    svg_open(fp, id, w, h, d->title, desc);
    y_axis(fp, &f, d->tick_suffix, d->y_title);
    size_t every = d->n > 12 ? (d->n + 11) / 12 : 1;
    for (size_t i = 0; i < d->n; i++) {
        const chart_spc_point *p = &d->pts[i];
        if (i % every != 0 && !(p->year_start && every <= 2))
            continue;
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick%s\">",
                fx(&f, (double)i), f.y1 + 14, p->year_start ? " strong" : "");
        html_esc(fp, p->label);
        fputs("</text>", fp);
    }
    spc_path(fp, &f, d, 2, C_LIMIT, " stroke-dasharray=\"4 3\"");
    spc_path(fp, &f, d, 3, C_LIMIT, " stroke-dasharray=\"4 3\"");
    spc_path(fp, &f, d, 1, C_CENTRE, "");
    if (d->has_target)
        ref_line(fp, &f, d->target, C_TARGET, "6 2 1 2",
                 d->target_label ? d->target_label : "Target");
    if (d->has_aim)
        ref_line(fp, &f, d->aim, C_AIM, "9 3", d->aim_label ? d->aim_label : "Aim");
    spc_path(fp, &f, d, 0, C_VALUE, "");
    for (size_t i = 0; i < d->n; i++)
        if (d->pts[i].has_value)
            marker(fp, fx(&f, (double)i), fy(&f, d->pts[i].value), d->pts[i].kind,
                   d->pts[i].excluded);
    fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">", f.x0, h - 8);
    fprintf(fp, "%s (line and points); %s (solid); control limits (dashed)%s%s",
            d->value_name ? d->value_name : "Value", d->centre_name ? d->centre_name : "Mean",
            d->has_target ? "; target (dash-dot)" : "", d->has_aim ? "; aim (long dashes)" : "");
    fputs("</text></svg>", fp);
}

static void spc_data(FILE *fp, const chart_spc_data *d)
{
    html_scroll_open(fp, "The numbers in this chart");
    fputs("<table class=\"chart-data\"><caption>The numbers in this "
          "chart</caption><thead><tr><th scope=\"col\" class=\"l\">Month</th><th scope=\"col\" "
          "class=\"r\">Value</th><th scope=\"col\" class=\"r\">",
          fp);
    html_esc(fp, d->centre_name ? d->centre_name : "Mean");
    fputs("</th><th scope=\"col\" class=\"r\">Lower limit</th><th scope=\"col\" class=\"r\">Upper "
          "limit</th><th scope=\"col\" class=\"l\">Signal</th></tr></thead><tbody>",
          fp);
    for (size_t i = 0; i < d->n; i++) {
        const chart_spc_point *p = &d->pts[i];
        fputs("<tr><th scope=\"row\" class=\"l\">", fp);
        html_esc(fp, p->label);
        fputs("</th>", fp);
        if (p->has_value)
            fprintf(fp, "<td class=\"r\">%.4g</td>", p->value);
        else
            fputs("<td class=\"r\">" EN_DASH "</td>", fp);
        const double v[3] = {p->centre, p->lcl, p->ucl};
        const bool has[3] = {p->has_centre, p->has_lcl, p->has_ucl};
        for (int k = 0; k < 3; k++) {
            if (has[k])
                fprintf(fp, "<td class=\"r\">%.4g</td>", v[k]);
            else
                fputs("<td class=\"r\">" EN_DASH "</td>", fp);
        }
        fprintf(fp, "<td class=\"l\">%s</td></tr>\n",
                p->has_value ? chart_point_label(p->kind) : EN_DASH);
    }
    fputs("</tbody></table></div>", fp);
}

static void data_details(FILE *fp, const char *summary)
{
    fprintf(fp, "<details><summary>%s</summary>", summary);
}

/* The numbers of a chart as a table in a disclosure: a corner header (NULL: none), a column
 * per name, then rows opened with data_row. */
static void data_head(FILE *fp, const char *corner, const char *const *cols, size_t n)
{
    data_details(fp, "The numbers in this chart");
    html_scroll_open(fp, "The numbers in this chart");
    fputs("<table class=\"chart-data\"><caption>The numbers in this chart</caption><thead><tr>",
          fp);
    if (corner) {
        fputs("<th scope=\"col\" class=\"l\">", fp);
        html_esc(fp, corner);
        fputs("</th>", fp);
    } else {
        fputs("<td></td>", fp);
    }
    for (size_t k = 0; k < n; k++) {
        fputs("<th scope=\"col\" class=\"r\">", fp);
        html_esc(fp, cols[k]);
        fputs("</th>", fp);
    }
    fputs("</tr></thead><tbody>", fp);
}

static void data_row(FILE *fp, const char *label)
{
    fputs("<tr><th scope=\"row\" class=\"l\">", fp);
    html_esc(fp, label);
    fputs("</th>", fp);
}

static void data_tail(FILE *fp)
{
    fputs("</tbody></table></div></details>", fp);
}

static void chart_spc(FILE *fp, const cm_chart *ch, unsigned id)
{
    spc_svg(fp, &ch->spec.spc, id, 720, 300, ch->description);
    data_details(fp, "The numbers in this chart");
    spc_data(fp, &ch->spec.spc);
    fputs("</details>", fp);
}

static void chart_multiples(FILE *fp, const cm_chart *ch, unsigned id)
{
    const chart_multiples_data *m = &ch->spec.multiples;
    fputs("<div class=\"panels\">", fp);
    for (size_t i = 0; i < m->n; i++) {
        const chart_spc_data *p = &m->panels[i];
        fputs("<div class=\"panel\"><p class=\"panel-title\">", fp);
        html_esc(fp, p->title);
        fputs("</p>", fp);
        spc_svg(fp, p, id * 1000 + (unsigned)i + 1, 420, 240, NULL);
        data_details(fp, "The numbers");
        spc_data(fp, p);
        fputs("</details></div>", fp);
    }
    fputs("</div>", fp);
}

/* ---- grouped bars ------------------------------------------------------------------------- */

static void cell_text(FILE *fp, const chart_cell *c, int decimals)
{
    if (c->suppressed)
        fputs("<abbr title=\"suppressed: a small number\">" DISCLOSURE_MARK "</abbr>", fp);
    else if (c->has_value)
        fprintf(fp, "%.*f", decimals, c->value);
    else
        fputs(EN_DASH, fp);
}

static const theme_colour series_colours[6] = {THEME_BAR_1, THEME_BAR_2, THEME_BAR_3,
                                               THEME_BAR_4, THEME_BAR_5, THEME_BAR_6};

static void chart_bars(FILE *fp, const cm_chart *ch, unsigned id)
{
    const chart_bars_data *b = &ch->spec.bars;
    size_t ng = b->ngroups < 6 ? b->ngroups : 6;
    double w = 720, h = 300;
    frame f = {.x0 = 52, .x1 = w - 20, .y0 = 14, .y1 = h - 60, .lo = 0, .hi = 0};
    bool any = false;
    double lo = 0, hi = 0;
    grow(&any, &lo, &hi, 0);
    for (size_t i = 0; i < b->ncategories * b->ngroups; i++)
        if (b->cells[i].has_value && !b->cells[i].suppressed)
            grow(&any, &lo, &hi, b->cells[i].value);
    pad_range(&lo, &hi);
    f.lo = 0;
    f.hi = hi;
    svg_open(fp, id, w, h, b->title, ch->description);
    y_axis(fp, &f, NULL, b->y_title);
    double cw = b->ncategories ? (f.x1 - f.x0) / (double)b->ncategories : 0;
    double bw = ng ? cw * 0.8 / (double)ng : 0;
    for (size_t c = 0; c < b->ncategories; c++) {
        for (size_t g = 0; g < ng; g++) {
            const chart_cell *v = &b->cells[c * b->ngroups + g];
            if (!v->has_value || v->suppressed)
                continue;
            double val = v->value > 0 ? v->value : 0, y = fy(&f, val);
            fprintf(fp,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                    f.x0 + (double)c * cw + cw * 0.1 + (double)g * bw, y, bw * 0.92, f.y1 - y,
                    html_colour(series_colours[g]));
        }
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
                f.x0 + ((double)c + 0.5) * cw, f.y1 + 14);
        html_esc(fp, b->categories[c]);
        fputs("</text>", fp);
    }
    for (size_t g = 0; g < ng; g++) {
        double x = f.x0 + (double)g * 110;
        fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>", x,
                h - 26, html_colour(series_colours[g]));
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">", x + 14, h - 17);
        html_esc(fp, b->groups[g]);
        fputs("</text>", fp);
    }
    fputs("</svg>", fp);
    data_head(fp, NULL, b->groups, b->ngroups);
    for (size_t c = 0; c < b->ncategories; c++) {
        data_row(fp, b->categories[c]);
        for (size_t g = 0; g < b->ngroups; g++) {
            fputs("<td class=\"r\">", fp);
            cell_text(fp, &b->cells[c * b->ngroups + g], b->decimals);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    data_tail(fp);
}

/* ---- heat map: a table whose cells are shaded, the number always printed ------------------ */

static void chart_heatmap(FILE *fp, const cm_chart *ch, unsigned id)
{
    const chart_heatmap_data *m = &ch->spec.heatmap;
    (void)id;
    html_scroll_open(fp, m->title && *m->title ? m->title : ch->description);
    fputs("<table class=\"heatmap\"><caption>", fp);
    html_esc(fp, m->title && *m->title ? m->title : ch->description);
    fputs("</caption><thead>", fp);
    if (m->ngroups > 0) {
        fputs("<tr><td></td>", fp);
        size_t k = 0;
        for (size_t g = 0; g < m->ngroups; g++) {
            for (; k < m->groups[g].first; k++)
                fputs("<td></td>", fp);
            fprintf(fp, "<th scope=\"colgroup\" colspan=\"%zu\" class=\"c\">", m->groups[g].count);
            html_esc(fp, m->groups[g].label);
            fputs("</th>", fp);
            k = m->groups[g].first + m->groups[g].count;
        }
        fputs("</tr>", fp);
    }
    fputs("<tr><td></td>", fp);
    for (size_t k = 0; k < m->ncols; k++) {
        fputs("<th scope=\"col\" class=\"c\">", fp);
        html_esc(fp, m->cols[k]);
        fputs("</th>", fp);
    }
    fputs("</tr></thead><tbody>", fp);
    double span = m->scale_max - m->scale_min;
    for (size_t r = 0; r < m->nrows; r++) {
        fputs("<tr><th scope=\"row\" class=\"l\">", fp);
        html_esc(fp, m->rows[r]);
        fputs("</th>", fp);
        for (size_t k = 0; k < m->ncols; k++) {
            const chart_cell *c = &m->cells[r * m->ncols + k];
            if (c->has_value && !c->suppressed) {
                double t = span > 0 ? (c->value - m->scale_min) / span : 0;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                /* a swatch from white to NHS blue beside the number, which carries the value:
                 * text on a mid-blue fill could not reach 4.5:1 in either black or white */
                theme_rgb_value hi = theme_rgb(THEME_NHS_BLUE);
                int rr = (int)lround(255 * (1 - t + t * hi.r)),
                    gg = (int)lround(255 * (1 - t + t * hi.g)),
                    bb = (int)lround(255 * (1 - t + t * hi.b));
                fprintf(fp, "<td class=\"c\"><span class=\"sw\" style=\"background:#%02x%02x%02x\">"
                            "</span>",
                        rr, gg, bb);
                fprintf(fp, "%.*f%s", m->decimals, c->value, m->tick_suffix ? m->tick_suffix : "");
            } else {
                fputs("<td class=\"c muted\">", fp);
                cell_text(fp, c, m->decimals);
            }
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div>", fp);
}

/* ---- funnel ------------------------------------------------------------------------------- */

static void chart_funnel(FILE *fp, const cm_chart *ch, unsigned id)
{
    const chart_funnel_data *d = &ch->spec.funnel;
    double w = 720, h = 340;
    frame f = {.x0 = 60, .x1 = w - 30, .y0 = 14, .y1 = h - 54, .xlo = 0};
    bool any = false;
    double lo = 0, hi = 0, xhi = d->has_range ? d->x_max : 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->pts[i].has_value)
            grow(&any, &lo, &hi, d->pts[i].value);
        xhi = d->pts[i].denominator > xhi ? d->pts[i].denominator : xhi;
    }
    if (d->has_centre)
        grow(&any, &lo, &hi, d->centre);
    if (d->has_range) {
        grow(&any, &lo, &hi, d->y_min);
        grow(&any, &lo, &hi, d->y_max);
    }
    pad_range(&lo, &hi);
    f.lo = lo;
    f.hi = hi;
    f.xhi = xhi > 0 ? xhi * 1.05 : 1;
    svg_open(fp, id, w, h, d->title, ch->description);
    y_axis(fp, &f, d->tick_suffix, d->y_title);
    double step = nice_step(f.xhi);
    for (double v = 0; v <= f.xhi + 1e-9; v += step)
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">%.0f</text>",
                fx(&f, v), f.y1 + 14, v);
    if (d->x_title) {
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"axis\">",
                (f.x0 + f.x1) / 2, f.y1 + 30);
        html_esc(fp, d->x_title);
        fputs("</text>", fp);
    }
    const double *curves[4] = {d->lo95, d->hi95, d->lo998, d->hi998};
    for (int k = 0; k < 4; k++) {
        const double *y = curves[k];
        bool open = false;
        for (size_t i = 0; y && i < d->nlimits; i++) {
            bool in = isfinite(y[i]) && y[i] >= f.lo && y[i] <= f.hi;
            if (!in) {
                if (open)
                    fputs("\"/>", fp);
                open = false;
                continue;
            }
            if (!open)
                fprintf(fp, "<path fill=\"none\" stroke=\"%s\" %s d=\"M%.1f %.1f",
                        html_colour(k < 2 ? THEME_FUNNEL_95 : THEME_FUNNEL_998),
                        k < 2 ? "stroke-dasharray=\"4 3\"" : "stroke-width=\"1.2\"",
                        fx(&f, d->limit_x[i]), fy(&f, y[i]));
            else
                fprintf(fp, " L%.1f %.1f", fx(&f, d->limit_x[i]), fy(&f, y[i]));
            open = true;
        }
        if (open)
            fputs("\"/>", fp);
    }
    if (d->has_centre)
        fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", f.x0,
                fy(&f, d->centre), f.x1, fy(&f, d->centre), html_colour(THEME_NHS_BLUE));
    for (size_t i = 0; i < d->n; i++) {
        const chart_funnel_point *p = &d->pts[i];
        if (!p->has_value)
            continue;
        double x = fx(&f, p->denominator), y = fy(&f, p->value);
        marker(fp, x, y, p->kind, false);
        if (p->label_it) {
            fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">", x + 6, y - 4);
            html_esc(fp, p->label);
            fputs("</text>", fp);
        }
    }
    fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">Centre line (solid); 95%% limits "
                "(dashed); 99.8%% limits (solid grey)</text></svg>",
            f.x0, h - 6);
}

/* ---- stacked distribution ----------------------------------------------------------------- */

static const theme_colour level_colours[8] = {THEME_BAR_6, THEME_HEAT_2, THEME_AXIS,
                                              THEME_BAR_4, THEME_NHS_BLUE, THEME_SPC_NOTE,
                                              THEME_TEXT, THEME_NEUTRAL};

static void chart_stacked(FILE *fp, const cm_chart *ch, unsigned id)
{
    const chart_stacked_data *s = &ch->spec.stacked;
    double w = 720, h = 300;
    frame f = {.x0 = 52, .x1 = w - 110, .y0 = 14, .y1 = h - 40, .lo = 0};
    double hi = 0;
    for (size_t p = 0; p < s->nperiods; p++) {
        double t = 0;
        for (size_t l = 0; l < s->nlevels; l++) {
            double c = s->counts[p * s->nlevels + l];
            t += isfinite(c) && c > 0 ? c : 0;
        }
        hi = t > hi ? t : hi;
    }
    double lo = 0;
    pad_range(&lo, &hi);
    f.hi = hi;
    svg_open(fp, id, w, h, s->title, ch->description);
    y_axis(fp, &f, NULL, s->y_title);
    double cw = s->nperiods ? (f.x1 - f.x0) / (double)s->nperiods : 0;
    size_t every = s->nperiods > 12 ? (s->nperiods + 11) / 12 : 1;
    for (size_t p = 0; p < s->nperiods; p++) {
        double base = 0;
        for (size_t l = 0; l < s->nlevels && !(s->missing && s->missing[p]); l++) {
            double c = s->counts[p * s->nlevels + l];
            c = isfinite(c) && c > 0 ? c : 0;
            double y0 = fy(&f, base), y1 = fy(&f, base + c);
            fprintf(fp,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                    "stroke=\"%s\" stroke-width=\"0.5\"/>",
                    f.x0 + (double)p * cw + cw * 0.1, y1, cw * 0.8, y0 - y1,
                    html_colour(level_colours[l % 8]), C_WHITE);
            base += c;
        }
        if (p % every == 0) {
            fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
                    f.x0 + ((double)p + 0.5) * cw, f.y1 + 14);
            html_esc(fp, s->periods[p]);
            fputs("</text>", fp);
        }
    }
    for (size_t l = 0; l < s->nlevels; l++) {
        double y = f.y1 - (double)(l + 1) * 16;
        fprintf(fp,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\" "
                "stroke=\"%s\" stroke-width=\"0.5\"/><text x=\"%.1f\" y=\"%.1f\" "
                "class=\"tick\">",
                f.x1 + 12, y, html_colour(level_colours[l % 8]), C_AXIS, f.x1 + 26, y + 9);
        html_esc(fp, s->levels[l]);
        fputs("</text>", fp);
    }
    fputs("</svg>", fp);
    data_head(fp, "Period", s->levels, s->nlevels);
    for (size_t p = 0; p < s->nperiods; p++) {
        data_row(fp, s->periods[p]);
        for (size_t l = 0; l < s->nlevels; l++) {
            double c = s->counts[p * s->nlevels + l];
            if (s->missing && s->missing[p])
                fputs("<td class=\"r\">" EN_DASH "</td>", fp);
            else
                fprintf(fp, "<td class=\"r\">%.0f</td>", isfinite(c) && c > 0 ? c : 0);
        }
        fputs("</tr>\n", fp);
    }
    data_tail(fp);
}

/* ---- tiles and strip: words first, icons beside them ------------------------------------- */

static void chart_tiles(FILE *fp, const cm_chart *ch, unsigned id)
{
    const chart_tiles_data *t = &ch->spec.tiles;
    (void)id;
    fputs("<ul class=\"tiles\">", fp);
    for (size_t i = 0; i < t->n; i++) {
        const chart_tile_data *tl = &t->tiles[i];
        fputs("<li class=\"tile\"><p class=\"tile-value\">", fp);
        html_esc(fp, tl->value);
        fputs("</p><p class=\"tile-label\">", fp);
        html_esc(fp, tl->label);
        fputs("</p><p class=\"tile-icons\">", fp);
        html_icon(fp, (cm_icon){.kind = CM_ICON_VARIATION, .variation = tl->variation});
        html_esc(fp, chart_variation_label(tl->variation));
        if (tl->assurance != CHART_ASSURE_NONE) {
            fputs("<br>", fp);
            html_icon(fp, (cm_icon){.kind = CM_ICON_ASSURANCE, .assurance = tl->assurance});
            html_esc(fp, chart_assurance_label(tl->assurance));
        }
        fputs("</p>", fp);
        const char *under = tl->change != CHART_CHANGE_NONE ? tl->change_text : tl->note;
        if (under) {
            fputs("<p class=\"tile-note\">", fp);
            html_esc(fp, tl->change == CHART_CHANGE_UP     ? "Up: "
                         : tl->change == CHART_CHANGE_DOWN ? "Down: "
                         : tl->change == CHART_CHANGE_SAME ? "Same: "
                                                           : "");
            html_esc(fp, under);
            fputs("</p>", fp);
        }
        fputs("</li>", fp);
    }
    fputs("</ul>", fp);
}

static void chart_strip(FILE *fp, const cm_chart *ch, unsigned id)
{
    const chart_strip_data *s = &ch->spec.strip;
    (void)id;
    fputs("<div class=\"strip\"><p>", fp);
    html_icon(fp, (cm_icon){.kind = CM_ICON_VARIATION, .variation = s->variation});
    fputs("<strong>", fp);
    html_esc(fp, s->variation_text);
    fputs("</strong><br>", fp);
    html_esc(fp, s->latest_text);
    fputs("</p><p>", fp);
    html_icon(fp, (cm_icon){.kind = CM_ICON_ASSURANCE, .assurance = s->assurance});
    fputs("<strong>", fp);
    html_esc(fp, s->assurance_text);
    fputs("</strong>", fp);
    if (s->assurance_under && *s->assurance_under) {
        fputs("<br>", fp);
        html_esc(fp, s->assurance_under);
    }
    fputs("</p></div>", fp);
}

typedef void (*chart_fn)(FILE *fp, const cm_chart *ch, unsigned id);
static const chart_fn chart_fns[CM_CHART__COUNT] = {
#define HS_CHART_FN(K, k) [CM_CHART_##K] = chart_##k,
    CM_CHART_KINDS(HS_CHART_FN)
#undef HS_CHART_FN
};

void html_chart(FILE *fp, const cm_chart *ch, unsigned id)
{
    if (ch->kind >= CM_CHART__COUNT)
        return;
    bool figure = ch->kind != CM_CHART_STRIP && ch->kind != CM_CHART_TILES;
    if (figure)
        fputs("<figure>", fp);
    chart_fns[ch->kind](fp, ch, id);
    if (figure && ch->description && *ch->description) {
        fputs("<figcaption>", fp);
        html_esc(fp, ch->description);
        fputs("</figcaption>", fp);
    }
    if (ch->data) {
        data_details(fp, "The same as a table");
        html_table(fp, ch->data, "chart-data", "The numbers in this chart", NULL);
        fputs("</details>", fp);
    }
    if (figure)
        fputs("</figure>\n", fp);
}
