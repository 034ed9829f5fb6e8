/* test_xlsx_pack.c - writes fixture packs (charts, a summary grid, KPI, outcomes and unavailable
 * sections, internal and external) as workbooks and reads them back with openpyxl (Debian's
 * /usr/bin/python3) and the zip's XML: sheets follow the template, series sheets hold the SPC
 * results as numbers with a chart on their own columns, colours come with words, suppressed cells
 * hold "*", text is never a formula, sheet names are valid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "packfixture.h"
#include "xlsx_pack.h"

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3"
#define LAST 11 /* the last month of the 12-month fixture: October 2026 */
#define FORMULA "=HYPERLINK(\"http://x\",\"y\")"

/* Dumps a workbook as tab-separated lines: sheets, properties, freeze panes, autofilters,
 * tables and their columns, column widths, conditional formats, chart series references and
 * coloured points, and every cell with its type, openpyxl data type, format, value and fill. */
static const char dump_py[] =
    "import sys, zipfile, re, html, posixpath\n"
    "import openpyxl\n"
    "from xml.etree import ElementTree as ET\n"
    "W = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'\n"
    "R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'\n"
    "C = '{http://schemas.openxmlformats.org/drawingml/2006/chart}'\n"
    "A = '{http://schemas.openxmlformats.org/drawingml/2006/main}'\n"
    "def esc(s):\n"
    "    s = str(s).replace('\\\\', '\\\\\\\\')\n"
    "    return s.replace('\\t', '\\\\t').replace('\\n', '\\\\n')\n"
    "def out(*f): print('\\t'.join(str(x) for x in f))\n"
    "path = sys.argv[1]\n"
    "wb = openpyxl.load_workbook(path)\n"
    "z = zipfile.ZipFile(path)\n"
    "out('sheets', *[esc(n) for n in wb.sheetnames])\n"
    "p = wb.properties\n"
    "for k in ('title', 'creator', 'subject', 'keywords'):\n"
    "    out('prop', k, esc(getattr(p, k) or ''))\n"
    "out('prop', 'created', p.created.isoformat() if p.created else '')\n"
    "app = z.read('docProps/app.xml').decode('utf-8')\n"
    "m = re.search(r'<Company>(.*?)</Company>', app, re.S)\n"
    "out('prop', 'company', esc(html.unescape(m.group(1)) if m else ''))\n"
    "def rels(part):\n"
    "    d, b = posixpath.split(part)\n"
    "    n = posixpath.join(d, '_rels', b + '.rels')\n"
    "    if n not in z.namelist():\n"
    "        return []\n"
    "    return [(r.get('Type').rsplit('/', 1)[-1],\n"
    "             posixpath.normpath(posixpath.join(d, r.get('Target'))), r.get('Id'))\n"
    "            for r in ET.fromstring(z.read(n))]\n"
    "wrels = {i: t for _, t, i in rels('xl/workbook.xml')}\n"
    "book = ET.fromstring(z.read('xl/workbook.xml'))\n"
    "parts = {s.get('name'): wrels[s.get(R + 'id')] for s in book.iter(W + 'sheet')}\n"
    "def charts(ws, t):\n"
    "    for kind, drawing, _ in rels(parts[ws.title]):\n"
    "        for k2, chart, _ in rels(drawing) if kind == 'drawing' else []:\n"
    "            root = ET.fromstring(z.read(chart))\n"
    "            for v in root.iter(C + 'val'):\n"
    "                for f in v.iter(C + 'f'):\n"
    "                    out('chart', t, esc(f.text))\n"
    "            for f in root.iter(C + 'f'):\n"
    "                out('chartf', t, esc(f.text))\n"
    "            for d in root.iter(C + 'dPt'):\n"
    "                clr = [e.get('val') for e in d.iter(A + 'srgbClr')]\n"
    "                out('dpt', t, d.find(C + 'idx').get('val'), clr[0] if clr else '')\n"
    "def cell(t, c):\n"
    "    v = c.value\n"
    "    if v is None: kind, text = 'none', ''\n"
    "    elif isinstance(v, bool): kind, text = 'bool', str(v)\n"
    "    elif isinstance(v, (int, float)): kind, text = 'num', repr(float(v))\n"
    "    elif hasattr(v, 'isoformat'): kind, text = 'date', v.isoformat()\n"
    "    else: kind, text = 'str', esc(v)\n"
    "    solid = c.fill is not None and c.fill.fill_type == 'solid'\n"
    "    fill = c.fill.fgColor.rgb if solid else ''\n"
    "    out('cell', t, c.row, c.column, kind, c.data_type, esc(c.number_format), text, fill)\n"
    "for ws in wb.worksheets:\n"
    "    t = esc(ws.title)\n"
    "    out('freeze', t, ws.freeze_panes or '')\n"
    "    out('filter', t, ws.auto_filter.ref or '')\n"
    "    for name, ref in ws.tables.items():\n"
    "        out('table', t, esc(name), ref)\n"
    "        for i, tc in enumerate(ws.tables[name].tableColumns):\n"
    "            out('tcol', esc(name), i + 1, esc(tc.name))\n"
    "    for letter, dim in sorted(ws.column_dimensions.items()):\n"
    "        if dim.width:\n"
    "            out('width', t, letter, '%.2f' % dim.width)\n"
    "    for cf in ws.conditional_formatting:\n"
    "        for rule in cf.rules:\n"
    "            text = rule.text or ' '.join(rule.formula or [])\n"
    "            out('cf', t, cf.sqref, rule.type, esc(text))\n"
    "    charts(ws, t)\n"
    "    for row in ws.iter_rows():\n"
    "        for c in row:\n"
    "            cell(t, c)\n";

typedef struct {
    char kind[8];  /* num, str, date, none, bool */
    char dtype[4]; /* openpyxl: n, s, d, b, f */
    char fmt[64];
    char text[512];
    char fill[16]; /* "FF289DE0" for a solid fill, "" for none */
} xcell;

/* Sections a test adds to a fixture: freed by the test before packfixture_free_added. */
typedef struct {
    pack_rag *rag;
    pack_outcomes *outcomes;
    pack_heatmap *heat;
} extras;

typedef struct {
    char dir[64];
    char script[128];
    packfixture *fx; /* internal, with every section */
    extras fx_extra;
    char *dump;       /* fx written without a model */
    char *dump_ext;   /* the same pack external, October 2026 suppressed */
    char *dump_eq;    /* titles and texts that look like formulas */
    char *dump_names; /* titles that need cleaning and cutting, repeated */
    char *dump_data;  /* fx with a model and configuration: Data sheets */
    char *dump_data_ext;
    char *dump_grid; /* a heat map of KPIs by team */
    int sheets;
} xlsx_state;

static char *run_capture(const char *cmd, int *rc)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 65536, len = 0, got;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    int status = pclose(p);
    *rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return buf;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* ---- sections built by hand ------------------------------------------------------------------ */

