/* run.h - the commands behind the command line: run, validate, list. They load the
 * configuration and extracts, build each pack and write its files; they report through a log
 * callback and a bp_errors list and never print, so main.c alone decides what the user sees. */
#ifndef BP_RUN_H
#define BP_RUN_H

#include "error.h"
#include "period.h"
#include <stddef.h>
#include <time.h>

typedef enum { RUN_LOG_ERROR, RUN_LOG_SUMMARY, RUN_LOG_VERBOSE } run_log_level;
typedef void (*run_log_fn)(void *ctx, run_log_level level, const char *line);

typedef struct {
    const char *config_path;
    bp_month period;          /* BP_MONTH_NONE: the latest complete month in the extracts */
    const char *const *packs; /* pack ids requested; none means every pack */
    size_t npacks;
    const char *out_dir;      /* default "out" */
    const char *font_dir;     /* default FONT_DIR */
    time_t now;               /* generation time stamped on outputs */
    run_log_fn log;
    void *log_ctx;
} run_options;

bp_status run_command_run(const run_options *o, bp_errors *errs);
bp_status run_command_validate(const run_options *o, bp_errors *errs);
bp_status run_command_list(const run_options *o, bp_errors *errs);

#endif
