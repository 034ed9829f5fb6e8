/* theme.c - the colour roles of theme.h looked up at run time: their values as 0xRRGGBB, as
 * channels 0..1 and as CSS, their kind and their name. */
#include "theme.h"

#include <stdio.h>

typedef struct {
    uint32_t hex;
    theme_kind kind;
    const char *name;
} theme_entry;

static const theme_entry theme_table[THEME__COUNT] = {
#define THEME_ENTRY(role, kind, hex, use)                                                          \
    [THEME_##role] = {THEME_HEX_##role, THEME_KIND_##kind, #role},
    THEME_COLOURS(THEME_ENTRY)
#undef THEME_ENTRY
};

static const theme_entry *entry(theme_colour c)
{
    return (unsigned)c < THEME__COUNT ? &theme_table[c] : NULL;
}

uint32_t theme_hex(theme_colour c)
{
    const theme_entry *e = entry(c);
    return e ? e->hex : 0;
}

theme_rgb_value theme_rgb(theme_colour c)
{
    uint32_t h = theme_hex(c);
    return (theme_rgb_value){(double)((h >> 16) & 0xFFu) / 255.0,
                             (double)((h >> 8) & 0xFFu) / 255.0, (double)(h & 0xFFu) / 255.0};
}

const char *theme_css_hex(theme_colour c, char buf[THEME_CSS_HEX_SIZE])
{
    snprintf(buf, THEME_CSS_HEX_SIZE, "#%06x", (unsigned)(theme_hex(c) & 0xFFFFFFu));
    return buf;
}

theme_kind theme_colour_kind(theme_colour c)
{
    const theme_entry *e = entry(c);
    return e ? e->kind : THEME_KIND_FILL;
}

const char *theme_name(theme_colour c)
{
    const theme_entry *e = entry(c);
    return e ? e->name : "";
}
