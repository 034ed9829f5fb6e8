/* chart_spec.c - the words that go with the Making Data Count icons, shared by every renderer
 * (keys, screen-reader text, tables) so that an icon always means the same sentence. */
#include "chart_spec.h"

const char *chart_variation_label(chart_variation v)
{
    switch (v) {
    case CHART_VAR_COMMON:
        return "Common cause variation";
    case CHART_VAR_IMPROVEMENT_HIGH:
        return "Special cause improvement (high)";
    case CHART_VAR_IMPROVEMENT_LOW:
        return "Special cause improvement (low)";
    case CHART_VAR_CONCERN_HIGH:
        return "Special cause concern (high)";
    case CHART_VAR_CONCERN_LOW:
        return "Special cause concern (low)";
    case CHART_VAR_NEITHER_HIGH:
        return "Special cause neither improvement nor concern (high)";
    case CHART_VAR_NEITHER_LOW:
        return "Special cause neither improvement nor concern (low)";
    default:
        return "";
    }
}

const char *chart_assurance_label(chart_assurance a)
{
    switch (a) {
    case CHART_ASSURE_PASS:
        return "Consistently passing the target";
    case CHART_ASSURE_FAIL:
        return "Consistently failing the target";
    case CHART_ASSURE_HIT_AND_MISS:
        return "Hit and miss: may pass or fail the target";
    default:
        return "";
    }
}

const char *chart_point_label(chart_point_kind k)
{
    return k == CHART_POINT_IMPROVEMENT ? "Improvement"
           : k == CHART_POINT_CONCERN   ? "Concern"
           : k == CHART_POINT_NEUTRAL   ? "Special cause"
           : k == CHART_POINT_COMMON    ? "Common cause"
                                        : "\xE2\x80\x93";
}
