/* pack.c - placeholder until the module lands. */
