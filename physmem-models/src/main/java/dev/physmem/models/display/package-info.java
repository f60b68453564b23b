/**
 * Display models: {@link dev.physmem.models.display.Framebuffer}, a linear framebuffer that
 * redraws only the scanlines the guest changed, through VGA dirty logging.
 */
package dev.physmem.models.display;
