/* extract.c - placeholder until the module lands. */
