/* main.c - the command line: parses arguments, picks the configuration file, runs a command,
 * prints what the user should see (one summary line per pack; errors as "boardpack: ..." on
 * stderr) and turns the command's status into the exit code documented in --help. */
#include "error.h"
#include "period.h"
#include "run.h"
#include "spc_cli.h"
#include "strutil.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc"
#endif
#ifndef FONT_DIR
#define FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

#define MAX_PACKS 64

enum { VERB_QUIET, VERB_NORMAL, VERB_VERBOSE };

typedef struct {
    int verbosity;
    bool notices; /* print rejected-row notices (validate always, run with --verbose) */
} ui;

static const char exit_codes_help[] =
    "Exit codes:\n"
    "  0  every requested output was written\n"
    "  1  input data errors: a pack would be wrong, so it was not written\n"
    "  2  usage, configuration or template error\n"
    "  3  output could not be written (disk full, permissions)\n"
    "  4  internal error\n";

static void usage_main(FILE *fp)
{
    fprintf(fp,
            "Usage: boardpack COMMAND [OPTIONS]\n"
            "Turn monthly data extracts into PDF board packs and Excel workbooks.\n\n"
            "Commands:\n"
            "  run        build and write packs for a reporting month\n"
            "  validate   check the configuration and every extract; write no pack\n"
            "  list       show the packs, templates, indicators and sources configured\n"
            "  spc        statistical process control on a CSV file (see boardpack spc --help)\n\n"
            "Options:\n"
            "  -h, --help     show this help (also: boardpack COMMAND --help)\n"
            "  -V, --version  show the version\n\n"
            "%s\n"
            "The configuration is config/boardpack.cfg in the working directory, else\n"
            "%s/boardpack/boardpack.cfg. See man boardpack.\n",
            exit_codes_help, SYSCONFDIR);
}

static void usage_run(FILE *fp)
{
    fprintf(fp,
            "Usage: boardpack run [--config FILE] [--period YYYY-MM] [--pack ID]... [--out DIR]\n"
            "                     [--verbose | --quiet]\n"
            "Build every pack of the configuration (or those named by --pack) for one reporting\n"
            "month and write OUT/PERIOD/PACK.pdf, PACK.xlsx, rejects.csv and manifest.json.\n"
            "Files appear complete or not at all. A pack whose sources or indicators have no\n"
            "data for the month is not written (exit 1); see man boardpack.\n\n"
            "  -c, --config FILE    configuration file\n"
            "  -p, --period YYYY-MM reporting month (default: latest complete month in the data)\n"
            "  -k, --pack ID        only this pack (repeatable)\n"
            "  -o, --out DIR        output directory (default: out)\n"
            "  -v, --verbose        report progress and every rejected row\n"
            "  -q, --quiet          print only errors\n"
            "  -h, --help           show this help\n\n%s",
            exit_codes_help);
}

static void usage_validate(FILE *fp)
{
    fprintf(fp,
            "Usage: boardpack validate [--config FILE] [--period YYYY-MM] [--pack ID]...\n"
            "                          [--out DIR] [--verbose | --quiet]\n"
            "Check the configuration, templates and every extract without writing a pack.\n"
            "Every rejected row is reported as FILE:LINE:COLUMN: reason, and written to\n"
            "OUT/PERIOD/rejects.csv. Each pack that run would refuse for the month is named\n"
            "(\"pack 'ID' would not be written: ...\"), and the exit code is the one run would\n"
            "give for the same month and packs.\n\n"
            "  -c, --config FILE    configuration file\n"
            "  -p, --period YYYY-MM reporting month (default: as run chooses it)\n"
            "  -k, --pack ID        only this pack (repeatable)\n"
            "  -o, --out DIR        output directory for rejects.csv (default: out)\n"
            "  -v, --verbose        report progress\n"
            "  -q, --quiet          print only errors\n"
            "  -h, --help           show this help\n\n%s",
            exit_codes_help);
}

static void usage_list(FILE *fp)
{
    fprintf(fp,
            "Usage: boardpack list [--config FILE]\n"
            "Show the packs, templates, indicators and sources the configuration defines.\n\n"
            "  -c, --config FILE    configuration file\n"
            "  -h, --help           show this help\n\n%s",
            exit_codes_help);
}

static void log_line(void *ctx, run_log_level level, const char *line)
{
    const ui *u = ctx;
    if (level == RUN_LOG_ERROR)
        fprintf(stderr, "boardpack: %s\n", line);
    else if (level == RUN_LOG_SUMMARY && u->verbosity >= VERB_NORMAL)
        printf("%s\n", line);
    else if (level == RUN_LOG_VERBOSE && u->verbosity >= VERB_VERBOSE)
        printf("%s\n", line);
    fflush(stdout);
}

