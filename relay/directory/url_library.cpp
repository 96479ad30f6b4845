// Boost.URL's implementation, compiled once for the directory (Debian's libboost1.81-dev
// ships its headers only).
#include <boost/url/src.hpp>
