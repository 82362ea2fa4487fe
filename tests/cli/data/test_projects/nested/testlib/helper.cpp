// Linked into mm/alloc alone.
int helper_answer() { return 42; }
