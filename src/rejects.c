/* rejects.c - placeholder until the module lands. */
