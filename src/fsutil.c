/* fsutil.c - placeholder until the module lands. */
