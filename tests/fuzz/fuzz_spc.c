/* fuzz_spc.c - libFuzzer harness for `boardpack spc` (src/spc_cli.c reading, checking,
 * ordering and computing each series, through spc.c and spc_csv.c). The first byte picks the
 * options: bits 0-2 the chart, bit 3 Anhoej rules, bit 4 MR screening, bit 5 a baseline, bit 6
 * the improvement direction, bit 7 a split, a target and a shorter minimum. The rest is the
 * input CSV. Output and messages go to /dev/null: a harness never prints. */
#include "fuzz_util.h"

#include "spc_cli.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const charts[8] = {"run", "i", "mr", "p", "pp", "u", "up", "c"};

static FILE *sink; /* /dev/null, opened once */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    const char *path = fuzz_path("series.csv");
    fuzz_write(path, data + 1, size - 1);

    unsigned flags = data[0];
    char *argv[24];
    int argc = 0;
    argv[argc++] = (char *)"spc";
    argv[argc++] = (char *)"--chart";
    argv[argc++] = (char *)charts[flags & 7];
    if (flags & 0x08) {
        argv[argc++] = (char *)"--rules";
        argv[argc++] = (char *)"anhoej";
    }
    if (flags & 0x10)
        argv[argc++] = (char *)"--mr-screening";
    if (flags & 0x20) {
        argv[argc++] = (char *)"--baseline";
        argv[argc++] = (char *)"4";
    }
    argv[argc++] = (char *)"--improvement";
    argv[argc++] = (char *)((flags & 0x40) ? "up" : "down");
    if (flags & 0x80) {
        argv[argc++] = (char *)"--split";
        argv[argc++] = (char *)"2024-03";
        argv[argc++] = (char *)"--target";
        argv[argc++] = (char *)"50";
        argv[argc++] = (char *)"--min-points";
        argv[argc++] = (char *)"3";
    }
    argv[argc++] = (char *)path;
    argv[argc] = NULL;
    int rc = spc_cli_main(argc, argv, sink, sink);
    if (rc == 3)
        abort(); /* /dev/null always takes the output */
    return 0;
}
