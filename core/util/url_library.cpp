// Boost.URL's implementation, compiled once here: Debian's libboost1.81-dev ships the headers
// only. The directory's requests and the clients that build them use it.
#include <boost/url/src.hpp>
