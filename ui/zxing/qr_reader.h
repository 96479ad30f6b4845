#pragma once

// Reading a QR code with ZXing-C++, whose API changed between the version Debian 12 has (1.4:
// DecodeHints, Result) and the ones Windows' and macOS' package managers have (2.x and 3.x:
// ReaderOptions, Barcode). One file per API (qr_reader_zxing1.cpp, qr_reader_zxing2.cpp);
// ui/CMakeLists.txt picks by the version found.

#include <cstdint>
#include <optional>
#include <string>

namespace ferry::ui {

/// The text of a QR code in an 8-bit grey image (`stride` bytes a row), trying hard and in
/// every rotation; nullopt if there is none.
std::optional<std::string> readQrCode(const std::uint8_t* gray, int width, int height, int stride);

} // namespace ferry::ui
