/**
 * Display models: {@link dev.physmem.models.display.Framebuffer}, a linear framebuffer that
 * redraws only the scanlines the guest changed, through VGA dirty logging; the standard VGA
 * ({@link dev.physmem.models.x86.StdVga#framebuffer()}) hands it a VBE mode's video RAM.
 */
package dev.physmem.models.display;
