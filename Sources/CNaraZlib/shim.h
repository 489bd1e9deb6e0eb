// zlib's deflate and CRC-32, for the streamed ZIP writer of exports (NaraWeb/Views/Export).
#include <zlib.h>
