/* content_util.c - the helpers every section builder shares: widths, suppressed cells,
 * subheadings and notes, so that each builder file holds only its sections. */
#include "content_util.h"
#include "disclosure.h"

const cm_width CB_W_AUTO = {0, 0, 0, false};
const cm_width CB_W_REST = {0, 0, 0, true};

cm_width cb_w_grow(double g)
{
    return (cm_width){0, 0, g, false};
}

cm_width cb_w_frac(double f)
{
    return (cm_width){0, f, 0, false};
}

cm_width cb_w_points(double p)
{
    return (cm_width){p, 0, 0, false};
}

void *cb_array(cb_ctx *c, size_t n, size_t size)
{
    return cm_alloc(c->d, (n ? n : 1) * size);
}

const char *cb_text(const char *s)
{
    return s ? s : "";
}

void cb_text_or_mark(cb_ctx *c, cm_table *t, size_t r, size_t k, bool hidden, const char *text)
{
    if (hidden)
        cm_cell_suppressed(t, r, k);
    else
        cm_cell_text(c->d, t, r, k, text);
}

void cb_count_or_mark(cb_ctx *c, cm_table *t, size_t r, size_t k, bool hidden, double v)
{
    if (hidden)
        cm_cell_suppressed(t, r, k);
    else
        cm_cell_count(c->d, t, r, k, v);
}

cm_heading *cb_subheading(cb_ctx *c, const char *text, size_t keep_rows)
{
    return cm_heading_add(c->d, c->sec, 2, text, keep_rows);
}

void cb_note(cb_ctx *c, const char *text)
{
    cm_note_add(c->d, c->sec, text);
}

chart_variation cb_variation(spc_variation v)
{
    switch (v) {
    case SPC_VAR_COMMON:
        return CHART_VAR_COMMON;
    case SPC_VAR_IMPROVEMENT_HIGH:
        return CHART_VAR_IMPROVEMENT_HIGH;
    case SPC_VAR_IMPROVEMENT_LOW:
        return CHART_VAR_IMPROVEMENT_LOW;
    case SPC_VAR_CONCERN_HIGH:
        return CHART_VAR_CONCERN_HIGH;
    case SPC_VAR_CONCERN_LOW:
        return CHART_VAR_CONCERN_LOW;
    case SPC_VAR_NEITHER_HIGH:
        return CHART_VAR_NEITHER_HIGH;
    case SPC_VAR_NEITHER_LOW:
        return CHART_VAR_NEITHER_LOW;
    default:
        return CHART_VAR_NONE;
    }
}

chart_assurance cb_assurance(spc_assurance a)
{
    return a == SPC_ASSURE_PASS           ? CHART_ASSURE_PASS
           : a == SPC_ASSURE_FAIL         ? CHART_ASSURE_FAIL
           : a == SPC_ASSURE_HIT_AND_MISS ? CHART_ASSURE_HIT_AND_MISS
                                          : CHART_ASSURE_NONE;
}

const char *cb_assurance_word(spc_assurance a)
{
    return a == SPC_ASSURE_PASS           ? "Pass"
           : a == SPC_ASSURE_FAIL         ? "Fail"
           : a == SPC_ASSURE_HIT_AND_MISS ? "Hit and miss"
                                          : "";
}
