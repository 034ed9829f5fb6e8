/* sha256.c - placeholder until the module lands. */
