/* model.c - placeholder until the module lands. */
