//! Benchmark of reading and simplifying a generated budget (filled in below).
fn main() {}
