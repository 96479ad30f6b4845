#include "cli/qr_text.h"

#include <memory>
#include <qrencode.h>

namespace ferry::app::cli {

namespace {

constexpr int kQuietZone = 2;

struct QrCodeDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

} // namespace

core::Result<std::string> qrText(std::string_view text) {
    const std::string data(text); // QRencode wants a NUL-terminated string
    std::unique_ptr<QRcode, QrCodeDeleter> code(
        QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_L));
    if (!code)
        return core::makeError("qr", "the link is too long for a QR code");

    const int size = code->width;
    const int total = size + 2 * kQuietZone;
    // Whether the module at (x, y) of the padded square is dark (bit 0 of each byte).
    const auto dark = [&](int x, int y) {
        x -= kQuietZone;
        y -= kQuietZone;
        if (x < 0 || y < 0 || x >= size || y >= size)
            return false;
        return (code->data[y * size + x] & 1) != 0;
    };
    std::string out;
    for (int y = 0; y < total; y += 2) {
        for (int x = 0; x < total; ++x) {
            const bool topLight = !dark(x, y);
            const bool bottomLight = y + 1 < total ? !dark(x, y + 1) : false;
            if (topLight && bottomLight)
                out += "\u2588"; // full block
            else if (topLight)
                out += "\u2580"; // upper half block
            else if (bottomLight)
                out += "\u2584"; // lower half block
            else
                out += ' ';
        }
        out += '\n';
    }
    return out;
}

} // namespace ferry::app::cli
