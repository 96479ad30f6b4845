// Boost.JSON's implementation, compiled once here: Debian's libboost1.81-dev ships the
// headers only, and every Ferry program links ferry_core. Code elsewhere includes
// <boost/json.hpp> (or the parts it uses) as usual.
#include <boost/json/src.hpp>
