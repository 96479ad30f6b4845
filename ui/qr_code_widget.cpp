#include "ui/qr_code_widget.h"

#include "ui/qr_image.h"

#include <QPaintEvent>
#include <QPainter>
#include <cmath>

namespace ferry::ui {

namespace {

constexpr int kPreferredSide = 320;

} // namespace

QrCodeWidget::QrCodeWidget(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setAccessibleName(tr("QR code"));
    setAccessibleDescription(tr("No code yet"));
}

void QrCodeWidget::setText(const QString& text) {
    if (text == m_text)
        return;
    m_text = text;
    m_code.reset();
    if (!text.isEmpty()) {
        auto code = core::encodeQr(text.toStdString());
        if (code)
            m_code = std::move(code).value();
    }
    if (m_code)
        setAccessibleDescription(tr("A QR code of the link shown with it; scan it with Ferry "
                                    "on another device"));
    else if (text.isEmpty())
        setAccessibleDescription(tr("No code yet"));
    else
        setAccessibleDescription(tr("This text is too long for a QR code"));
    update();
}

QImage QrCodeWidget::toImage(int minimumSide) const {
    if (!m_code)
        return {};
    const int modules = m_code->size + 2 * kQrQuietZone;
    const int pixelsPerModule = std::max(1, (minimumSide + modules - 1) / modules);
    return renderQrImage(*m_code, pixelsPerModule);
}

QSize QrCodeWidget::sizeHint() const {
    return {kPreferredSide, kPreferredSide};
}

QSize QrCodeWidget::minimumSizeHint() const {
    return {kMinimumSide, kMinimumSide};
}

void QrCodeWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int side = std::min(width(), height());
    if (!m_code) {
        if (!m_text.isEmpty()) {
            painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                             tr("This link is too long for a QR code. Copy the link instead."));
        }
        return;
    }
    // Whole device pixels per module: no module is a pixel wider than its neighbour, and
    // no edge is blurred, at any scale factor.
    const int modules = m_code->size + 2 * kQrQuietZone;
    const qreal ratio = devicePixelRatioF();
    const int devicePixelsPerModule =
        std::max(1, static_cast<int>(std::floor(side * ratio / modules)));
    const qreal drawn = devicePixelsPerModule * modules / ratio;
    // Snap the origin to a device pixel too.
    const qreal left = std::round((width() - drawn) / 2 * ratio) / ratio;
    const qreal top = std::round((height() - drawn) / 2 * ratio) / ratio;
    paintQr(painter, QRectF(left, top, drawn, drawn), *m_code, Qt::black, Qt::white);
}

} // namespace ferry::ui
