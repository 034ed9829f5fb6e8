/* content.c - the content model's arena, sections and blocks. Everything lives in blocks of
 * memory the document owns, so a builder never frees and a renderer never owns: one
 * cm_doc_free releases a whole pack's content. */
#include "content.h"
#include "disclosure.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CM_CHUNK (64 * 1024)

typedef struct cm_chunk {
    struct cm_chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned for anything */
} cm_chunk;

struct cm_doc {
    cm_chunk *chunks;
    bool failed;
    cm_section *sections; /* malloc'ed, grows */
    size_t nsections, cap;
};

cm_doc *cm_doc_new(void)
{
    return calloc(1, sizeof(cm_doc));
}

void cm_doc_free(cm_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nsections; i++)
        free(d->sections[i].blocks);
    free(d->sections);
    for (cm_chunk *c = d->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(d);
}

bool cm_doc_failed(const cm_doc *d)
{
    return !d || d->failed;
}

void *cm_alloc(cm_doc *d, size_t n)
{
    if (cm_doc_failed(d))
        return NULL;
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    cm_chunk *c = d->chunks;
    if (!c || c->size - c->used < n) {
        size_t size = n > CM_CHUNK ? n : CM_CHUNK;
        c = malloc(sizeof(*c) + size);
        if (!c) {
            d->failed = true;
            return NULL;
        }
        c->size = size;
        c->used = 0;
        c->next = d->chunks;
        d->chunks = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

const char *cm_str(cm_doc *d, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = cm_alloc(d, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static const char *cm_vprintf(cm_doc *d, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *p = n >= 0 ? cm_alloc(d, (size_t)n + 1) : NULL;
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

const char *cm_printf(cm_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = cm_vprintf(d, fmt, ap);
    va_end(ap);
    return p;
}

/* Grow an array held by malloc (sections, a section's blocks): the arena cannot grow in place. */
static bool cm_reserve(cm_doc *d, void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    void *p = n <= SIZE_MAX / size ? realloc(*items, n * size) : NULL;
    if (!p) {
        d->failed = true;
        return false;
    }
    *items = p;
    *cap = n;
    return true;
}

cm_section *cm_section_add(cm_doc *d, int type, const char *title)
{
    if (cm_doc_failed(d) ||
        !cm_reserve(d, (void **)&d->sections, &d->cap, d->nsections + 1, sizeof(cm_section)))
        return NULL;
    cm_section *s = &d->sections[d->nsections++];
    *s = (cm_section){.type = type, .title = cm_str(d, title ? title : "")};
    return s;
}

size_t cm_doc_nsections(const cm_doc *d)
{
    return d ? d->nsections : 0;
}

const cm_section *cm_doc_section(const cm_doc *d, size_t i)
{
    return d && i < d->nsections ? &d->sections[i] : NULL;
}

static cm_block *cm_block_add(cm_doc *d, cm_section *s, cm_kind kind)
{
    if (cm_doc_failed(d) || !s ||
        !cm_reserve(d, (void **)&s->blocks, &s->cap, s->nblocks + 1, sizeof(cm_block)))
        return NULL;
    cm_block *b = &s->blocks[s->nblocks++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    return b;
}

cm_heading *cm_heading_add(cm_doc *d, cm_section *s, int level, const char *text,
                           size_t keep_rows)
{
    cm_block *b = cm_block_add(d, s, CM_HEADING);
    if (!b)
        return NULL;
    b->u.heading = (cm_heading){.level = level, .text = cm_str(d, text), .keep_rows = keep_rows};
    return &b->u.heading;
}

cm_key *cm_key_add(cm_doc *d, cm_section *s, const char *title)
{
    cm_block *b = cm_block_add(d, s, CM_KEY);
    if (!b)
        return NULL;
    b->u.key = (cm_key){.title = cm_str(d, title)};
    return &b->u.key;
}

static void cm_text_add(cm_doc *d, cm_section *s, cm_kind kind, const char *text)
{
    if (!text || !*text)
        return;
    cm_block *b = cm_block_add(d, s, kind);
    if (b)
        b->u.text = cm_str(d, text);
}

void cm_paragraph_add(cm_doc *d, cm_section *s, const char *text)
{
    cm_text_add(d, s, CM_PARAGRAPH, text);
}

void cm_note_add(cm_doc *d, cm_section *s, const char *text)
{
    cm_text_add(d, s, CM_NOTE, text);
}

cm_chart *cm_chart_add(cm_doc *d, cm_section *s, cm_chart_kind kind)
{
    cm_block *b = cm_block_add(d, s, CM_CHART);
    if (!b)
        return NULL;
    b->u.chart.kind = kind;
    return &b->u.chart;
}

cm_table *cm_table_new(cm_doc *d, cm_section *s, size_t nrows, size_t ncols, const char *caption,
                       bool attach)
{
    cm_table *t = cm_alloc(d, sizeof(*t));
    if (!t || ncols == 0)
        return NULL;
    if (nrows > SIZE_MAX / ncols / sizeof(cm_cell)) {
        d->failed = true;
        return NULL;
    }
    t->cols = cm_alloc(d, ncols * sizeof(cm_column));
    t->cells = cm_alloc(d, (nrows ? nrows : 1) * ncols * sizeof(cm_cell));
    if (!t->cols || !t->cells)
        return NULL;
    t->ncols = ncols;
    t->nrows = nrows;
    t->caption = cm_str(d, caption);
    if (attach) {
        cm_block *b = cm_block_add(d, s, CM_TABLE);
        if (!b)
            return NULL;
        b->u.table = t;
    }
    return t;
}

void cm_table_column(cm_doc *d, cm_table *t, size_t col, const char *header, cm_col_kind kind,
                     cm_align align, cm_width width)
{
    if (!t || col >= t->ncols)
        return;
    t->cols[col] =
        (cm_column){.header = cm_str(d, header), .kind = kind, .align = align, .width = width};
}

cm_cell *cm_cell_at(const cm_table *t, size_t row, size_t col)
{
    return t && row < t->nrows && col < t->ncols ? &t->cells[row * t->ncols + col] : NULL;
}

void cm_cell_text(cm_doc *d, cm_table *t, size_t row, size_t col, const char *text)
{
    cm_cell *c = cm_cell_at(t, row, col);
    if (c)
        c->text = cm_str(d, text);
}

void cm_cell_textf(cm_doc *d, cm_table *t, size_t row, size_t col, const char *fmt, ...)
{
    cm_cell *c = cm_cell_at(t, row, col);
    if (!c)
        return;
    va_list ap;
    va_start(ap, fmt);
    c->text = cm_vprintf(d, fmt, ap);
    va_end(ap);
}

void cm_cell_number(cm_doc *d, cm_table *t, size_t row, size_t col, double v, int decimals,
                    const char *text)
{
    cm_cell *c = cm_cell_at(t, row, col);
    if (!c)
        return;
    c->text = cm_str(d, text);
    c->has_value = true;
    c->value = v;
    c->decimals = decimals;
}

void cm_cell_count(cm_doc *d, cm_table *t, size_t row, size_t col, double v)
{
    char buf[48];
    snprintf(buf, sizeof(buf), "%.0f", v);
    cm_cell_number(d, t, row, col, v, 0, buf);
}

void cm_cell_suppressed(cm_table *t, size_t row, size_t col)
{
    cm_cell *c = cm_cell_at(t, row, col);
    if (!c)
        return;
    c->text = DISCLOSURE_MARK;
    c->has_value = false;
    c->suppressed = true;
}

void cm_cell_role(cm_table *t, size_t row, size_t col, cm_role role, bool bold)
{
    cm_cell *c = cm_cell_at(t, row, col);
    if (!c)
        return;
    c->role = role;
    c->bold = bold;
}

void cm_cell_icon(cm_table *t, size_t row, size_t col, cm_icon icon)
{
    cm_cell *c = cm_cell_at(t, row, col);
    if (c)
        c->icon = icon;
}

void cm_table_group(cm_doc *d, cm_table *t, const char *text, size_t first, size_t count)
{
    if (!t || first + count > t->ncols)
        return;
    cm_column_group *g = cm_alloc(d, (t->ngroups + 1) * sizeof(*g));
    if (!g)
        return;
    if (t->ngroups)
        memcpy(g, t->groups, t->ngroups * sizeof(*g));
    g[t->ngroups++] = (cm_column_group){cm_str(d, text), first, count};
    t->groups = g;
}
