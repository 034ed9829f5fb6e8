/* indicator.c - placeholder until the module lands. */
