/* replay_main.c - a main() for the fuzz harnesses without libFuzzer: feeds each file named on
 * the command line to LLVMFuzzerTestOneInput once. make check links every harness with it (gcc,
 * and ASan when configured with --enable-sanitizers) to replay the seeds and every crash kept
 * under tests/fuzz/regressions. */
#include "fuzz_util.h"

#include <stdio.h>
#include <stdlib.h>

/* The whole file in a buffer of exactly its size, so a sanitizer build sees any read past it. */
static unsigned char *read_all(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            unsigned char *q = realloc(buf, cap);
            if (!q) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = q;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        return NULL;
    }
    unsigned char *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        exact[i] = buf[i];
    free(buf);
    *size = n;
    return exact;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t size = 0;
        unsigned char *data = read_all(argv[i], &size);
        if (!data) {
            fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    return 0;
}