static pack_section *next_section(packfixture *fx)
{
    if (fx->pack.nsections >= PACKFIXTURE_MAX_SECTIONS)
        return NULL;
    pack_section *s = &fx->pack.sections[fx->pack.nsections++];
    memset(s, 0, sizeof(*s));
    return s;
}

static char *text_dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (d)
        strcpy(d, s);
    return d;
}

/* Two KPI rows: PPH at UHCW (tick this month, cross over the year) and the stillbirth rate at
 * CWPT (N/A this month, no yearly value). hidden: UHCW's month is suppressed. */
static bool add_rag(packfixture *fx, extras *ex, bool hidden)
{
    pack_section *s = next_section(fx);
    pack_rag *r = ex->rag = calloc(1, sizeof(*r));
    if (!s || !r)
        return false;
    s->type = SEC_RAG_TABLE;
    s->title = text_dup("KPIs for October 2026");
    s->text = text_dup("");
    s->rag = r;
    kpi_table *t = &r->table;
    snprintf(t->month_label, sizeof(t->month_label), "October 2026");
    snprintf(t->year_label, sizeof(t->year_label), "Nov 2025 to Oct 2026");
    t->rows = calloc(2, sizeof(*t->rows));
    r->rows = calloc(2, sizeof(*r->rows));
    if (!t->rows || !r->rows || !s->title || !s->text)
        return false;
    t->n = 2;
    t->rows[0] = (kpi_row){.org_name = "UHCW", .def = &fx->defs[2]};
    kpi_cell *c = &t->rows[0].cell;
    c->month = (kpi_value){.has_value = true, .value = 5.5, .numerator = 55, .denominator = 1000};
    c->year = (kpi_value){.has_value = true, .value = 6.8};
    c->last_year = (kpi_value){.has_value = true, .value = 6.0};
    c->has_change = true;
    c->change_pct = -8.3333333333;
    c->has_target = true;
    c->target = 6.0;
    c->month_mark = KPI_MARK_TICK;
    c->year_mark = KPI_MARK_CROSS;
    t->rows[1] = (kpi_row){.org_name = "CWPT", .def = &fx->defs[0]};
    c = &t->rows[1].cell;
    c->month = (kpi_value){.has_value = true, .value = 3.5};
    c->has_target = true;
    c->target = 3.5;
    c->month_mark = KPI_MARK_NA;
    r->rows[0].month = hidden;
    return true;
}

/* Two outcomes over three years: a value, "no data" and "incomplete"; a small count (5),
 * nothing at all, and 86. hidden: the 5 is suppressed. */
static bool add_outcomes(packfixture *fx, extras *ex, bool hidden)
{
    pack_section *s = next_section(fx);
    pack_outcomes *o = ex->outcomes = calloc(1, sizeof(*o));
    if (!s || !o)
        return false;
    s->type = SEC_OUTCOMES_TABLE;
    s->title = text_dup("Long-term outcomes");
    s->text = text_dup("");
    s->outcomes = o;
    outcomes_table *t = &o->t;
    t->rows = calloc(2, sizeof(*t->rows));
    t->years = calloc(3, sizeof(*t->years));
    t->cells = calloc(6, sizeof(*t->cells));
    o->hidden = calloc(6, sizeof(*o->hidden));
    if (!t->rows || !t->years || !t->cells || !o->hidden || !s->title || !s->text)
        return false;
    t->nrows = 2;
    t->nyears = 3;
    t->rows[0] =
        (outcomes_row){.outcome = 0, .name = "Good level of development (%)", .decimals = 1};
    t->rows[1] = (outcomes_row){.outcome = 1, .name = "Looked-after children", .decimals = 0};
    t->years[0] = (outcomes_year){"2015/16", 2015};
    t->years[1] = (outcomes_year){"2016/17", 2016};
    t->years[2] = (outcomes_year){"2017/18", 2017};
    t->cells[0] = (outcomes_cell){OUTCOMES_VALUE, true, 61.7, 2};
    t->cells[1] = (outcomes_cell){OUTCOMES_NO_DATA, false, 0, 3};
    t->cells[2] = (outcomes_cell){OUTCOMES_INCOMPLETE, false, 0, 4};
    t->cells[3] = (outcomes_cell){OUTCOMES_VALUE, true, 5, 5};
    t->cells[4] = (outcomes_cell){OUTCOMES_ABSENT, false, 0, 0};
    t->cells[5] = (outcomes_cell){OUTCOMES_VALUE, true, 86, 6};
    o->hidden[3] = hidden;
    return true;
}

static bool add_text_and_unavailable(packfixture *fx)
{
    pack_section *text = next_section(fx), *fun = next_section(fx);
    if (!text || !fun)
        return false;
    text->type = SEC_TEXT;
    text->title = text_dup("How to read this report");
    text->text = text_dup("Text sections have no sheet.");
    fun->type = SEC_FUNNEL;
    fun->title = text_dup("Sites compared");
    fun->text = text_dup("");
    fun->unavailable = text_dup("no site has data for October 2026");
    return text->title && text->text && fun->title && fun->text && fun->unavailable;
}

/* A KPI heat map: PPH for two teams (one named like a formula) and the whole city. */
static bool add_kpi_grid(packfixture *fx, extras *ex)
{
    static const char *const names[] = {"Hillfields", "=Foleshill"};
    static int teams[] = {0, 1};
    pack_section *s = next_section(fx);
    pack_heatmap *h = ex->heat = calloc(1, sizeof(*h));
    if (!s || !h)
        return false;
    s->type = SEC_HEATMAP;
    s->title = text_dup("KPIs by team");
    s->text = text_dup("");
    s->heatmap = h;
    h->kind = PACK_HEAT_KPI;
    kpi_matrix *x = &h->kpis.x;
    snprintf(x->month_label, sizeof(x->month_label), "October 2026");
    snprintf(x->year_label, sizeof(x->year_label), "Nov 2025 to Oct 2026");
    x->defs = calloc(1, sizeof(*x->defs));
    x->cells = calloc(2, sizeof(*x->cells));
    x->city = calloc(1, sizeof(*x->city));
    h->kpis.cells = calloc(2, sizeof(*h->kpis.cells));
    h->kpis.city = calloc(1, sizeof(*h->kpis.city));
    if (!x->defs || !x->cells || !x->city || !h->kpis.cells || !h->kpis.city || !s->title)
        return false;
    x->defs[0] = &fx->defs[2];
    x->ndefs = 1;
    x->teams = teams;
    x->team_names = (const char **)names;
    x->nteams = 2;
    for (int i = 0; i < 3; i++) {
        kpi_cell *c = i < 2 ? &x->cells[i] : x->city;
        c->month = (kpi_value){.has_value = true, .value = 4.0 + i};
        c->has_target = true;
        c->target = 6.0;
        c->month_mark = i == 0 ? KPI_MARK_TICK : i == 1 ? KPI_MARK_NA : KPI_MARK_CROSS;
    }
    return true;
}

