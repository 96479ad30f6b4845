#pragma once

#include "util/result.h"

#include <string>
#include <string_view>

namespace ferry::app::cli {

/// Renders `text` as a QR code (core::encodeQr) drawn with Unicode
/// half blocks: two module rows per line of text, with a quiet zone of 2 modules.
///
/// Terminals draw light characters on a dark background, so the light modules are the ones
/// drawn as blocks: on screen the code then reads dark-on-light, as scanners expect.
core::Result<std::string> qrText(std::string_view text);

} // namespace ferry::app::cli
