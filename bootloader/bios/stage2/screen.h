// The BIOS side of the error line: the teletype while the screen is in text mode.
#pragma once

void screen_graphics_mode();  // a framebuffer is set: the BIOS teletype is gone
