/* fuzz_util.c - the scratch directory the harnesses write their inputs to. One directory per
 * process, because libFuzzer's -jobs and -fork run several processes side by side, and the
 * same file names reused for every input, so a long run does not fill the disk. */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_MAX_FILES 16

static char dir[256];
static char *files[FUZZ_MAX_FILES];
static size_t nfiles;

static void cleanup(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        unlink(files[i]);
        free(files[i]);
    }
    nfiles = 0;
    if (dir[0])
        rmdir(dir);
}

static void make_dir(void)
{
    /* /dev/shm keeps millions of small writes off the disk; fall back where it is absent. */
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    snprintf(dir, sizeof(dir), "%s/bp-fuzz-XXXXXX", base);
    if (!mkdtemp(dir))
        abort();
    atexit(cleanup);
}

const char *__lsan_default_suppressions(void)
{
    /* Two leaks inside libconfig itself, on syntax errors: its string builder (strbuf_append)
     * and its lexer (libconfig_yylex: 1 byte when a run of adjacent "" strings is cut short by
     * an error; found by fuzz_config and fuzz_template, inputs kept under regressions/). Both
     * sites are libconfig's, nothing of boardpack's, so a leak of ours is still reported. */
    return "leak:strbuf_append\nleak:libconfig_yylex\n";
}

const char *fuzz_path(const char *name)
{
    if (!dir[0])
        make_dir();
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    for (size_t i = 0; i < nfiles; i++)
        if (strcmp(files[i], path) == 0)
            return files[i];
    if (nfiles == FUZZ_MAX_FILES)
        abort(); /* a harness asking for ever new names is a harness bug */
    files[nfiles] = strdup(path);
    if (!files[nfiles])
        abort();
    return files[nfiles++];
}

void fuzz_write(const char *path, const void *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size > 0 && fwrite(data, 1, size, fp) != size)
        abort();
    if (fclose(fp) != 0)
        abort();
}

void fuzz_write_text(const char *path, const char *text)
{
    fuzz_write(path, text, strlen(text));
}
