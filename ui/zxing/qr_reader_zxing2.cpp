#include "ui/zxing/qr_reader.h"

#include <ZXing/ReadBarcode.h>

namespace ferry::ui {

std::optional<std::string> readQrCode(const std::uint8_t* gray, int width, int height, int stride) {
    const ZXing::ImageView view(gray, width, height, ZXing::ImageFormat::Lum, stride);
    ZXing::ReaderOptions options;
    options.setFormats(ZXing::BarcodeFormat::QRCode);
    options.setTryHarder(true);
    options.setTryRotate(true);
    const auto barcode = ZXing::ReadBarcode(view, options); // Result in 2.2, Barcode since 2.3
    if (!barcode.isValid())
        return std::nullopt;
    return barcode.text();
}

} // namespace ferry::ui
