/* extract_maternity.c - placeholder until the module lands. */
