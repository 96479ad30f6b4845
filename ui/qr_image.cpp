#include "ui/qr_image.h"

#include "ui/zxing/qr_reader.h"

#include <QPainter>
#include <QPainterPath>

namespace ferry::ui {

QImage renderQrImage(const core::QrMatrix& code, int pixelsPerModule, const QColor& dark,
                     const QColor& light) {
    const int modules = code.size + 2 * kQrQuietZone;
    const int side = modules * pixelsPerModule;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(light);
    const QRgb darkPixel = dark.rgb();
    for (int y = 0; y < code.size; ++y) {
        for (int x = 0; x < code.size; ++x) {
            if (!code.dark(x, y))
                continue;
            const int left = (x + kQrQuietZone) * pixelsPerModule;
            const int top = (y + kQrQuietZone) * pixelsPerModule;
            for (int py = top; py < top + pixelsPerModule; ++py) {
                auto* line = reinterpret_cast<QRgb*>(image.scanLine(py));
                std::fill(line + left, line + left + pixelsPerModule, darkPixel);
            }
        }
    }
    return image;
}

void paintQr(QPainter& painter, const QRectF& target, const core::QrMatrix& code,
             const QColor& dark, const QColor& light) {
    const int modules = code.size + 2 * kQrQuietZone;
    const double module = std::min(target.width(), target.height()) / modules;
    const QPointF origin(target.center().x() - module * modules / 2,
                         target.center().y() - module * modules / 2);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false); // hard module edges
    painter.fillRect(QRectF(origin, QSizeF(module * modules, module * modules)), light);
    QPainterPath path;
    for (int y = 0; y < code.size; ++y)
        for (int x = 0; x < code.size; ++x)
            if (code.dark(x, y))
                path.addRect(origin.x() + (x + kQrQuietZone) * module,
                             origin.y() + (y + kQrQuietZone) * module, module, module);
    path.setFillRule(Qt::WindingFill); // touching modules merge without hairline seams
    painter.fillPath(path, dark);
    painter.restore();
}

std::optional<QString> decodeQrImage(const QImage& image) {
    if (image.isNull())
        return std::nullopt;
    // ZXing reads 8-bit luminance; Qt converts any format to it.
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const auto text = readQrCode(gray.constBits(), gray.width(), gray.height(),
                                 static_cast<int>(gray.bytesPerLine()));
    if (!text)
        return std::nullopt;
    return QString::fromStdString(*text);
}

} // namespace ferry::ui
