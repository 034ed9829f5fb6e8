/* csv_bench.c - measures the CSV reader: writes N extract-like rows (some with quoted commas,
 * doubled quotes and newlines) to a temporary file, reads them back, and prints rows per second
 * and the peak resident memory, which should not grow with N. Build: see bench/README.md. */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int bench_write(const char *path, long rows)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs("\xEF\xBB\xBForg_code,org_name,site,period,ethnic_group,maternities,total_births,"
          "live_births,stillbirths,neonatal_deaths,pph_1000ml,bookings,pph_risk_assessed\r\n",
          fp);
    for (long i = 0; i < rows; i++) {
        const char *name = i % 7 == 0    ? "\"Trust \"\"North\"\", Site A\""
                           : i % 11 == 0 ? "\"Two\r\nline name\""
                                         : "Lancashire Teaching Hospitals NHS FT";
        fprintf(fp,
                "R%03ld,%s,Site %ld,2024-%02ld,White British,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld\r\n",
                i % 500, name, i % 3, i % 12 + 1, 100 + i % 50, 101 + i % 50, 100 + i % 50, i % 2,
                i % 3, i % 9, 120 + i % 40, 110 + i % 40);
    }
    return fclose(fp);
}

static double bench_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_read(const char *path, long *records, long *fields)
{
    bp_error err;
    csv_reader *r = csv_reader_open(path, NULL, &err);
    if (!r) {
        fprintf(stderr, "csv_bench: %s: %s\n", err.file, err.message);
        return -1;
    }
    csv_record rec;
    csv_status st;
    while ((st = csv_reader_next(r, &rec, &err)) == CSV_RECORD) {
        (*records)++;
        *fields += (long)rec.nfields;
    }
    csv_reader_free(r);
    if (st != CSV_END) {
        fprintf(stderr, "csv_bench: %s:%ld: %s\n", err.file, err.line, err.message);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    char dir[] = "/tmp/csv_bench.XXXXXX";
    if (rows <= 0 || !mkdtemp(dir)) {
        fprintf(stderr, "usage: csv_bench [ROWS]\n");
        return 2;
    }
    char path[64];
    snprintf(path, sizeof(path), "%s/rows.csv", dir);
    int rc = bench_write(path, rows);
    long records = 0, fields = 0;
    double t0 = bench_seconds();
    if (rc == 0)
        rc = bench_read(path, &records, &fields);
    double dt = bench_seconds() - t0;
    unlink(path);
    rmdir(dir);
    if (rc != 0)
        return 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%ld records (%ld fields) in %.3f s: %.0f rows/s; peak RSS %ld KiB\n", records, fields,
           dt, (double)records / dt, ru.ru_maxrss);
    return 0;
}
