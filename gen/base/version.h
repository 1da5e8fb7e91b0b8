/* version.h: regdefgen's version, printed by --version and in generated banners. */
#ifndef REGDEFGEN_VERSION_H
#define REGDEFGEN_VERSION_H
#define REGDEFGEN_VERSION "0.1.0"
#endif
