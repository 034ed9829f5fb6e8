/* spc_cli.h - `boardpack spc`: the statistics engine on the command line (CONTRACTS.md
 * section 4). Reads a CSV of series, computes each with spc_compute and writes the section 4
 * CSV. It is the command's front end, like main.c: the only place in it that prints. */
#ifndef BP_SPC_CLI_H
#define BP_SPC_CLI_H

#include <stdio.h>

/* Run the command. argv[0] is "spc"; the options and FILE follow ("-" reads standard input).
 * The CSV goes to out and nothing else does; every problem goes to errout as one line
 * "boardpack: FILE:LINE:COL: reason" (or naming the option). Returns the exit code: 0 done;
 * 2 a usage error or malformed input (nothing is written to out); 3 out could not be written;
 * 4 internal error (out of memory). */
int spc_cli_main(int argc, char **argv, FILE *out, FILE *errout);

/* The text of `boardpack spc --help`. */
void spc_cli_usage(FILE *fp);

#endif
