/** Host memory behind guest RAM, through java.lang.foreign: anonymous mappings (for now). */
package dev.physmem.host;
