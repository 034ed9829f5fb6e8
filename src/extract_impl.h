/* extract_impl.h - placeholder */
