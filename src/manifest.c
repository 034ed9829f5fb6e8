/* manifest.c - placeholder until the module lands. */
