/* extract_ae.c - placeholder until the module lands. */
