// The cmark C library (CommonMark), as Debian's libcmark-dev installs it.
#include <cmark.h>
