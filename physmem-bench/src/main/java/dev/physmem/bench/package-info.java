/**
 * JMH benchmarks of physmem's hot paths: dispatch lookups, commits that map regions one by one,
 * and (with the access path) loads, stores and copies through an address space. Results and the
 * commands that produced them are in {@code docs/PERFORMANCE.md}.
 */
package dev.physmem.bench;
