#include "cli/qr_text.h"

#include "util/qr_code.h"
#include "util/util_errc.h"

namespace ferry::app::cli {

namespace {
constexpr int kQuietZone = 2;
} // namespace

core::Result<std::string> qrText(std::string_view text) {
    auto code = core::encodeQr(text);
    if (!code)
        return core::makeError(core::UtilErrc::QrTooLong, "the link is too long for a QR code");
    const int total = code->size + 2 * kQuietZone;
    // Whether the module at (x, y) of the padded square is dark.
    const auto dark = [&](int x, int y) { return code->dark(x - kQuietZone, y - kQuietZone); };
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
