/** Address spaces and the access paths through them. */
package dev.physmem.space;