static void extras_free(extras *ex)
{
    if (ex->heat) {
        free(ex->heat->kpis.x.defs);
        free(ex->heat->kpis.x.cells);
        free(ex->heat->kpis.x.city);
        free(ex->heat->kpis.cells);
        free(ex->heat->kpis.city);
        free(ex->heat);
    }
    if (ex->rag) {
        free(ex->rag->table.rows);
        free(ex->rag->rows);
        free(ex->rag);
    }
    if (ex->outcomes) {
        free(ex->outcomes->t.rows);
        free(ex->outcomes->t.years);
        free(ex->outcomes->t.cells);
        free(ex->outcomes->hidden);
        free(ex->outcomes);
    }
    memset(ex, 0, sizeof(*ex));
}

/* The full fixture: summary grid, KPIs, text, outcomes, an unavailable funnel; charts. */
static packfixture *full_fixture(const packfixture_opts *o, extras *ex, bool external)
{
    packfixture *fx = packfixture_new(o);
    bool ok = fx && packfixture_add_charts(fx) && packfixture_add_summary_grid(fx) &&
              add_rag(fx, ex, external) && add_text_and_unavailable(fx) &&
              add_outcomes(fx, ex, external);
    if (ok && external)
        packfixture_suppress_point(fx, LAST);
    if (!ok && fx) {
        extras_free(ex);
        packfixture_free_added(fx);
        packfixture_free(fx);
        return NULL;
    }
    /* the outcomes belong after the text; the funnel last (as add_* appended them) */
    if (ok) {
        pack_section tmp = fx->pack.sections[3];
        fx->pack.sections[3] = fx->pack.sections[4];
        fx->pack.sections[4] = tmp;
    }
    return fx;
}

static void full_free(packfixture *fx, extras *ex)
{
    extras_free(ex);
    packfixture_free_added(fx);
    packfixture_free(fx);
}

/* ---- a model and configuration for the Data sheets --------------------------------------------
 */

typedef struct {
    model *m;
    bp_config cfg;
    cfg_source src;
    char *sources[1];
} data_ctx;

static bool data_setup(data_ctx *d)
{
    memset(d, 0, sizeof(*d));
    d->m = model_new();
    if (!d->m)
        return false;
    int org = model_intern_org(d->m, "RZ4", "Northfield and Ashby");
    int site = model_intern_site(d->m, org, FORMULA);
    int white = model_dict_intern(&d->m->ethnic_groups, "White");
    for (int i = 0; i < 2; i++) {
        mat_row *r = MODEL_PUSH(d->m->mat);
        if (!r || org < 0 || site < 0 || white < 0)
            return false;
        *r = (mat_row){.org = org,
                       .site = site,
                       .ethnic = white,
                       .period = period_make(2026, 9 + i),
                       .line = 2 + i};
        for (int k = 0; k < MAT__NCOUNTS; k++)
            r->v[k] = 100 + 10 * i + k;
        r->v[MAT_BOOKINGS] = i == 1 ? MODEL_MISSING : 5;
    }
    d->m->loaded[SRC_MATERNITY] = true;
    d->src.id = "maternity";
    d->src.kind = SRC_MATERNITY;
    d->src.file_label = "extracts/maternity.csv";
    d->cfg.sources = &d->src;
    d->cfg.nsources = 1;
    d->sources[0] = "maternity";
    return true;
}

/* ---- writing and reading back -----------------------------------------------------------------
 */

static char *write_and_dump(xlsx_state *s, packfixture *fx, const data_ctx *d, const char *name,
                            int *sheets)
{
    char path[160], cmd[512];
    snprintf(path, sizeof(path), "%s/%s", s->dir, name);
    if (!fx)
        return NULL;
    bp_error err;
    bp_error_clear(&err);
    bp_status st = d ? xlsx_pack_write_ex(&fx->pack, d->m, &d->cfg, path, sheets, &err)
                     : xlsx_pack_write(&fx->pack, path, sheets, &err);
    if (st != BP_OK) {
        fprintf(stderr, "xlsx_pack_write(%s): %s\n", path, err.message);
        return NULL;
    }
    snprintf(cmd, sizeof(cmd), PYTHON " '%s' '%s' 2>&1", s->script, path);
    int rc;
    char *out = run_capture(cmd, &rc);
    if (rc != 0) {
        fprintf(stderr, "%s failed (%d): %s\n", cmd, rc, out);
        free(out);
        return NULL;
    }
    return out;
}

static int write_script(xlsx_state *s)
{
    snprintf(s->script, sizeof(s->script), "%s/dump.py", s->dir);
    FILE *f = fopen(s->script, "w");
    if (!f)
        return -1;
    fputs(dump_py, f);
    return fclose(f) == 0 ? 0 : -1;
}

/* Packs that are written once and dropped: formula-like texts, awkward names, external. */
static char *dump_variant(xlsx_state *s, const packfixture_opts *o, bool external,
                          const data_ctx *d, const char *name)
{
    extras ex = {0};
    packfixture *fx = full_fixture(o, &ex, external);
    int ignored;
    if (fx && d) {
        fx->def.sources = (char **)d->sources;
        fx->def.nsources = 1;
        fx->def.audience = external ? AUDIENCE_EXTERNAL : AUDIENCE_INTERNAL;
    }
    char *dump = write_and_dump(s, fx, d, name, &ignored);
    if (fx)
        full_free(fx, &ex);
    return dump;
}

static int group_setup(void **state)
{
    xlsx_state *s = calloc(1, sizeof(*s));
    if (!s)
        return -1;
    *state = s;
    snprintf(s->dir, sizeof(s->dir), "/tmp/bp-test-xlsx-XXXXXX");
    if (!mkdtemp(s->dir) || write_script(s) != 0)
        return -1;
    if (system(PYTHON " -c 'import openpyxl' >/dev/null 2>&1") != 0) {
        fprintf(stderr, "these tests need " PYTHON " with openpyxl (python3-openpyxl)\n");
        return -1;
    }
    s->fx = full_fixture(NULL, &s->fx_extra, false);
    s->dump = write_and_dump(s, s->fx, NULL, "pack.xlsx", &s->sheets);
    packfixture_opts eq = {
        .title = FORMULA, .organisation = "=1+1 Trust", .first_indicator_title = "=SUM(A1:A2)"};
    packfixture_opts names = {.first_indicator_title = "Rate [a/b]: *very* long title? \\ yes",
                              .copies = 2};
    s->dump_ext = dump_variant(s, NULL, true, NULL, "external.xlsx");
    s->dump_eq = dump_variant(s, &eq, false, NULL, "formula-like.xlsx");
    s->dump_names = dump_variant(s, &names, false, NULL, "names.xlsx");
    data_ctx d;
    bool data_ok = data_setup(&d);
    if (data_ok) {
        s->dump_data = dump_variant(s, NULL, false, &d, "data.xlsx");
        s->dump_data_ext = dump_variant(s, NULL, true, &d, "data-external.xlsx");
    }
    model_free(d.m);
    extras grid = {0};
    packfixture *gx = packfixture_new(NULL);
    int ignored;
    if (gx && packfixture_add_charts(gx) && add_kpi_grid(gx, &grid))
        s->dump_grid = write_and_dump(s, gx, NULL, "grid.xlsx", &ignored);
    if (gx)
        full_free(gx, &grid);
    return s->dump_grid && s->dump && s->dump_ext && s->dump_eq && s->dump_names && s->dump_data &&
                   s->dump_data_ext
               ? 0
               : -1;
}

