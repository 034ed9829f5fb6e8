/* extract_collab.c - placeholder until the module lands. */
