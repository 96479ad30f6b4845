#pragma once

// ferry-cli reads and writes JSON with Boost.JSON (compiled once, in ferry_core); this is the
// last step before a value is printed or sent.

#include <boost/json/value.hpp>
#include <string>

namespace ferry::app::cli {

/// `value` as compact single-line JSON, so one value is one line of output. Boost.JSON copies
/// string bytes through as they are, so a name or message that is not valid UTF-8 would make
/// invalid JSON: each byte of a string value that does not begin a valid UTF-8 sequence becomes
/// U+FFFD first. DEL is written as \u007f, as ferry-cli always has. (Keys are not checked:
/// ferry-cli's keys are literals.)
std::string jsonText(boost::json::value value);

} // namespace ferry::app::cli