static int group_teardown(void **state)
{
    xlsx_state *s = *state;
    if (!s)
        return 0;
    remove_dir(s->dir);
    if (s->fx)
        full_free(s->fx, &s->fx_extra);
    free(s->dump);
    free(s->dump_ext);
    free(s->dump_eq);
    free(s->dump_names);
    free(s->dump_data);
    free(s->dump_data_ext);
    free(s->dump_grid);
    free(s);
    return 0;
}

/* ---- reading the dump
 * ---------------------------------------------------------------------------- */

/* The rest of the first dump line that starts with prefix, copied into buf; NULL if none. */
static const char *find_line(const char *dump, const char *prefix, char *buf, size_t n)
{
    size_t plen = strlen(prefix);
    for (const char *l = dump; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, prefix, plen) == 0) {
            size_t len = strcspn(l + plen, "\n");
            snprintf(buf, n, "%.*s", (int)len, l + plen);
            return buf;
        }
    }
    return NULL;
}

static const char *dump_line(const char *dump, const char *prefix, char *buf, size_t n)
{
    const char *l = find_line(dump, prefix, buf, n);
    if (!l)
        fail_msg("the workbook dump has no line '%s'", prefix);
    return l;
}

/* How many dump lines start with prefix. */
static int count_lines(const char *dump, const char *prefix)
{
    int k = 0;
    size_t plen = strlen(prefix);
    for (const char *l = dump; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        k += strncmp(l, prefix, plen) == 0;
    return k;
}

/* How many dump lines start with prefix and contain needle. */
static int lines_with(const char *dump, const char *prefix, const char *needle)
{
    int k = 0;
    size_t plen = strlen(prefix);
    for (const char *l = dump; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        size_t len = strcspn(l, "\n");
        if (strncmp(l, prefix, plen) != 0)
            continue;
        const char *hit = strstr(l, needle);
        k += hit && hit < l + len;
    }
    return k;
}

static void copy_field(const char **s, char *dst, size_t n)
{
    size_t len = strcspn(*s, "\t\n");
    snprintf(dst, n, "%.*s", (int)len, *s);
    *s += len + ((*s)[len] == '\t');
}

static xcell cell_at(const char *dump, const char *sheet, int row, int col)
{
    char prefix[160], line[1024];
    xcell c;
    snprintf(prefix, sizeof(prefix), "cell\t%s\t%d\t%d\t", sheet, row, col);
    const char *s = dump_line(dump, prefix, line, sizeof(line));
    copy_field(&s, c.kind, sizeof(c.kind));
    copy_field(&s, c.dtype, sizeof(c.dtype));
    copy_field(&s, c.fmt, sizeof(c.fmt));
    copy_field(&s, c.text, sizeof(c.text));
    copy_field(&s, c.fill, sizeof(c.fill));
    return c;
}

/* The row whose cell in column col holds text, 0 if none. */
static int row_of(const char *dump, const char *sheet, int col, const char *text)
{
    char prefix[160];
    snprintf(prefix, sizeof(prefix), "cell\t%s\t", sheet);
    size_t plen = strlen(prefix);
    for (const char *l = dump; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        int r, c, used = 0;
        if (strncmp(l, prefix, plen) != 0 || sscanf(l + plen, "%d\t%d\t%n", &r, &c, &used) != 2 ||
            c != col)
            continue;
        const char *s = l + plen + used;
        char kind[8], dtype[4], fmt[64], value[512];
        copy_field(&s, kind, sizeof(kind));
        copy_field(&s, dtype, sizeof(dtype));
        copy_field(&s, fmt, sizeof(fmt));
        copy_field(&s, value, sizeof(value));
        if (strcmp(value, text) == 0)
            return r;
    }
    return 0;
}

/* The column of header text in row, 0 if none. */
static int col_of(const char *dump, const char *sheet, int row, const char *text)
{
    for (int c = 1; c <= 40; c++) {
        char prefix[160], line[1024];
        snprintf(prefix, sizeof(prefix), "cell\t%s\t%d\t%d\t", sheet, row, c);
        const char *l = find_line(dump, prefix, line, sizeof(line));
        if (l && strstr(l, text) && strncmp(l, "str\t", 4) == 0)
            return c;
    }
    return 0;
}

static void assert_number(const xcell *c, double want, const char *fmt)
{
    if (strcmp(c->kind, "num") != 0 || strcmp(c->dtype, "n") != 0)
        fail_msg("expected the number %.12g, found a %s cell '%s'", want, c->kind, c->text);
    double got = strtod(c->text, NULL);
    if (fabs(got - want) > 1e-15 * fmax(fabs(want), 1e-300))
        fail_msg("expected %.17g, found %.17g", want, got);
    if (fmt)
        assert_string_equal(c->fmt, fmt);
}

static void assert_string_cell(const xcell *c, const char *want)
{
    assert_string_equal(c->kind, "str");
    assert_string_equal(c->dtype, "s");
    assert_string_equal(c->text, want);
}

static void assert_empty(const xcell *c)
{
    if (strcmp(c->kind, "none") != 0)
        fail_msg("expected an empty cell, found %s '%s'", c->kind, c->text);
}

static void assert_has_line(const char *dump, const char *line)
{
    char buf[1024];
    if (!find_line(dump, line, buf, sizeof(buf)))
        fail_msg("the workbook dump has no line '%s'", line);
}

/* ---- tests ------------------------------------------------------------------------------------
 */

static void test_sheets_follow_the_template_then_series_sheets_then_about(void **state)
{
    xlsx_state *s = *state;
    char buf[1024];
    assert_string_equal(dump_line(s->dump, "sheets\t", buf, sizeof(buf)),
                        "Summary\tKPIs\tOutcomes\tFunnel\tMonthly values\tStillbirth rate\t"
                        "Stillbirth rate - White\tNeonatal mortality rate\tPPH \xE2\x89\xA5 1,000 "
                        "mL\tAbout");
    assert_int_equal(s->sheets, 10);
}

/* Every column of the series sheet against the SPC result the fixture computed. */
static void check_series_sheet(const char *dump, const char *sheet, const pack_series *ps)
{
    int hdr = row_of(dump, sheet, 1, "Month");
    assert_true(hdr > 0);
    int num = col_of(dump, sheet, hdr, "Numerator"), den = col_of(dump, sheet, hdr, "Denominator");
    int val = col_of(dump, sheet, hdr, "Value"), cen = col_of(dump, sheet, hdr, "Centre line");
    int lcl = col_of(dump, sheet, hdr, "Lower control"),
        ucl = col_of(dump, sheet, hdr, "Upper control");
    assert_true(num && den && val && cen && lcl && ucl);
    for (size_t i = 0; i < ps->history.n; i++) {
        int r = hdr + 1 + (int)i;
        const spc_point *pt = &ps->spc.pts[i];
        xcell month = cell_at(dump, sheet, r, 1);
        assert_string_equal(month.kind, "date");
        assert_string_equal(month.fmt, "mmm yyyy");
        xcell c = cell_at(dump, sheet, r, num);
        if (ps->in[i].missing)
            assert_empty(&c);
        else
            assert_number(&c, ps->in[i].numerator, "#,##0");
        c = cell_at(dump, sheet, r, den);
        if (ps->in[i].has_denominator)
            assert_number(&c, ps->in[i].denominator, "#,##0");
        c = cell_at(dump, sheet, r, val);
        if (pt->has_value)
            assert_number(&c, pt->value, "0.0");
        else
            assert_empty(&c);
        c = cell_at(dump, sheet, r, cen);
        assert_number(&c, pt->centre, "0.0");
        c = cell_at(dump, sheet, r, lcl);
        if (pt->has_lcl)
            assert_number(&c, pt->lcl, "0.0");
        else
            assert_empty(&c);
        c = cell_at(dump, sheet, r, ucl);
        if (pt->has_ucl)
            assert_number(&c, pt->ucl, "0.0");
        else
            assert_empty(&c);
    }
}

static void test_series_sheets_hold_the_spc_results_in_full_precision(void **state)
{
    xlsx_state *s = *state;
    const pack_content *p = &s->fx->pack;
    check_series_sheet(s->dump, "Stillbirth rate", &p->inds[0].charts[0]);
    check_series_sheet(s->dump, "Stillbirth rate - White", &p->inds[0].charts[1]);
    check_series_sheet(s->dump, "Neonatal mortality rate", &p->inds[1].charts[0]);
    check_series_sheet(s->dump, "PPH \xE2\x89\xA5 1,000 mL", &p->inds[2].charts[0]);
    /* the fixture's PPH chart has limits: the check above compared real numbers */
    assert_true(p->inds[2].charts[0].spc.pts[0].has_ucl);
    int hdr = row_of(s->dump, "PPH \xE2\x89\xA5 1,000 mL", 1, "Month");
    xcell c = cell_at(s->dump, "PPH \xE2\x89\xA5 1,000 mL", hdr + 1, 2);
    assert_number(&c, 1, "0"); /* phase */
    c = cell_at(s->dump, "PPH \xE2\x89\xA5 1,000 mL", hdr + 1,
                col_of(s->dump, "PPH \xE2\x89\xA5 1,000 mL", hdr, "Target"));
    assert_number(&c, 6.0, "0.0");
    assert_has_line(s->dump, "cell\tStillbirth rate\t1\t1\tstr\ts\tGeneral\tStillbirth rate\t");
}

static void test_gap_month_is_an_empty_cell_in_series_and_monthly_sheets(void **state)
{
    xlsx_state *s = *state;
    size_t gap = packfixture_gap_index(12);
    int hdr = row_of(s->dump, "Stillbirth rate", 1, "Month");
    xcell month = cell_at(s->dump, "Stillbirth rate", hdr + 1 + (int)gap, 1);
    assert_string_equal(month.text, "2026-05-01T00:00:00");
    for (int col = 3; col <= 5; col++) {
        xcell c = cell_at(s->dump, "Stillbirth rate", hdr + 1 + (int)gap, col);
        assert_empty(&c);
    }
    int mhdr = row_of(s->dump, "Monthly values", 1, "Month");
    for (int col = 2; col <= 4; col++) {
        xcell c = cell_at(s->dump, "Monthly values", mhdr + 1 + (int)gap, col);
        assert_empty(&c);
    }
    xcell next = cell_at(s->dump, "Monthly values", mhdr + 1 + (int)gap, 5);
    assert_number(&next, s->fx->pack.inds[1].series.pts[gap].numerator, "#,##0");
}

static void test_series_sheet_is_a_table_with_a_line_chart_on_its_own_columns(void **state)
{
    xlsx_state *s = *state;
    char buf[256];
    const char *sheet = "PPH \xE2\x89\xA5 1,000 mL";
    int hdr = row_of(s->dump, sheet, 1, "Month");
    char want[160], prefix[160];
    snprintf(prefix, sizeof(prefix), "table\t%s\t", sheet);
    dump_line(s->dump, prefix, buf, sizeof(buf));
    snprintf(want, sizeof(want), "\tA%d:P%d", hdr, hdr + 12);
    assert_non_null(strstr(buf, want));
    const char *refs[] = {"$E$", "$F$", "$G$", "$H$", "$I$"}; /* value, centre, limits, target */
    for (size_t i = 0; i < 5; i++) {
        snprintf(want, sizeof(want), "chart\t%s\t'%s'!%s%d:%s%d", sheet, sheet, refs[i], hdr + 1,
                 refs[i], hdr + 12);
        assert_has_line(s->dump, want);
    }
    snprintf(prefix, sizeof(prefix), "chart\t%s\t", sheet);
    assert_int_equal(count_lines(s->dump, prefix), 5);
    assert_int_equal(count_lines(s->dump, "chart\tStillbirth rate - White\t"), 5);
}

static void test_special_cause_points_are_named_coloured_and_marked_on_the_chart(void **state)
{
    xlsx_state *s = *state;
    const char *sheet = "Stillbirth rate - White";
    const pack_series *white = &s->fx->pack.inds[0].charts[1];
    /* 11 months below the mean (a shift: improvement, lower is better), then one far above */
    assert_int_equal(white->spc.pts[0].type, SPC_POINT_IMPROVEMENT);
    assert_int_equal(white->spc.pts[LAST].type, SPC_POINT_CONCERN);
    int hdr = row_of(s->dump, sheet, 1, "Month");
    int type = col_of(s->dump, sheet, hdr, "Point type");
    xcell c = cell_at(s->dump, sheet, hdr + 1 + LAST, type);
    assert_string_cell(&c, "Special cause concern");
    assert_string_equal(c.fill, "FFFAB428");
    c = cell_at(s->dump, sheet, hdr + 1, type);
    assert_string_cell(&c, "Special cause improvement");
    assert_string_equal(c.fill, "FF289DE0");
    c = cell_at(s->dump, sheet, hdr + 1 + LAST, col_of(s->dump, sheet, hdr, "Beyond a limit"));
    assert_string_equal(c.kind, "bool");
    assert_string_equal(c.text, "True");
    c = cell_at(s->dump, sheet, hdr + 1, col_of(s->dump, sheet, hdr, "Shift"));
    assert_string_equal(c.text, "True");
    char want[128];
    snprintf(want, sizeof(want), "dpt\t%s\t%d\tFAB428", sheet, LAST);
    assert_has_line(s->dump, want);
    snprintf(want, sizeof(want), "dpt\t%s\t0\t289DE0", sheet);
    assert_has_line(s->dump, want);
    snprintf(want, sizeof(want), "dpt\t%s\t", sheet);
    assert_int_equal(count_lines(s->dump, want), 12);
    /* the stillbirth rate has too few months for limits: no point is coloured */
    assert_int_equal(count_lines(s->dump, "dpt\tStillbirth rate\t"), 0);
    c = cell_at(s->dump, "Stillbirth rate", hdr + 1, type);
    assert_string_cell(&c, "Common cause");
}

static void test_summary_sheet_has_numbers_words_colours_filter_and_frozen_header(void **state)
{
    xlsx_state *s = *state;
    char buf[256];
    int hdr = row_of(s->dump, "Summary", 1, "Indicator");
    assert_int_equal(hdr, 6);
    xcell c = cell_at(s->dump, "Summary", 7, 1);
    assert_string_cell(&c, "Stillbirth rate");
    c = cell_at(s->dump, "Summary", 8, 2);
    assert_string_cell(&c, "White");
    c = cell_at(s->dump, "Summary", 8, 3);
    assert_string_equal(c.text, "2026-10-01T00:00:00");
    assert_string_equal(c.fmt, "mmm yyyy");
    const pack_series *white = &s->fx->pack.inds[0].charts[1];
    c = cell_at(s->dump, "Summary", 8, 4);
    assert_number(&c, white->spc.pts[LAST].value, "0.0");
    c = cell_at(s->dump, "Summary", 8, 6);
    assert_number(&c, PACKFIXTURE_WHITE_LAST_NUM, "#,##0");
    c = cell_at(s->dump, "Summary", 8, 7);
    assert_number(&c, PACKFIXTURE_WHITE_DEN, "#,##0");
    c = cell_at(s->dump, "Summary", 8, 8);
    assert_number(&c, 3.5, "0.0");
    c = cell_at(s->dump, "Summary", 8, 10);
    assert_string_cell(&c, "Special cause concern (high)");
    c = cell_at(s->dump, "Summary", 7, 10);
    assert_string_cell(&c, "Common cause variation");
    c = cell_at(s->dump, "Summary", 8, 12);
    assert_string_cell(&c, "Sentence about Stillbirth rate: White.");
    assert_string_equal(dump_line(s->dump, "filter\tSummary\t", buf, sizeof(buf)), "A6:L10");
    assert_string_equal(dump_line(s->dump, "freeze\tSummary\t", buf, sizeof(buf)), "A7");
    assert_has_line(s->dump, "cf\tSummary\tJ7:J10\tcontainsText\tconcern");
    assert_has_line(s->dump, "cf\tSummary\tJ7:J10\tcontainsText\timprovement");
    assert_has_line(s->dump, "cf\tSummary\tK7:K10\tcontainsText\tFail:");
}

static void test_kpi_sheet_shows_marks_as_symbols_with_conditional_colours(void **state)
{
    xlsx_state *s = *state;
    int hdr = row_of(s->dump, "KPIs", 1, "Organisation");
    assert_true(hdr > 0);
    xcell c = cell_at(s->dump, "KPIs", hdr, 4);
    assert_string_cell(&c, "October 2026");
    c = cell_at(s->dump, "KPIs", hdr + 1, 4);
    assert_number(&c, 5.5, "0.0");
    c = cell_at(s->dump, "KPIs", hdr + 1, 5);
    assert_string_cell(&c, "\xE2\x9C\x93");
    c = cell_at(s->dump, "KPIs", hdr + 1, 7);
    assert_string_cell(&c, "\xE2\x9C\x97");
    c = cell_at(s->dump, "KPIs", hdr + 2, 5);
    assert_string_cell(&c, "N/A");
    c = cell_at(s->dump, "KPIs", hdr + 2, 6);
    assert_empty(&c); /* no yearly value: no number, never 0 */
    /* no change of two single months; the fixture's rows carry no SPC variation (written
     * only from a computed series: tests/e2e/xlsx_checks.py reads it in the real packs) */
    c = cell_at(s->dump, "KPIs", hdr + 1, 9);
    assert_string_not_equal(c.kind, "num");
    char want[128];
    snprintf(want, sizeof(want), "cf\tKPIs\tE%d:E%d\tcontainsText\t\xE2\x9C\x93", hdr + 1, hdr + 2);
    assert_has_line(s->dump, want);
    snprintf(want, sizeof(want), "cf\tKPIs\tG%d:G%d\tcontainsText\t\xE2\x9C\x97", hdr + 1, hdr + 2);
    assert_has_line(s->dump, want);
}

static void test_kpi_heat_map_lists_each_team_then_the_city_with_marks(void **state)
{
    xlsx_state *s = *state;
    char buf[512];
    const char *sheets = dump_line(s->dump_grid, "sheets\t", buf, sizeof(buf));
    assert_non_null(sheets);
    assert_int_equal(strncmp(sheets, "KPI grid\tMonthly values\t", 24), 0);
    int hdr = row_of(s->dump_grid, "KPI grid", 1, "Team");
    assert_true(hdr > 0);
    const char *teams[] = {"Hillfields", "=Foleshill", "All teams"};
    const char *marks[] = {"\xE2\x9C\x93", "N/A", "\xE2\x9C\x97"};
    for (int i = 0; i < 3; i++) {
        xcell c = cell_at(s->dump_grid, "KPI grid", hdr + 1 + i, 1);
        assert_string_cell(&c, teams[i]);
        c = cell_at(s->dump_grid, "KPI grid", hdr + 1 + i, 2);
        assert_string_cell(&c, "PPH \xE2\x89\xA5 1,000 mL");
        c = cell_at(s->dump_grid, "KPI grid", hdr + 1 + i, 4);
        assert_number(&c, 4.0 + i, "0.0");
        c = cell_at(s->dump_grid, "KPI grid", hdr + 1 + i, 5);
        assert_string_cell(&c, marks[i]);
    }
    char want[128];
    snprintf(want, sizeof(want), "cf\tKPI grid\tE%d:E%d\tcontainsText\tN/A", hdr + 1, hdr + 3);
    assert_has_line(s->dump_grid, want);
}

static void test_outcomes_keep_no_data_and_incomplete_as_text(void **state)
{
    xlsx_state *s = *state;
    int hdr = row_of(s->dump, "Outcomes", 1, "Outcome");
    xcell c = cell_at(s->dump, "Outcomes", hdr, 2);
    assert_string_cell(&c, "2015/16");
    c = cell_at(s->dump, "Outcomes", hdr + 1, 2);
    assert_number(&c, 61.7, "0.0");
    c = cell_at(s->dump, "Outcomes", hdr + 1, 3);
    assert_string_cell(&c, "No data available");
    c = cell_at(s->dump, "Outcomes", hdr + 1, 4);
    assert_string_cell(&c, "Data incomplete");
    c = cell_at(s->dump, "Outcomes", hdr + 2, 2);
    assert_number(&c, 5, "0");
    c = cell_at(s->dump, "Outcomes", hdr + 2, 3);
    assert_string_cell(&c, "\xE2\x80\x93");
}

static void test_unavailable_section_gets_a_sheet_saying_why(void **state)
{
    xlsx_state *s = *state;
    xcell c = cell_at(s->dump, "Funnel", 1, 1);
    assert_string_cell(&c, "Sites compared");
    assert_true(row_of(s->dump, "Funnel", 1, "Not available: no site has data for October 2026.") >
                0);
    assert_int_equal(count_lines(s->dump, "table\tFunnel\t"), 0);
}

static void test_external_pack_shows_stars_and_its_charts_skip_them(void **state)
{
    xlsx_state *s = *state;
    const char *sheet = "PPH \xE2\x89\xA5 1,000 mL";
    int hdr = row_of(s->dump_ext, sheet, 1, "Month");
    int r = hdr + 1 + LAST;
    const char *hidden[] = {"Numerator", "Denominator", "Value", "Lower control", "Upper control"};
    for (size_t i = 0; i < 5; i++) {
        xcell c = cell_at(s->dump_ext, sheet, r, col_of(s->dump_ext, sheet, hdr, hidden[i]));
        assert_string_cell(&c, "*");
    }
    xcell c = cell_at(s->dump_ext, sheet, r, col_of(s->dump_ext, sheet, hdr, "Centre line"));
    assert_string_equal(c.kind, "num");
    c = cell_at(s->dump_ext, sheet, r - 1, col_of(s->dump_ext, sheet, hdr, "Value"));
    assert_string_equal(c.kind, "num");
    /* the chart reads helper columns where the suppressed month is empty, not "*" */
    int helper = col_of(s->dump_ext, sheet, hdr, "Value (chart)");
    assert_true(helper > 0);
    c = cell_at(s->dump_ext, sheet, r, helper);
    assert_empty(&c);
    c = cell_at(s->dump_ext, sheet, r - 1, helper);
    assert_string_equal(c.kind, "num");
    char want[160];
    snprintf(want, sizeof(want), "chart\t%s\t'%s'!$%c$%d:$%c$%d", sheet, sheet, 'A' + helper - 1,
             hdr + 1, 'A' + helper - 1, hdr + 12);
    assert_has_line(s->dump_ext, want);
    c = cell_at(s->dump_ext, "Summary", 7, 6);
    assert_string_cell(&c, "*");
    c = cell_at(s->dump_ext, "Summary", 7, 4);
    assert_string_cell(&c, "*");
    int khdr = row_of(s->dump_ext, "KPIs", 1, "Organisation");
    c = cell_at(s->dump_ext, "KPIs", khdr + 1, 4);
    assert_string_cell(&c, "*");
    c = cell_at(s->dump_ext, "KPIs", khdr + 1, 9); /* never a number */
    assert_string_not_equal(c.kind, "num");
    c = cell_at(s->dump_ext, "KPIs", khdr + 1, 6);
    assert_string_equal(c.kind, "num");
    int ohdr = row_of(s->dump_ext, "Outcomes", 1, "Outcome");
    c = cell_at(s->dump_ext, "Outcomes", ohdr + 2, 2);
    assert_string_cell(&c, "*");
    c = cell_at(s->dump_ext, "About", 8, 2);
    assert_non_null(strstr(c.text, "external"));
}

static void test_formula_like_texts_stay_strings(void **state)
{
    xlsx_state *s = *state;
    char buf[256];
    assert_string_equal(dump_line(s->dump_eq, "prop\ttitle\t", buf, sizeof(buf)), FORMULA);
    xcell c = cell_at(s->dump_eq, "About", 4, 2);
    assert_string_cell(&c, FORMULA);
    c = cell_at(s->dump_eq, "About", 5, 2);
    assert_string_cell(&c, "=1+1 Trust");
    c = cell_at(s->dump_eq, "=SUM(A1-A2)", 1, 1);
    assert_string_cell(&c, "=SUM(A1:A2)");
    c = cell_at(s->dump_eq, "Summary", 7, 1);
    assert_string_cell(&c, "=SUM(A1:A2)");
    assert_int_equal(count_lines(s->dump_eq, "cell\t") > 0, 1);
    /* openpyxl reports a formula cell as data type f: there is none; and no chart text became
     * a formula (libxlsxwriter takes a chart title starting with "=" for one) */
    assert_null(strstr(s->dump_eq, "\tf\t"));
    assert_true(count_lines(s->dump_eq, "chartf\t") > 0);
    assert_int_equal(lines_with(s->dump_eq, "chartf\t", "SUM(A1:A2)"), 0);
}

static void test_sheet_names_are_valid_unique_and_short(void **state)
{
    xlsx_state *s = *state;
    char buf[2048];
    buf[0] = '\t';
    dump_line(s->dump_names, "sheets\t", buf + 1, sizeof(buf) - 2);
    strcat(buf, "\t");
    /* []:*?/\ become '-'; long names end at a space with an ellipsis; repeats get (2) */
    const char *want[] = {"\tRate -a-b-- -very- long\xE2\x80\xA6\t",
                          "\tRate -a-b-- -very- long\xE2\x80\xA6 (2)\t",
                          "\tRate -a-b-- -very-\xE2\x80\xA6 - White\t",
                          "\tNeonatal mortality rate (2)\t", "\tPPH \xE2\x89\xA5 1,000 mL (2)\t"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        if (!strstr(buf, want[i]))
            fail_msg("no sheet '%s' among %s", want[i], buf);
    for (char *name = strtok(buf, "\t"); name; name = strtok(NULL, "\t")) {
        size_t chars = 0;
        for (const unsigned char *p = (const unsigned char *)name; *p; p++)
            chars += (*p & 0xC0) != 0x80;
        if (chars > 31 || strpbrk(name, "[]:*?/\\"))
            fail_msg("invalid sheet name '%s'", name);
    }
}

static void test_document_properties_name_pack_author_and_organisation(void **state)
{
    xlsx_state *s = *state;
    char buf[512];
    assert_string_equal(dump_line(s->dump, "prop\ttitle\t", buf, sizeof(buf)),
                        "Maternity and neonatal safety board report");
    assert_string_equal(dump_line(s->dump, "prop\tcreator\t", buf, sizeof(buf)),
                        "Director of Midwifery");
    assert_string_equal(dump_line(s->dump, "prop\tcompany\t", buf, sizeof(buf)),
                        s->fx->pack.organisation);
    assert_string_equal(dump_line(s->dump, "prop\tcreated\t", buf, sizeof(buf)),
                        "2026-11-23T00:45:00");
    assert_non_null(strstr(dump_line(s->dump, "prop\tsubject\t", buf, sizeof(buf)),
                           "reporting period October 2026"));
    assert_string_equal(dump_line(s->dump, "prop\tkeywords\t", buf, sizeof(buf)),
                        "boardpack, maternity-board");
}

static void test_about_sheet_identifies_pack_and_defines_indicators(void **state)
{
    xlsx_state *s = *state;
    xcell c = cell_at(s->dump, "About", 3, 2);
    assert_string_cell(&c, "maternity-board");
    c = cell_at(s->dump, "About", 9, 2);
    assert_string_equal(c.kind, "date");
    assert_string_equal(c.text, "2026-10-01T00:00:00");
    c = cell_at(s->dump, "About", 12, 2);
    assert_string_equal(c.text, "2026-11-23T00:45:00");
    c = cell_at(s->dump, "About", 13, 1);
    assert_string_cell(&c, "boardpack version");
    int hdr = row_of(s->dump, "About", 1, "Indicator");
    assert_true(hdr > 0);
    c = cell_at(s->dump, "About", hdr + 1, 1);
    assert_string_cell(&c, "stillbirth_rate");
    c = cell_at(s->dump, "About", hdr + 1, 6);
    assert_number(&c, 1000, "General");
    c = cell_at(s->dump, "About", hdr + 1, 9);
    assert_string_cell(&c, "down");
    c = cell_at(s->dump, "About", hdr + 3, 10);
    assert_number(&c, 6.0, "General");
    c = cell_at(s->dump, "About", hdr + 3, 11);
    assert_string_cell(&c, "p");
}

static void test_data_sheets_hold_the_source_rows_for_internal_packs_only(void **state)
{
    xlsx_state *s = *state;
    char buf[1024];
    assert_non_null(
        strstr(dump_line(s->dump_data, "sheets\t", buf, sizeof(buf)), "\tData - maternity\tAbout"));
    assert_null(strstr(dump_line(s->dump_data_ext, "sheets\t", buf, sizeof(buf)), "Data - "));
    assert_null(strstr(dump_line(s->dump, "sheets\t", buf, sizeof(buf)), "Data - "));
    const char *sheet = "Data - maternity";
    int hdr = row_of(s->dump_data, sheet, 1, "org_code");
    xcell c = cell_at(s->dump_data, sheet, hdr, 14);
    assert_string_cell(&c, "Line");
    c = cell_at(s->dump_data, sheet, hdr + 1, 3);
    assert_string_cell(&c, FORMULA);
    c = cell_at(s->dump_data, sheet, hdr + 2, 4);
    assert_string_equal(c.text, "2026-10-01T00:00:00");
    c = cell_at(s->dump_data, sheet, hdr + 1, 6);
    assert_number(&c, 100, "#,##0");
    c = cell_at(s->dump_data, sheet, hdr + 2, 12);
    assert_empty(&c); /* a count the extract left out */
    c = cell_at(s->dump_data, sheet, hdr + 2, 14);
    assert_number(&c, 3, "0");
    int src = row_of(s->dump_data, "About", 1, "Source files") + 1;
    c = cell_at(s->dump_data, "About", src + 1, 3);
    assert_string_cell(&c, "extracts/maternity.csv");
    c = cell_at(s->dump_data, "About", src + 1, 4);
    assert_number(&c, 2, "0");
}

static double width_of(const char *dump, const char *sheet, const char *col)
{
    char prefix[160], buf[64];
    snprintf(prefix, sizeof(prefix), "width\t%s\t%s\t", sheet, col);
    const char *w = dump_line(dump, prefix, buf, sizeof(buf));
    return w ? strtod(w, NULL) : 0;
}

static void test_column_widths_fit_their_content(void **state)
{
    xlsx_state *s = *state;
    double indicator = width_of(s->dump, "Summary", "A"); /* "Neonatal mortality rate" */
    assert_true(indicator >= 23 && indicator < 35);
    double sentence = width_of(s->dump, "Summary", "L"); /* "Sentence about ...: White." */
    assert_true(sentence >= 38 && sentence < 50);
    double phase = width_of(s->dump, "Stillbirth rate", "B");
    assert_true(phase < indicator);
}

static void test_text_longer_than_a_cell_holds_is_cut_not_fatal(void **state)
{
    xlsx_state *s = *state;
    packfixture *fx = packfixture_new(NULL);
    assert_non_null(fx);
    free(fx->defs[0].description);
    fx->defs[0].description = malloc(40001);
    assert_non_null(fx->defs[0].description);
    memset(fx->defs[0].description, 'a', 40000);
    fx->defs[0].description[40000] = '\0';
    int sheets;
    char *dump = write_and_dump(s, fx, NULL, "long.xlsx", &sheets);
    packfixture_free(fx);
    assert_non_null(dump);
    int hdr = row_of(dump, "About", 1, "Indicator");
    char prefix[64], line[1024];
    snprintf(prefix, sizeof(prefix), "cell\tAbout\t%d\t3\tstr\ts\t", hdr + 1);
    assert_non_null(find_line(dump, prefix, line, sizeof(line)));
    const char *cell = strstr(dump, prefix);
    const char *end = strchr(cell, '\n');
    assert_true(end - cell > 31000 && end - cell < 32100);
    assert_non_null(strstr(cell, "aaa\xE2\x80\xA6\t"));
    free(dump);
}

static void test_unwritable_path_is_an_output_error(void **state)
{
    xlsx_state *s = *state;
    bp_error err;
    bp_error_clear(&err);
    int sheets = -1;
    const char *path = "/nonexistent-boardpack-dir/pack.xlsx";
    assert_int_equal(xlsx_pack_write(&s->fx->pack, path, &sheets, &err), BP_EOUTPUT);
    assert_int_equal(err.code, BP_EOUTPUT);
    assert_string_equal(err.file, path);
    assert_non_null(strstr(err.message, "cannot write the workbook"));
    assert_int_equal(sheets, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheets_follow_the_template_then_series_sheets_then_about),
        cmocka_unit_test(test_series_sheets_hold_the_spc_results_in_full_precision),
        cmocka_unit_test(test_gap_month_is_an_empty_cell_in_series_and_monthly_sheets),
        cmocka_unit_test(test_series_sheet_is_a_table_with_a_line_chart_on_its_own_columns),
        cmocka_unit_test(test_special_cause_points_are_named_coloured_and_marked_on_the_chart),
        cmocka_unit_test(test_summary_sheet_has_numbers_words_colours_filter_and_frozen_header),
        cmocka_unit_test(test_kpi_sheet_shows_marks_as_symbols_with_conditional_colours),
        cmocka_unit_test(test_kpi_heat_map_lists_each_team_then_the_city_with_marks),
        cmocka_unit_test(test_outcomes_keep_no_data_and_incomplete_as_text),
        cmocka_unit_test(test_unavailable_section_gets_a_sheet_saying_why),
        cmocka_unit_test(test_external_pack_shows_stars_and_its_charts_skip_them),
        cmocka_unit_test(test_formula_like_texts_stay_strings),
        cmocka_unit_test(test_sheet_names_are_valid_unique_and_short),
        cmocka_unit_test(test_document_properties_name_pack_author_and_organisation),
        cmocka_unit_test(test_about_sheet_identifies_pack_and_defines_indicators),
        cmocka_unit_test(test_data_sheets_hold_the_source_rows_for_internal_packs_only),
        cmocka_unit_test(test_column_widths_fit_their_content),
        cmocka_unit_test(test_text_longer_than_a_cell_holds_is_cut_not_fatal),
        cmocka_unit_test(test_unwritable_path_is_an_output_error),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
