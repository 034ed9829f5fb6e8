/* csv.c - placeholder until the module lands. */
