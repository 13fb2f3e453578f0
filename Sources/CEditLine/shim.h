// libedit (Debian: libedit-dev). Swift cannot call the variadic el_set/history, nor touch C globals
// under Swift 6 checking, so every such use goes through a static inline function declared here.
#include <stdio.h>
#include <histedit.h>
