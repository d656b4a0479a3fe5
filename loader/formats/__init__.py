"""One module per input format; each turns a file into records, edges and rejects."""
