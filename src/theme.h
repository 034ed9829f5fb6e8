/* theme.h - the house look of every pack, whatever the format: one table of colour roles (the NHS
 * identity colours, the Making Data Count signal colours, chart and workbook shades) and the
 * font the PDF embeds. Renderers name a role; only this table knows its value. */
#ifndef BP_THEME_H
#define BP_THEME_H

#include <stdbool.h>
#include <stdint.h>

/* Every colour role, once: X(ROLE, KIND, 0xRRGGBB, what it is for). KIND says how the role is
 * used: TEXT (drawn as text on white or a pale fill, so it must keep a 4.5:1 contrast), LINE or
 * FILL. A role that shares its value with an earlier one by design names that role's
 * THEME_HEX_ constant, so each value is written once. */
#define THEME_COLOURS(X)                                                                           \
    /* NHS identity and text */                                                                    \
    X(NHS_BLUE, TEXT, 0x005EB8, "the accent: cover band, heading rules, titles, funnel centre")    \
    X(TEXT, TEXT, 0x212B32, "body text, tick labels, values")                                      \
    X(MUTED, TEXT, 0x4C6272, "secondary text: captions, footers, axis titles, no data")            \
    X(AXIS, LINE, 0x768692, "axis lines and ticks; control limits in the workbook charts")         \
    X(GRID, LINE, 0xD8DDE0, "gridlines, table and footer rules")                                   \
    X(PALE, FILL, 0xF0F4F5, "pale shading: table stripes, tiles, heat-map bands")                  \
    X(WHITE, FILL, 0xFFFFFF, "paper, and text on dark fills")                                      \
    X(BLACK, LINE, 0x000000, "mixed into a colour to darken marker and bar edges")                 \
    /* Making Data Count: variation and assurance */                                               \
    X(IMPROVEMENT, FILL, 0x289DE0, "special cause improvement, assurance pass (blue)")             \
    X(CONCERN, FILL, 0xFAB428, "special cause concern, assurance fail (orange)")                   \
    X(NEUTRAL, FILL, 0x361475, "special cause, neither better nor worse (purple)")                 \
    X(COMMON, FILL, 0xA6A6A6, "common cause, hit and miss (grey)")                                 \
    X(COMMON_POINT, FILL, 0x7F7F7F, "common-cause points: darker than COMMON to read on white")    \
    /* better or worse than a target or a baseline, in table cells */                              \
    X(BETTER, TEXT, 0x007F3B, "better, improved (NHS green)")                                      \
    X(WORSE, TEXT, 0xD5281B, "worse (NHS red)")                                                    \
    /* SPC charts and funnel plots */                                                              \
    X(SPC_VALUE, LINE, 0x425563, "the data line (NHS dark grey)")                                  \
    X(SPC_CENTRE, LINE, THEME_HEX_TEXT, "centre lines")                                            \
    X(SPC_LIMIT, LINE, 0x5E6F7C, "3-sigma limits, dashed")                                         \
    X(SPC_SIGMA2, LINE, 0x9AA6AF, "2-sigma lines, dotted")                                         \
    X(SPC_TARGET, TEXT, THEME_HEX_NHS_BLUE, "target lines and their labels")                       \
    X(SPC_AIM, TEXT, 0x006747, "aim lines and their labels (NHS dark green)")                      \
    X(SPC_PHASE, LINE, THEME_HEX_MUTED, "phase-change lines")                                      \
    X(SPC_NOTE, FILL, 0x003087, "numbered note markers (NHS dark blue)")                           \
    X(FUNNEL_95, LINE, 0x4C8DCC, "funnel plot 95% limits")                                         \
    X(FUNNEL_998, LINE, THEME_HEX_TEXT, "funnel plot 99.8% limits")                                \
    /* grouped bars: a fill per group (each with its own hatch) */                                 \
    X(BAR_1, FILL, THEME_HEX_NHS_BLUE, "first bar group")                                          \
    X(BAR_2, FILL, 0xA9CBEB, "second bar group (light blue)")                                      \
    X(BAR_3, FILL, 0x002F5F, "third bar group (navy)")                                             \
    X(BAR_4, FILL, 0x41B6E6, "fourth bar group (NHS light blue)")                                  \
    X(BAR_5, FILL, THEME_HEX_AXIS, "fifth bar group")                                              \
    X(BAR_6, FILL, 0xE8EDEE, "sixth bar group (NHS pale grey)")                                    \
    /* heat maps and stacked distributions: a blue scale, light to dark */                         \
    X(HEAT_1, FILL, 0xEFF5FB, "lowest value")                                                      \
    X(HEAT_2, FILL, THEME_HEX_BAR_2, "second stop")                                                \
    X(HEAT_3, FILL, 0x3F87C9, "third stop")                                                        \
    X(HEAT_4, FILL, 0x08306B, "highest value")                                                     \
    X(HEAT_MISSING, LINE, 0xB8C2C8, "hatching of a cell without data")                             \
    X(HEAT_BAND, FILL, 0xE3EBF4, "every other group band (the others are PALE)")                   \
    /* the workbook: Excel's own Good, Bad and Neutral cell styles and its 3-colour scale */       \
    X(SHEET_TARGET, LINE, THEME_HEX_WORSE, "target series of the workbook charts")                 \
    X(SHEET_GOOD_FILL, FILL, 0xC6EFCE, "KPI tick, better than baseline")                           \
    X(SHEET_GOOD_TEXT, TEXT, 0x006100, "text on SHEET_GOOD_FILL")                                  \
    X(SHEET_BAD_FILL, FILL, 0xFFC7CE, "KPI cross, worse than baseline")                            \
    X(SHEET_BAD_TEXT, TEXT, 0x9C0006, "text on SHEET_BAD_FILL")                                    \
    X(SHEET_NA_FILL, FILL, 0xFFEB9C, "KPI within tolerance (amber)")                               \
    X(SHEET_NA_TEXT, TEXT, 0x9C5700, "text on SHEET_NA_FILL")                                      \
    X(SCALE_LOW, FILL, 0xF8696B, "colour scale: lowest score (red)")                               \
    X(SCALE_MID, FILL, 0xFFEB84, "colour scale: middle score (yellow)")                            \
    X(SCALE_HIGH, FILL, 0x63BE7B, "colour scale: highest score (green)")

