#pragma once

#include "util/result.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace ferry::core {

/// A QR code as a square of modules, ready to draw (terminal text, image, vector).
struct QrMatrix {
    int size = 0;                      ///< modules per side, without the quiet zone
    std::vector<std::uint8_t> modules; ///< row-major, 1 = dark

    bool dark(int x, int y) const {
        return x >= 0 && y >= 0 && x < size && y < size &&
               modules[static_cast<std::size_t>(y * size + x)] != 0;
    }
};

/// Encodes text (a link) with libqrencode, 8-bit mode, error correction level M so a code
/// shown on a screen or in a video call still scans. Fails only for text too long.
Result<QrMatrix> encodeQr(std::string_view text);

} // namespace ferry::core
