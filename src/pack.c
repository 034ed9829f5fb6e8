/* pack.c - assembles what one pack shows for one period and unit: its title, the unit's name,
 * and the indicator series over the pack's months. Everything a renderer prints comes from here. */
#include "pack.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static char *sources_note(const bp_config *cfg, const cfg_pack *def)
{
    bp_buf b;
    bp_buf_init(&b);
    bp_buf_puts(&b, def->nsources == 1 ? "Source: " : "Sources: ");
    for (size_t i = 0; i < def->nsources; i++) {
        const cfg_source *s = config_source(cfg, def->sources[i]);
        if (i)
            bp_buf_puts(&b, ", ");
        bp_buf_puts(&b, s ? base_name(s->file_label) : def->sources[i]);
    }
    if (b.failed) {
        bp_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static bp_status unit_identity(const bp_config *cfg, const model *m, const cfg_pack *def, int org,
                               pack_content *out)
{
    if (org >= 0) {
        out->id = bp_asprintf("%s-%s", def->id, model_dict_name(&m->orgs, org));
        out->organisation = bp_strdup(m->org_names[org]);
    } else {
        out->id = bp_strdup(def->id);
        out->organisation = bp_strdup(cfg->organisation);
    }
    out->title = bp_strdup(def->title);
    out->classification = bp_strdup(cfg->classification);
    out->author = bp_strdup(cfg->author);
    out->source_note = sources_note(cfg, def);
    if (!out->id || !out->organisation || !out->title || !out->classification || !out->author ||
        !out->source_note)
        return BP_EINTERNAL;
    return BP_OK;
}

bp_status pack_build(const bp_config *cfg, const model *m, const cfg_pack *def, int org,
                     bp_month period, time_t now, pack_content *out, bp_error *err)
{
    memset(out, 0, sizeof(*out));
    out->def = def;
    out->period = period;
    out->first = period - (def->months - 1);
    out->generated_at = now;
    if (unit_identity(cfg, m, def, org, out) != BP_OK) {
        pack_content_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    out->inds = calloc(def->nindicators ? def->nindicators : 1, sizeof(*out->inds));
    if (!out->inds) {
        pack_content_free(out);
        return bp_error_set(err, BP_EINTERNAL, NULL, 0, 0, "out of memory");
    }
    ind_filter f = IND_FILTER_ALL;
    f.org = org;
    for (size_t i = 0; i < def->nindicators; i++) {
        const cfg_indicator *ind = config_indicator(cfg, def->indicators[i]);
        if (!ind) {
            pack_content_free(out);
            return bp_error_set(err, BP_ECONFIG, def->cfg_file, def->cfg_line, 0,
                                "pack '%s': unknown indicator '%s'", def->id,
                                def->indicators[i]);
        }
        pack_indicator *pi = &out->inds[out->ninds];
        pi->def = ind;
        bp_status st = indicator_compute(m, cfg, ind, &f, out->first, period, &pi->series, err);
        if (st != BP_OK) {
            pack_content_free(out);
            return st;
        }
        out->ninds++;
    }
    return BP_OK;
}

void pack_content_free(pack_content *p)
{
    for (size_t i = 0; i < p->ninds; i++)
        indicator_series_free(&p->inds[i].series);
    free(p->inds);
    free(p->id);
    free(p->title);
    free(p->organisation);
    free(p->classification);
    free(p->author);
    free(p->source_note);
    memset(p, 0, sizeof(*p));
}

void pack_format_value(const pack_indicator *pi, const ind_point *pt, char *buf, size_t n)
{
    if (!pt->has_value) {
        snprintf(buf, n, "\xE2\x80\x93"); /* en dash: a gap, never a zero */
        return;
    }
    snprintf(buf, n, "%.*f", pi->def->decimals, pt->value);
}
