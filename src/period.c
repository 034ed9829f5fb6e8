/* period.c - placeholder until the module lands. */
