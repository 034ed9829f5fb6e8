/* pdf_bench.c - measures the PDF renderer: loads a configuration and its extracts, builds one
 * pack with its template, then writes its PDF RUNS times and prints pages per second and the peak
 * resident memory. bench/pdf_bench.sh makes a 100-indicator configuration to feed it. */
#include "extract.h"
#include "pack.h"
#include "pack_sections.h"
#include "pdf_pack.h"
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef FONT_DIR
#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

static double bench_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_report_errors(const bp_errors *errs)
{
    for (size_t i = 0; i < errs->n; i++)
        fprintf(stderr, "pdf_bench: %s:%ld: %s\n", errs->items[i].file, errs->items[i].line,
                errs->items[i].message);
}

typedef struct {
    bp_config *cfg;
    model *m;
    reject_list rej;
    extract_stats *stats;
    tpl_template *t;
    pack_content pc;
    bool built;
} bench_world;

/* Load everything and build the pack; 0 on success. */
static int bench_build(bench_world *w, const char *config, const char *pack, bp_errors *errs)
{
    w->cfg = config_load(config, errs);
    const cfg_pack *def = w->cfg ? config_pack(w->cfg, pack) : NULL;
    if (!def)
        return -1;
    w->m = model_new();
    rejects_init(&w->rej);
    w->stats = calloc(w->cfg->nsources, sizeof(*w->stats));
    if (!w->m || !w->stats || extract_load_all(w->cfg, w->m, &w->rej, w->stats, errs) != BP_OK)
        return -1;
    w->t =
        def->template_path ? template_load(def->template_path, w->cfg, errs) : template_default();
    if (!w->t)
        return -1;
    bp_error e;
    bp_error_clear(&e);
    if (pack_build(w->cfg, w->m, def, -1, w->m->last_month, time(NULL), &w->pc, &e) != BP_OK ||
        (w->built = true, pack_build_sections(&w->pc, w->cfg, w->m, w->t, &e)) != BP_OK) {
        bp_errors_add(errs, &e);
        return -1;
    }
    return 0;
}

static void bench_free(bench_world *w)
{
    if (w->built)
        pack_content_free(&w->pc);
    template_free(w->t);
    free(w->stats);
    if (w->m) {
        rejects_free(&w->rej);
        model_free(w->m);
    }
    config_free(w->cfg);
}

/* Write the PDF runs times; prints the figures. 0 on success. */
static int bench_write(bench_world *w, int runs)
{
    char dir[] = "/tmp/pdf-bench-XXXXXX", path[64];
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/pack.pdf", dir);
    int pages = 0, rc = 0;
    double t0 = bench_seconds();
    for (int i = 0; i < runs && rc == 0; i++) {
        bp_error e;
        bp_error_clear(&e);
        if (pdf_pack_write_ex(&w->pc, w->m, path, FONT_DIR, &pages, &e) != BP_OK) {
            fprintf(stderr, "pdf_bench: %s\n", e.message);
            rc = -1;
        }
    }
    double secs = bench_seconds() - t0;
    struct stat st;
    long bytes = stat(path, &st) == 0 ? (long)st.st_size : 0;
    unlink(path);
    rmdir(dir);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (rc == 0)
        printf("pdf_bench: %zu indicators, %d pages, %.1f KiB per PDF; %d runs in %.2f s: "
               "%.0f pages per second; peak RSS %.1f MiB\n",
               w->pc.ninds, pages, (double)bytes / 1024, runs, secs, (double)pages * runs / secs,
               (double)ru.ru_maxrss / 1024);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pdf_bench CONFIG PACK [RUNS]\n");
        return 2;
    }
    int runs = argc > 3 ? atoi(argv[3]) : 3;
    bench_world w;
    memset(&w, 0, sizeof(w));
    bp_errors errs;
    bp_errors_init(&errs);
    double t0 = bench_seconds();
    int rc = bench_build(&w, argv[1], argv[2], &errs);
    if (rc == 0)
        printf("pdf_bench: pack '%s' built in %.2f s\n", argv[2], bench_seconds() - t0);
    else
        bench_report_errors(&errs);
    if (rc == 0)
        rc = bench_write(&w, runs > 0 ? runs : 1);
    bench_free(&w);
    bp_errors_free(&errs);
    return rc == 0 ? 0 : 1;
}
