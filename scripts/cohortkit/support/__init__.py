"""Generic helpers with no knowledge of programs: forked workers, pausing the garbage collector."""