/* The roles: THEME_NHS_BLUE, THEME_TEXT, ... */
typedef enum {
#define THEME_ROLE_ENUM(role, kind, hex, use) THEME_##role,
    THEME_COLOURS(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
        THEME__COUNT
} theme_colour;

/* THEME_HEX_TEXT, ...: theme_hex(THEME_TEXT) as a constant expression (0xRRGGBB), for static
 * initialisers and for the drawing code, which works in 0xRRGGBB values. */
enum {
#define THEME_HEX_ENUM(role, kind, hex, use) THEME_HEX_##role = (hex),
    THEME_COLOURS(THEME_HEX_ENUM)
#undef THEME_HEX_ENUM
};

typedef enum { THEME_KIND_TEXT, THEME_KIND_LINE, THEME_KIND_FILL } theme_kind;

/* A colour as libharu and cairo take it: each channel 0..1. */
typedef struct {
    double r, g, b;
} theme_rgb_value;

/* A role outside the table gives black (0x000000, {0, 0, 0}, "#000000"), kind FILL, name "". */

/* 0xRRGGBB, as libxlsxwriter's lxw_color_t takes it. */
uint32_t theme_hex(theme_colour c);
/* Each channel of theme_hex(c) divided by 255. */
theme_rgb_value theme_rgb(theme_colour c);

#define THEME_CSS_HEX_SIZE 8 /* "#rrggbb" and its terminating NUL */
/* "#rrggbb" (lower case) into buf, which it returns: for CSS. */
const char *theme_css_hex(theme_colour c, char buf[THEME_CSS_HEX_SIZE]);

theme_kind theme_colour_kind(theme_colour c);
/* The role's name as in the table: "NHS_BLUE", "TEXT", ... (for messages and CSS names). */
const char *theme_name(theme_colour c);

/* The font: DejaVu Sans, whose two faces the PDF embeds from the font directory. */
#define THEME_FONT_FAMILY "DejaVu Sans"
#define THEME_FONT_REGULAR_FILE "DejaVuSans.ttf"
#define THEME_FONT_BOLD_FILE "DejaVuSans-Bold.ttf"

#endif