static void print_errors(const bp_errors *errs, const ui *u)
{
    char line[2048];
    for (size_t i = 0; i < errs->n; i++) {
        const bp_error *e = &errs->items[i];
        if (e->code == BP_OK && !u->notices)
            continue;
        bp_error_format(e, line, sizeof(line));
        fprintf(stderr, "boardpack: %s\n", line);
    }
}

static const char *default_config(void)
{
    static char path[1024];
    if (access("config/boardpack.cfg", F_OK) == 0)
        return "config/boardpack.cfg";
    snprintf(path, sizeof(path), "%s/boardpack/boardpack.cfg", SYSCONFDIR);
    return path;
}

/* SOURCE_DATE_EPOCH pins the generation time, for reproducible outputs in tests. */
static time_t generation_time(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s && *s) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (*end == '\0' && v >= 0)
            return (time_t)v;
    }
    return time(NULL);
}

static int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "boardpack: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nboardpack: try 'boardpack %s --help'\n", cmd);
    return BP_ECONFIG;
}

typedef struct {
    const char *name;
    bp_status (*fn)(const run_options *, bp_errors *);
    void (*usage)(FILE *);
    const char *shortopts;
} command;

static const command commands[] = {
    {"run", run_command_run, usage_run, "c:p:k:o:vqh"},
    {"validate", run_command_validate, usage_validate, "c:p:k:o:vqh"},
    {"list", run_command_list, usage_list, "c:h"},
};

static const struct option long_options[] = {
    {"config", required_argument, NULL, 'c'}, {"period", required_argument, NULL, 'p'},
    {"pack", required_argument, NULL, 'k'},   {"out", required_argument, NULL, 'o'},
    {"verbose", no_argument, NULL, 'v'},      {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
};

static int run_cmd(const command *c, int argc, char **argv)
{
    const char *packs[MAX_PACKS];
    ui u = {VERB_NORMAL, strcmp(c->name, "validate") == 0};
    run_options o = {0};
    o.period = BP_MONTH_NONE;
    o.out_dir = "out";
    o.font_dir = FONT_DIR;
    o.packs = packs;
    o.log = log_line;
    o.log_ctx = &u;
    opterr = 0;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, c->shortopts, long_options, NULL)) != -1) {
        char why[256];
        switch (ch) {
        case 'c': o.config_path = optarg; break;
        case 'o': o.out_dir = optarg; break;
        case 'v': u.verbosity = VERB_VERBOSE; u.notices = true; break;
        case 'q': u.verbosity = VERB_QUIET; break;
        case 'h': c->usage(stdout); return 0;
        case 'p':
            if (!period_parse(optarg, PERIOD_FMT_YYYY_MM, &o.period, why, sizeof(why)))
                return usage_error(c->name, "--period: %s", why);
            break;
        case 'k':
            if (o.npacks == MAX_PACKS)
                return usage_error(c->name, "too many --pack options (at most %d)", MAX_PACKS);
            packs[o.npacks++] = optarg;
            break;
        default:
            return usage_error(c->name, "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error(c->name, "unexpected argument '%s'", argv[optind]);
    if (!o.config_path)
        o.config_path = default_config();
    o.now = generation_time();
    bp_errors errs;
    bp_errors_init(&errs);
    bp_status st = c->fn(&o, &errs);
    print_errors(&errs, &u);
    bp_errors_free(&errs);
    return (int)st;
}

int main(int argc, char **argv)
{
    /* A file-size limit (ulimit -f) would otherwise kill the run silently mid-write; ignored,
     * the write fails with EFBIG and is reported, cleaned up and counted like a full disk. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage_main(stderr);
        return BP_ECONFIG;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage_main(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("boardpack %s\n", PACKAGE_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return run_cmd(&commands[i], argc - 1, argv + 1);
    if (strcmp(cmd, "spc") == 0)
        return spc_cli_main(argc - 1, argv + 1, stdout, stderr);
    const char *const names[] = {"run", "validate", "list", "spc"};
    const char *near = bp_nearest(cmd, names, sizeof(names) / sizeof(names[0]));
    fprintf(stderr, "boardpack: unknown command '%s'", cmd);
    if (near)
        fprintf(stderr, " (did you mean '%s'?)", near);
    fprintf(stderr, "\nboardpack: try 'boardpack --help'\n");
    return BP_ECONFIG;
}
